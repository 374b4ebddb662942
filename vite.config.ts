import { vitePlugin as remix } from "@remix-run/dev";
import tailwindcss from "@tailwindcss/vite";
import { readFileSync } from "node:fs";
import { defineConfig, type Plugin } from "vite";
import tsconfigPaths from "vite-tsconfig-paths";
import remixOptions from "./remix.config.js";

declare module "@remix-run/node" {
  interface Future {
    v3_singleFetch: true;
  }
}

/**
 * The embedded database's worker thread (app/db/pglite-worker.mjs) is started by file name, which
 * Vite does not follow in a server build: the worker and the module it imports
 * (app/db/pglite-one-trip.mjs) are copied next to the server bundle as they are.
 */
function pgliteWorkerFile(): Plugin {
  return {
    name: "golive:pglite-worker",
    applyToEnvironment: (environment) => environment.config.consumer === "server",
    generateBundle() {
      for (const fileName of ["pglite-worker.mjs", "pglite-one-trip.mjs"]) {
        this.emitFile({ type: "asset", fileName, source: readFileSync(`app/db/${fileName}`, "utf8") });
      }
    },
  };
}

export default defineConfig({
  plugins: [tailwindcss(), remix(remixOptions), tsconfigPaths(), pgliteWorkerFile()],
  build: {
    target: "es2022",
    // Shared chunks of a few hundred bytes (a button, a heading) each cost a request and its headers
    // on a phone: under 2 KB they are merged into the chunks that use them.
    rollupOptions: { output: { experimentalMinChunkSize: 2048 } },
  },
  // Development: the browser's dependencies are found by scanning the routes at start, not one by
  // one on the first page (each find reloaded the page). Route modules import server code that Remix
  // removes from the browser's bundle; the scan still meets it, and this package has no browser entry.
  optimizeDeps: { entries: ["app/entry.client.tsx", "app/root.tsx", "app/routes/*.tsx"], exclude: ["@node-rs/argon2"] },
  server: { port: 3000 },
});
