import { spawn, type ChildProcess } from "node:child_process";
import { closeSync, mkdirSync, openSync, readFileSync, rmSync } from "node:fs";
import { E2E } from "./e2e-env";
import { DEMO, expect, test } from "./fixtures";

/**
 * The everyday loop: `npm run dev` (Vite's middleware, the app loaded from source, a fresh embedded
 * database with the demo seed) answers the sign-in page within 30 s, and the demo owner signs in
 * and sees the dashboard, with JavaScript on (Vite's client, hot reload and hydration under the
 * enforced CSP). Runs in one project: it starts its own server, not the platform's.
 */
const port = E2E.platformPort + 9;
const url = `http://127.0.0.1:${port}`;
const dataDir = `.tmp/e2e-dev-${port}`;
const logFile = `.tmp/e2e-dev-${port}.log`;

let dev: ChildProcess | undefined;

test.skip(({ javaScriptEnabled }) => !javaScriptEnabled, "one dev server is enough: the project with JavaScript on");

test.beforeAll(async () => {
  rmSync(dataDir, { recursive: true, force: true });
  mkdirSync(".tmp", { recursive: true });
  const log = openSync(logFile, "w");
  // Its own process group, so stopping it reaches node behind npm.
  const child = spawn("npm", ["run", "dev"], {
    env: { PATH: process.env.PATH, HOME: process.env.HOME, NODE_ENV: "development", PORT: String(port), HOST: "127.0.0.1", APP_URL: url, DATA_DIR: dataDir },
    stdio: ["ignore", log, log],
    detached: true,
  });
  dev = child;
  closeSync(log);
  const started = Date.now();
  for (;;) {
    if (child.exitCode !== null) throw new Error(`npm run dev exited with ${child.exitCode}:\n${readFileSync(logFile, "utf8")}`);
    const status = await fetch(`${url}/login`).then(
      (response) => response.status,
      () => 0,
    );
    if (status === 200) break;
    if (Date.now() - started > 30_000) throw new Error(`npm run dev did not answer /login within 30 s:\n${readFileSync(logFile, "utf8")}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
});

test.afterAll(async () => {
  if (!dev || dev.exitCode !== null) return;
  const exited = new Promise((resolve) => dev!.once("exit", resolve));
  // SIGTERM lets the server close the embedded database before it exits.
  process.kill(-dev.pid!, "SIGTERM");
  await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 15_000))]);
  if (dev.exitCode === null) process.kill(-dev.pid!, "SIGKILL");
});

test("npm run dev serves the app from source and the demo owner signs in", async ({ page }) => {
  const signIn = await page.request.post(`${url}/login`, { form: { email: DEMO.owner, password: E2E.demoPassword }, maxRedirects: 0 });
  expect(signIn.status()).toBe(302);
  expect(signIn.headers()["location"]).toBe("/dashboard");

  const errors: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error") errors.push(message.text());
  });
  await page.goto(`${url}/dashboard`);
  await expect(page.getByTestId("tenant-name")).toHaveText("Acme Bakery");
  // The page hydrated: React took over the links (a client-side navigation, no document request).
  await page.getByRole("link", { name: "Team" }).first().click();
  await expect(page).toHaveURL(`${url}/dashboard/team`);
  expect(errors, "browser console errors (a CSP refusal shows here)").toEqual([]);
  expect(readFileSync(logFile, "utf8")).toContain("Go-Live is running at");
});
