import { defineConfig } from "vite";

/**
 * `npm run build`, after the Remix build: bundles the HTTP server (server/index.ts) into
 * build/http/index.js, so production runs it with plain node (server.js). Packages stay in
 * node_modules; only the server's own files and the few app modules it imports are bundled.
 */
export default defineConfig({
  publicDir: false,
  logLevel: "warn",
  build: {
    ssr: "server/index.ts",
    outDir: "build/http",
    emptyOutDir: true,
    target: "node20",
    sourcemap: true,
    rollupOptions: { output: { entryFileNames: "index.js" } },
  },
});
