import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";

/**
 * The security suites that go through the real HTTP server start `node server.js`, which runs the
 * production build. Build it first when it is missing or older than any source file (under the
 * shared build lock, so parallel runs on this machine do not build over each other).
 */
const ROOT = path.resolve(import.meta.dirname, "../..");
// The HTTP server's bundle is the last thing `npm run build` writes.
const BUILD_ENTRY = path.join(ROOT, "build/http/index.js");
const SOURCES = ["app", "server", "public", "vite.config.ts", "remix.config.js", "package.json", "prisma/schema.prisma"];

function newestSource(entry: string): number {
  const full = path.join(ROOT, entry);
  // app/generated is rewritten by every `prisma generate`; it follows prisma/schema.prisma, checked below.
  if (!existsSync(full) || entry === path.join("app", "generated")) return 0;
  const stat = statSync(full);
  if (!stat.isDirectory()) return /\.test\.tsx?$/.test(entry) ? 0 : stat.mtimeMs;
  let newest = 0;
  for (const child of readdirSync(full)) newest = Math.max(newest, newestSource(path.join(entry, child)));
  return newest;
}

export function buildIsStale() {
  if (!existsSync(BUILD_ENTRY)) return true;
  const built = statSync(BUILD_ENTRY).mtimeMs;
  return SOURCES.some((entry) => newestSource(entry) > built);
}

export default function setup() {
  if (!buildIsStale()) return;
  const started = Date.now();
  execFileSync("flock", ["/tmp/golive-build.lock", "npm", "run", "-s", "build"], { cwd: ROOT, stdio: ["ignore", "ignore", "inherit"] });
  process.stdout.write(`security suites: built the app in ${Math.round((Date.now() - started) / 1000)} s\n`);
}
