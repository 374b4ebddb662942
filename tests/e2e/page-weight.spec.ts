import { rmSync } from "node:fs";
import type { CDPSession, Page } from "@playwright/test";
import { SETUP_CATALOGUE } from "../../app/workspace/setup-catalogue";
import { WIZARD_STEPS } from "../../app/deploy/wizard/steps";
import { E2E } from "./e2e-env";
import { DEMO, expect, test } from "./fixtures";
import { createTenantDatabase } from "./live-instance";
import { startAppProcess, type AppProcess } from "../helpers/app-process";

/**
 * Page weight of every wizard step (A–H) as a phone on a poor connection pays for it: the bytes
 * that actually cross the network (compressed bodies plus headers, from Chromium's own accounting)
 * for a cold load of the page and everything it pulls in. With JavaScript off: at most 35 KB (HTML
 * and CSS, plus the site icon); with it on: at most 160 KB. No web fonts, no images.
 *
 * The steps run on a private instance of this build (embedded database, its own port), set up over
 * the API so that every step is reachable, so the shared demo workspaces the other specs walk
 * through stay untouched.
 */
const BUDGET_BYTES = { "js-off": 35_000, "js-on": 160_000 } as const;
const port = E2E.platformPort + 7;
const baseURL = `http://127.0.0.1:${port}`;
const dataDir = `.tmp/page-weight-${port}`;

test.use({ baseURL });
test.describe.configure({ mode: "serial" });

let server: AppProcess | undefined;
let database: Awaited<ReturnType<typeof createTenantDatabase>> | undefined;

test.beforeAll(async ({ playwright }) => {
  test.setTimeout(120_000);
  rmSync(dataDir, { recursive: true, force: true });
  server = await startAppProcess({ port, env: { DATA_DIR: dataDir, ALLOW_LOCAL_TARGETS: "true" }, logFile: `.tmp/page-weight-${port}.log` });

  // Provider, URL, database, secrets, setup checklist and a passing pre-flight: every step opens.
  database = await createTenantDatabase();
  const api = await playwright.request.newContext({ baseURL });
  expect((await api.post("/login", { form: { email: DEMO.owner, password: E2E.demoPassword }, maxRedirects: 0 })).status()).toBe(302);
  for (const item of SETUP_CATALOGUE.filter((entry) => entry.required)) {
    expect((await api.post("/dashboard/setup", { form: { intent: "done", key: item.key }, maxRedirects: 0 })).status()).toBe(302);
  }
  const config = await api.put("/api/deploy/config", { data: { provider: "DOCKER", appUrl: `http://127.0.0.1:${port + 1}`, databaseUrl: database.url } });
  expect(config.status(), await config.text()).toBe(200);
  expect((await api.post("/api/env/generate", { data: {} })).status()).toBe(201);
  const preflight = await api.post("/api/deploy/preflight");
  expect((await preflight.json()).run.status, "pre-flight passes, so the verify step opens").toBe("passed");
  await api.dispose();
});

test.afterAll(async () => {
  await server?.stop();
  await database?.drop();
});

type Transfer = { url: string; type: string; status: number; bytes: number };

/** Loads `path` with an empty cache and returns every network transfer it caused, in bytes on the wire. */
async function measure(page: Page, cdp: CDPSession, path: string) {
  const seen = new Map<string, Transfer>();
  const onResponse = (event: { requestId: string; type?: string; response: { url: string; status: number } }) => {
    seen.set(event.requestId, { url: event.response.url, type: event.type ?? "Other", status: event.response.status, bytes: 0 });
  };
  const onFinished = (event: { requestId: string; encodedDataLength: number }) => {
    const entry = seen.get(event.requestId);
    if (entry) entry.bytes = event.encodedDataLength;
  };
  cdp.on("Network.responseReceived", onResponse);
  cdp.on("Network.loadingFinished", onFinished);
  const response = await page.goto(path, { waitUntil: "networkidle" });
  cdp.off("Network.responseReceived", onResponse);
  cdp.off("Network.loadingFinished", onFinished);
  return { status: response?.status() ?? 0, finalPath: new URL(page.url()).pathname, transfers: [...seen.values()] };
}

test("every wizard step stays within its page-weight budget, with no fonts or images", async ({ page }, testInfo) => {
  const project = testInfo.project.name as keyof typeof BUDGET_BYTES;
  const budget = BUDGET_BYTES[project];
  expect(budget, `a budget for project ${project}`).toBeDefined();
  expect((await page.request.post("/login", { form: { email: DEMO.owner, password: E2E.demoPassword }, maxRedirects: 0 })).status()).toBe(302);

  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Network.enable");
  await cdp.send("Network.setCacheDisabled", { cacheDisabled: true });

  const rows: { step: string; path: string; bytes: number; requests: number; detail: string }[] = [];
  const problems: string[] = [];
  for (const step of WIZARD_STEPS) {
    const { status, finalPath, transfers } = await measure(page, cdp, step.path);
    expect(status, `${step.path} answers 200`).toBe(200);
    expect(finalPath, `${step.path} is shown, not redirected`).toBe(step.path);
    const bytes = transfers.reduce((sum, t) => sum + t.bytes, 0);
    const byType = new Map<string, number>();
    for (const t of transfers) byType.set(t.type, (byType.get(t.type) ?? 0) + t.bytes);
    rows.push({
      step: `${step.letter} ${step.title}`,
      path: step.path,
      bytes,
      requests: transfers.length,
      detail: [...byType].map(([type, b]) => `${type} ${b}`).join(", "),
    });
    for (const t of transfers.filter((t) => t.type === "Font" || t.type === "Image")) problems.push(`${step.path} loads a ${t.type.toLowerCase()}: ${t.url}`);
    if (project === "js-off") {
      const allowed = (t: Transfer) => ["Document", "Stylesheet"].includes(t.type) || new URL(t.url).pathname === "/favicon.ico";
      for (const t of transfers.filter((t) => !allowed(t))) problems.push(`${step.path} with JavaScript off still loads ${t.type} ${t.url}`);
    }
    if (bytes > budget) problems.push(`${step.path}: ${bytes} bytes > ${budget}`);
  }

  const table = [
    `Page weight (${project}, budget ${budget} bytes per step, bytes on the wire incl. headers):`,
    ...rows.map((r) => `  ${r.step.padEnd(18)} ${String(r.bytes).padStart(7)} B  ${String(r.requests).padStart(2)} requests  (${r.detail})`),
  ].join("\n");
  console.log(table);
  await testInfo.attach(`page-weight-${project}.txt`, { body: table, contentType: "text/plain" });
  expect(rows.map((r) => r.path)).toEqual(WIZARD_STEPS.map((s) => s.path));
  expect(problems, table).toEqual([]);
});
