// Starts the built app once (`node server.js`) on a fresh data directory and a free port, checks
// that it becomes ready and serves the sign-in page and the public files, then stops it with
// SIGTERM and expects a clean exit. CI runs it on the machine's own Node after `npm test` has built
// the app on the tested one, so `npm install && npm start` is known to work there too.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";

const port = await new Promise((resolve, reject) => {
  const probe = net.createServer().once("error", reject);
  probe.listen(0, "127.0.0.1", () => {
    const { port: free } = probe.address();
    probe.close(() => resolve(free));
  });
});
const dataDir = mkdtempSync(path.join(os.tmpdir(), "golive-smoke-"));
const url = `http://127.0.0.1:${port}`;
const child = spawn(process.execPath, ["server.js"], {
  env: { PATH: process.env.PATH, NODE_ENV: "production", HOST: "127.0.0.1", PORT: String(port), APP_URL: url, DATA_DIR: dataDir, LOG_LEVEL: "warn" },
  stdio: ["ignore", "inherit", "inherit"],
});
const exited = new Promise((resolve) => child.once("exit", (code, signal) => resolve({ code, signal })));
const fail = async (message) => {
  console.error(`smoke test: ${message}`);
  child.kill("SIGKILL");
  await exited;
  rmSync(dataDir, { recursive: true, force: true });
  process.exit(1);
};

const started = Date.now();
for (;;) {
  if (child.exitCode !== null) await fail(`node server.js exited with ${child.exitCode} before it was ready`);
  const ready = await fetch(`${url}/ready`).then((response) => response.status === 200, () => false);
  if (ready) break;
  if (Date.now() - started > 90_000) await fail("/ready did not answer 200 within 90 s");
  await new Promise((resolve) => setTimeout(resolve, 250));
}
const readyAfter = Date.now() - started;
for (const [pathname, expected] of [["/login", /Sign in/i], ["/favicon.ico", null], ["/robots.txt", /Disallow: \/dashboard/]]) {
  const response = await fetch(`${url}${pathname}`, { redirect: "manual" });
  const body = await response.text();
  if (response.status !== 200) await fail(`GET ${pathname} answered ${response.status}`);
  if (expected && !expected.test(body)) await fail(`GET ${pathname} did not contain ${expected}`);
}
child.kill("SIGTERM");
const timer = setTimeout(() => fail("the server did not exit within 15 s of SIGTERM"), 15_000);
const { code, signal } = await exited;
clearTimeout(timer);
rmSync(dataDir, { recursive: true, force: true });
if (code !== 0) await fail(`the server exited with ${code ?? signal} after SIGTERM`);
console.log(`smoke test passed on Node ${process.version}: ready in ${readyAfter} ms; /login, /favicon.ico and /robots.txt answered 200; clean exit on SIGTERM`);
