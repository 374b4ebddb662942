/**
 * Starts the built app once (`node server.js`) on a fresh data directory and a free port, checks
 * that it becomes ready and serves the sign-in page and the public files, then stops it with
 * SIGTERM and expects a clean exit. CI runs it on the machine's own Node after `npm test` has built
 * the app on the tested one, so `npm install && npm start` is known to work there too.
 */
import { mkdtempSync, rmSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { startAppProcess } from "../tests/helpers/app-process";

const port = await new Promise<number>((resolve, reject) => {
  const probe = net.createServer().once("error", reject);
  probe.listen(0, "127.0.0.1", () => {
    const { port: free } = probe.address() as net.AddressInfo;
    probe.close(() => resolve(free));
  });
});
const dataDir = mkdtempSync(path.join(os.tmpdir(), "golive-smoke-"));
const started = performance.now();
const app = await startAppProcess({ port, env: { DATA_DIR: dataDir }, logFile: path.join(dataDir, "server.log"), timeoutMs: 90_000 });
const readyAfter = Math.round(performance.now() - started);

const problems: string[] = [];
for (const [pathname, expected] of [
  ["/login", /Sign in/i],
  ["/favicon.ico", null],
  ["/robots.txt", /Disallow: \/dashboard/],
] as const) {
  const response = await fetch(`${app.url}${pathname}`, { redirect: "manual" });
  const body = await response.text();
  if (response.status !== 200) problems.push(`GET ${pathname} answered ${response.status}`);
  else if (expected && !expected.test(body)) problems.push(`GET ${pathname} does not contain ${expected}`);
}
await app.stop();
if (app.child.exitCode !== 0) problems.push(`the server exited with ${app.child.exitCode ?? app.child.signalCode} after SIGTERM`);
if (problems.length) {
  console.error(`Start-up smoke test failed on Node ${process.version} (log: ${dataDir}/server.log):\n  ${problems.join("\n  ")}`);
  process.exit(1);
}
rmSync(dataDir, { recursive: true, force: true });
console.log(
  `Start-up smoke test passed on Node ${process.version}: ready in ${readyAfter} ms; /login, /favicon.ico and /robots.txt answered 200; clean exit on SIGTERM.`,
);
