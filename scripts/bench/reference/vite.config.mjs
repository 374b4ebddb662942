// The reference for npm run bench (scripts/bench/reference/README.md). Built by the bench with
// `remix vite:build . --config scripts/bench/reference/vite.config.mjs`, from the project root so that
// the project's own package.json, node_modules and Remix options apply.
import { readFileSync } from "node:fs";
import path from "node:path";
import process from "node:process";
import { vitePlugin as remix } from "@remix-run/dev";
import { defineConfig } from "vite";
import remixOptions from "../../../remix.config.js";

export default defineConfig({
  // Built as the app's server bundle is (vite.config.ts): Remix's own plugin and options, nothing patched.
  plugins: [remix({ ...remixOptions, appDirectory: "scripts/bench/reference/app", buildDirectory: process.env.REFERENCE_BUILD_DIR })],
  // The pages' bodies (JSON: dashboard, wizard): the app's own markup as it served them in this run.
  define: { __REFERENCE_PAGES__: readFileSync(process.env.REFERENCE_PAGES_FILE, "utf8") },
  // The reads import the app's own statements (app/**/…-statements.server.ts), so both send the same SQL.
  resolve: { alias: { "~": path.resolve("app") } },
  logLevel: "warn",
});
