// The framework floor for npm run bench (scripts/bench/floor/README.md). Built by the bench with
// `remix vite:build . --config scripts/bench/floor/vite.config.mjs`, from the project root so that
// the project's own package.json, node_modules and Remix options apply.
import { readFileSync } from "node:fs";
import process from "node:process";
import { vitePlugin as remix } from "@remix-run/dev";
import { defineConfig } from "vite";
import remixOptions from "../../../remix.config.js";

export default defineConfig({
  // Built as the app's server bundle is (vite.config.ts): Remix's own plugin and options, nothing patched.
  plugins: [remix({ ...remixOptions, appDirectory: "scripts/bench/floor/app", buildDirectory: process.env.FLOOR_BUILD_DIR })],
  // The page's body: the wizard step's own markup as the app served it in this run.
  define: { __FLOOR_BODY__: JSON.stringify(readFileSync(process.env.FLOOR_BODY_FILE, "utf8")) },
  logLevel: "warn",
});
