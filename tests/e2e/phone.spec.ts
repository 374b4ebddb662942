import { mkdirSync, rmSync } from "node:fs";
import path from "node:path";
import type { Page } from "@playwright/test";
import { SETUP_CATALOGUE } from "../../app/workspace/setup-catalogue";
import { WIZARD_STEPS } from "../../app/deploy/wizard/steps";
import { startAppProcess, type AppProcess } from "../helpers/app-process";
import { closedPort } from "../helpers/loopback-server";
import { E2E } from "./e2e-env";
import { DEMO, expect, test } from "./fixtures";
import { createTenantDatabase } from "./live-instance";
import { expectAccessible, expectGoodOnPhone, PHONE } from "./phone-checks";

/**
 * The dashboard and every wizard step on a 360×740 phone, JavaScript off and on: axe-core finds no
 * serious or critical problem, every control is a 44×44 px target, no text is under 14 px, the
 * navigation stays on one row, and each step's own content and button start on the first screen.
 * A private instance of this build, set up over the API so that every step opens.
 */
const port = E2E.platformPort + 11;
const baseURL = `http://127.0.0.1:${port}`;
const dataDir = `.tmp/phone-${port}`;
const SOURCE = "ghcr.io/example/go-live:1.4";
const shots = path.resolve(process.env.SHOTS_DIR ?? ".tmp/shots");

test.use({ baseURL, viewport: PHONE });
test.describe.configure({ mode: "serial" });

let server: AppProcess | undefined;
let database: Awaited<ReturnType<typeof createTenantDatabase>> | undefined;

test.beforeAll(async ({ playwright }) => {
  test.setTimeout(120_000);
  rmSync(dataDir, { recursive: true, force: true });
  server = await startAppProcess({ port, env: { DATA_DIR: dataDir, ALLOW_LOCAL_TARGETS: "true", GOLIVE_SOURCE: SOURCE }, logFile: `.tmp/phone-${port}.log` });
  database = await createTenantDatabase();
  const api = await playwright.request.newContext({ baseURL });
  expect((await api.post("/login", { form: { email: DEMO.owner, password: E2E.demoPassword }, maxRedirects: 0 })).status()).toBe(302);
  for (const item of SETUP_CATALOGUE.filter((entry) => entry.required)) {
    expect((await api.post("/dashboard/setup", { form: { intent: "done", key: item.key }, maxRedirects: 0 })).status()).toBe(302);
  }
  const config = await api.put("/api/deploy/config", { data: { provider: "DOCKER", appUrl: `http://127.0.0.1:${port + 1}`, databaseUrl: database.url } });
  expect(config.status(), await config.text()).toBe(200);
  expect((await api.post("/api/env/generate", { data: {} })).status()).toBe(201);
  expect((await (await api.post("/api/deploy/preflight")).json()).run.status).toBe("passed");
  await api.dispose();
});

test.afterAll(async () => {
  await server?.stop();
  await database?.drop();
});

async function signInHere(page: Page, email: string) {
  expect((await page.request.post("/login", { form: { email, password: E2E.demoPassword }, maxRedirects: 0 })).status()).toBe(302);
}

async function shot(page: Page, name: string, project: string) {
  mkdirSync(shots, { recursive: true });
  await page.screenshot({ path: path.join(shots, `phone-${project}-${name}.png`) });
}

const top = async (page: Page, selector: string) => (await page.locator(selector).first().boundingBox())?.y ?? Number.POSITIVE_INFINITY;

test("every dashboard page and wizard step works on a 360×740 phone", async ({ page }, testInfo) => {
  test.setTimeout(180_000);
  await signInHere(page, DEMO.owner);
  const nav = page.getByRole("navigation", { name: "Dashboard" });
  await page.goto("/dashboard");
  await expect(page.getByTestId("deploy-status")).toContainText("Set up, not live yet");
  await expect(page.getByRole("link", { name: "Continue the deploy" })).toHaveAttribute("href", /\/dashboard\/deploy\//);
  for (const url of [
    "/dashboard",
    "/dashboard/setup",
    "/dashboard/team",
    "/dashboard/modules",
    "/dashboard/audit",
    "/dashboard/tokens",
    "/dashboard/account",
  ]) {
    await page.goto(url);
    // Targets and text sizes are held on the home page and the wizard; axe on every page.
    if (url === "/dashboard") await expectGoodOnPhone(page, url);
    else await expectAccessible(page, url);
    const row = await nav.locator("> ul").boundingBox();
    expect(row!.height, `the navigation is one row on ${url}`).toBeLessThanOrEqual(48);
  }

  // The folded navigation, the account menu: a <details> each, so they open without JavaScript.
  await page.goto("/dashboard");
  await page.waitForLoadState("networkidle");
  await nav.locator("summary", { hasText: "More" }).click();
  await expect(nav.getByRole("link", { name: "Audit log" })).toBeVisible();
  await expectGoodOnPhone(page, "the More menu open", { menuOpen: true });
  await nav.getByRole("link", { name: "Audit log" }).click();
  await expect(page).toHaveURL(/\/dashboard\/audit$/);
  await expect(nav.getByRole("link", { name: "Audit log" }), "the menu closes on the next page").toBeHidden();
  await page.locator("summary", { hasText: "Account menu" }).click();
  await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
  await expectGoodOnPhone(page, "the account menu open", { menuOpen: true });

  for (const step of WIZARD_STEPS) {
    await page.goto(step.path);
    expect(new URL(page.url()).pathname).toBe(step.path);
    await expect(page.getByTestId("wizard-position")).toHaveText(`Step ${step.letter} of ${WIZARD_STEPS.length} · ${step.title}`);
    await expect(page).toHaveTitle(`${step.title} · Step ${step.letter} of ${WIZARD_STEPS.length} · Go-Live`);
    await shot(page, `step-${step.letter}`, testInfo.project.name);
    await expectGoodOnPhone(page, step.path);
    // The step's heading and its main button start on the first screen (step A's button follows its list of hosts).
    expect(await top(page, "main h1"), `${step.path} heading`).toBeLessThan(PHONE.height);
    if (step.id !== "provider")
      expect(await top(page, "main section button[type=submit], main section a.btn"), `${step.path} button`).toBeLessThan(PHONE.height);
  }
  await page.goto(WIZARD_STEPS[2]!.path);
  await page.locator("summary", { hasText: "All steps" }).click();
  await expect(page.getByRole("link", { name: /Step A.*Provider/ })).toBeVisible();
  await expectGoodOnPhone(page, "the All steps menu open", { menuOpen: true });
});

test("a refused form shows its error summary on the first screen, focused and linked to the field", async ({ page }, testInfo) => {
  await signInHere(page, DEMO.owner);
  await page.goto("/dashboard/deploy/url");
  const field = page.getByLabel("Live URL");
  await expect(field).toHaveAttribute("aria-describedby", /\S/);
  const hintId = (await field.getAttribute("aria-describedby"))!.split(" ").pop()!;
  await expect(page.locator(`[id="${hintId}"]`)).toContainText("https://");
  await field.fill("https://user:pw@example.com/app?x=1");
  await page.getByRole("button", { name: "Save and continue" }).click();
  const summary = page.getByTestId("error-summary");
  await expect(summary).toBeVisible();
  // Without JavaScript the summary takes focus (autofocus); with it, the summary or Conform's focus on the field itself.
  if (testInfo.project.name === "js-off") await expect(summary).toBeFocused();
  else await expect.poll(() => page.evaluate(() => document.activeElement?.id ?? "")).toMatch(/^(error-summary|.*appUrl)$/);
  await expect(summary).toBeInViewport();
  const box = await summary.boundingBox();
  expect(box!.y + box!.height, "the whole summary is on the screen").toBeLessThanOrEqual(PHONE.height);
  const link = summary.getByRole("link");
  await expect(link).toContainText(/credentials|path|query/);
  expect(await link.getAttribute("href")).toBe(`#${await field.getAttribute("id")}`);
  await expectGoodOnPhone(page, "the URL step with an error");
  await shot(page, "error-in-view", testInfo.project.name);
  await link.click();
  await expect(field).toBeFocused();
});

test("after choosing a host, a numbered checklist says how to create the app there", async ({ page }, testInfo) => {
  await signInHere(page, DEMO.owner);
  for (const url of ["/dashboard/deploy/url", "/dashboard/deploy/provider"]) {
    await page.goto(url);
    const setup = page.getByTestId("host-setup");
    await setup.locator("> summary").click();
    await expect(setup.locator("> summary")).toHaveText("Set up your app on Docker");
    await expect(setup.getByTestId("needs-computer")).toContainText("Needs a computer");
    await expect(setup.getByTestId("golive-source")).toHaveText(SOURCE);
    await expect(setup.locator("ol > li").first()).toContainText(`Create the app from the published source:${SOURCE}`);
    await expect(setup.locator("ol > li")).toHaveCount(3);
    await expect(setup.getByText("Health-check path")).toBeVisible();
    await expect(setup).toContainText("/health");
    await expect(setup.getByRole("button", { name: /Copy/ })).toHaveCount(testInfo.project.name === "js-on" ? 3 : 0);
    await expectGoodOnPhone(page, `${url} with the host checklist open`);
  }
  await page.goto("/dashboard/deploy/url");
  await page.getByTestId("host-setup").locator("> summary").click();
  await page.getByTestId("host-setup").scrollIntoViewIfNeeded();
  await shot(page, "host-checklist", testInfo.project.name);
});

test("lost secrets are a calm path while nothing is live", async ({ page }) => {
  await signInHere(page, DEMO.owner);
  await page.goto("/dashboard/deploy/secrets");
  await expect(page.getByTestId("secrets-on-record")).toContainText(/since \d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC/);
  await expect(page.getByTestId("lost-secrets")).toHaveText("Lost them? Generate new ones — safe while nothing is live.");
  const button = page.getByRole("button", { name: "Generate new secrets" });
  await expect(button).toHaveClass(/btn-secondary/);
  await expect(page.locator(".btn-danger")).toHaveCount(0);
});

test("a host's address one slip away is refused with the address that was meant", async ({ page }) => {
  await signInHere(page, DEMO.owner);
  await page.goto("/dashboard/deploy/url");
  await page.getByLabel("Live URL").fill("https://my-shop.onrender.co");
  await page.getByRole("button", { name: "Save and continue" }).click();
  await expect(page.getByTestId("error-summary")).toContainText("Did you mean https://my-shop.onrender.com?");
  await expect(page).toHaveURL(/\/deploy\/url$/);
});

test("with JavaScript on, the button stays disabled until the next page has arrived", async ({ page }, testInfo) => {
  test.skip(testInfo.project.name !== "js-on", "without JavaScript the browser itself shows the page loading");
  await signInHere(page, DEMO.owner);
  await page.goto("/dashboard/deploy/url");
  // The next page is slow to arrive, as on a poor connection.
  await page.route(
    (url) => url.pathname.startsWith("/dashboard/deploy/database"),
    async (route) => {
      await new Promise((resolve) => setTimeout(resolve, 2_500));
      await route.continue();
    },
  );
  await page.getByLabel("Live URL").fill(`http://127.0.0.1:${port + 1}`);
  const button = page.locator("main form button[type=submit]");
  const posted = page.waitForResponse((response) => response.request().method() === "POST");
  await button.click();
  await posted;
  await page.waitForTimeout(800);
  await expect(button).toBeDisabled();
  await expect(button).toHaveText("Saving…");
  await expect(page).toHaveURL(/\/deploy\/database$/, { timeout: 15_000 });
});

test("a member or viewer refused a page gets a styled page with the header and a way back", async ({ page }, testInfo) => {
  for (const email of [DEMO.member, DEMO.viewer]) {
    await page.context().clearCookies();
    await signInHere(page, email);
    await page.goto("/dashboard");
    await expectGoodOnPhone(page, `${email} on the dashboard`);
    // Told what is waiting and who can do it, in words, on the page the badge links to.
    await expect(page.getByTestId("deploy-badge")).toHaveAttribute("href", "/dashboard#deploy-status");
    await expect(page.getByTestId("deploy-waiting")).toContainText(/^Waiting on .+ \(Owner\)/);
    await expect(page.getByTestId("deploy-badge")).toContainText("Waiting on");
    await expect(page.getByTestId("deploy-status")).not.toContainText(/configured|draft/);
    await expect(page.getByRole("link", { name: "Continue the deploy" })).toHaveCount(0);
    if (email === DEMO.member) await shot(page, "member-dashboard", testInfo.project.name);
    for (const [url, status] of [
      ["/dashboard/deploy", 403],
      ["/dashboard/deploy/secrets", 403],
      ["/dashboard/audit", 403],
      ["/dashboard/no-such-page", 404],
    ] as const) {
      const response = await page.goto(url);
      expect(response?.status(), `${email} ${url}`).toBe(status);
      await expect(page.getByTestId("error-page")).toHaveAttribute("data-status", String(status));
      await expect(page.getByTestId("tenant-name")).toBeVisible();
      await expect(page.getByRole("navigation", { name: "Dashboard" })).toBeVisible();
      await expect(page.getByRole("link", { name: "Back to the dashboard" })).toBeVisible();
      await expectGoodOnPhone(page, `${email} ${url}`);
    }
    if (email === DEMO.member) await shot(page, "member-404", testInfo.project.name);
  }
  await page.goto("/dashboard/deploy");
  await shot(page, "viewer-403", testInfo.project.name);
  await page.getByRole("link", { name: "Back to the dashboard" }).click();
  await expect(page).toHaveURL(/\/dashboard$/);
});

test("generated secrets are shown once after a redirect: refresh and Back are harmless, and a .env downloads without JavaScript", async ({
  page,
}, testInfo) => {
  await signInHere(page, DEMO.owner);
  await page.goto("/dashboard/deploy/secrets");
  await page.getByLabel("Replace the values on record").check();
  const view = page.waitForResponse(
    (response) => new URL(response.url()).pathname.startsWith("/dashboard/deploy/secrets/once") && response.request().method() === "GET",
  );
  await page.getByRole("button", { name: "Generate new secrets" }).click();
  // Post, redirect, get: the values are on a page of their own that no browser or proxy keeps.
  expect((await view).headers()["cache-control"]).toBe("no-store");
  await expect(page).toHaveURL(/\/dashboard\/deploy\/secrets\/once$/);
  await expect(page.getByTestId("save-now-warning")).toContainText("before you leave this page");
  const jwt = (await page.getByTestId("secret-JWT_SECRET").getByTestId("secret-value").textContent())!.trim();
  expect(Buffer.from(jwt, "base64")).toHaveLength(32);
  expect(page.url()).not.toContain(encodeURIComponent(jwt).slice(0, 12));
  await expectGoodOnPhone(page, "the one-time view of the secrets");
  await shot(page, "secrets-once", testInfo.project.name);

  // The .env file: a plain form post answered as an attachment, so it works without JavaScript.
  const download = page.waitForEvent("download");
  await page.getByRole("button", { name: "Download as a .env file" }).click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/\.env$/);
  const text = await (await file.createReadStream()).toArray().then((chunks) => Buffer.concat(chunks).toString("utf8"));
  expect(text).toContain(`JWT_SECRET=${jwt}`);
  await expect(page).toHaveURL(/\/dashboard\/deploy\/secrets\/once$/);

  // A refresh shows "already shown", not the values, and posts nothing again.
  await page.reload();
  await expect(page.getByTestId("secrets-already-shown")).toContainText("Already shown");
  expect(await page.content()).not.toContain(jwt);
  await expect(page.getByRole("link", { name: "Generate new ones — safe while nothing is live" })).toBeVisible();
  await expectGoodOnPhone(page, "the one-time view, already shown");
  await shot(page, "secrets-already-shown", testInfo.project.name);
  // Back is the step's own page, as it was: no resubmission, no red "already exist".
  await page.goBack();
  await expect(page).toHaveURL(/\/dashboard\/deploy\/secrets$/);
  await expect(page.getByTestId("secrets-on-record")).toBeVisible();
  await expect(page.getByTestId("error-summary")).toHaveCount(0);
  await expect(page.locator("body")).not.toContainText("already exist");
  expect(await page.content()).not.toContain(jwt);

  // After the window, the download has nothing to give.
  const late = await page.request.post("/dashboard/deploy/secrets/once", { form: { intent: "saved" }, maxRedirects: 0 });
  expect(late.status()).toBe(303);
  const gone = await page.request.post("/dashboard/deploy/secrets/download", { maxRedirects: 0 });
  expect(gone.status()).toBe(303);
  expect(gone.headers()["content-disposition"]).toBeUndefined();

  // The new secrets change the configuration: pre-flight again, for whatever runs after.
  expect((await (await page.request.post("/api/deploy/preflight")).json()).run.status).toBe("passed");
});

test("step C tests the database when it saves it: a refused one is saved with its fix in view, a private one is left to the host", async ({
  page,
}, testInfo) => {
  await signInHere(page, DEMO.owner);
  const save = async (url: string, privateOnly = false) => {
    await page.goto("/dashboard/deploy/database");
    await page.getByLabel(/DATABASE_URL/).fill(url);
    if (privateOnly) {
      const choice = page.getByTestId("database-private");
      if (!(await choice.evaluate((details) => (details as HTMLDetailsElement).open))) await choice.locator("> summary").click();
      await page.getByRole("button", { name: "Save: only my host reaches it" }).click();
    } else await page.getByRole("button", { name: "Save and test the connection" }).click();
    await expect(page).toHaveURL(/\/dashboard\/deploy\/database\?saved$/);
  };
  const check = page.getByTestId("database-check");

  const closed = await closedPort();
  await save(`postgresql://app:pw-123456@127.0.0.1:${closed}/app`);
  await expect(check).toHaveAttribute("data-status", "fail");
  await expect(check).toContainText("Saved, but the connection test failed");
  await expect(check).toContainText("Fix:");
  await expect(check).toBeInViewport();
  await expect(page.getByTestId("database-masked")).toContainText(`127.0.0.1:${closed}`);
  await expectGoodOnPhone(page, "step C after a refused connection");
  await shot(page, "step-c-refused", testInfo.project.name);

  await save(database!.url);
  await expect(check).toHaveAttribute("data-status", "pass");
  await expect(check).toContainText(/Connected and ran a query in \d+ ms/);
  await expect(page.getByRole("link", { name: "Continue to secrets" })).toBeInViewport();
  await shot(page, "step-c-connected", testInfo.project.name);

  // Only the host reaches it: saved untested, and pre-flight leaves it to verification (the app's /ready).
  await save("postgresql://app:pw-123456@postgres.railway.internal:5432/railway", true);
  await expect(check).toHaveAttribute("data-status", "private");
  await expect(check).toContainText("/ready");
  const run = (await (await page.request.post("/api/deploy/preflight")).json()) as { run: { checks: { id: string; status: string }[] } };
  expect(run.run.checks.find((item) => item.id === "database.reachable")?.status).toBe("pass");

  await save(database!.url);
  await expect(check).toHaveAttribute("data-status", "pass");
  expect((await (await page.request.post("/api/deploy/preflight")).json()).run.status).toBe("passed");
});

test("a failed setup-checklist check leads to the item, and the checklist leads back to pre-flight", async ({ page }, testInfo) => {
  await signInHere(page, DEMO.owner);
  const item = SETUP_CATALOGUE.find((entry) => entry.required && !entry.href.startsWith("/dashboard/setup#"))!;
  expect((await page.request.post("/dashboard/setup", { form: { intent: "undone", key: item.key }, maxRedirects: 0 })).status()).toBe(302);
  await page.goto("/dashboard/deploy/preflight");
  await page.getByRole("button", { name: /Run pre-flight/ }).click();
  const setupCheck = page.locator('[data-check="setup.complete"]');
  await expect(setupCheck).toHaveAttribute("data-status", "fail");
  // To the item on the checklist page, even for an item about another page.
  await expect(setupCheck.getByRole("link", { name: "Go there" })).toHaveAttribute("href", `/dashboard/setup#${item.key}`);
  await setupCheck.getByRole("link", { name: "Go there" }).click();
  await expect(page).toHaveURL(new RegExp(`/dashboard/setup#${item.key}$`));
  await expect(page.locator(`[id="${item.key}"]`)).toBeInViewport();
  const again = page.getByTestId("preflight-again").getByRole("link", { name: "Run pre-flight again" });
  await expect(again).toBeVisible();
  await page.getByRole("button", { name: `Mark done: ${item.title}` }).click();
  await expect(page.getByRole("button", { name: `Mark as not done: ${item.title}` })).toBeVisible();
  await expectGoodOnPhone(page, "the checklist during a deploy");
  await page.evaluate(() => window.scrollTo(0, 0));
  await shot(page, "setup-preflight-again", testInfo.project.name);
  await again.click();
  await expect(page).toHaveURL(/\/dashboard\/deploy\/preflight$/);
  await page.getByRole("button", { name: /Run pre-flight/ }).click();
  await expect(page.getByTestId("preflight-summary")).toHaveAttribute("data-status", "passed");
});

test("step E is skipped while no module is enabled, and ticks only once its keys are saved", async ({ page }) => {
  await signInHere(page, DEMO.owner);
  const menu = page.locator("summary", { hasText: "All steps" });
  await page.goto("/dashboard/deploy/secrets");
  await expect(page.locator("main ol[aria-hidden] > li")).toHaveCount(WIZARD_STEPS.length - 1);
  await menu.click();
  await expect(page.getByRole("link", { name: /Optional keys/ })).toHaveCount(0);
  await expect(page.getByTestId("secrets-on-record").getByRole("link", { name: "Continue to pre-flight" })).toHaveAttribute(
    "href",
    "/dashboard/deploy/preflight",
  );

  // A module that needs a key brings the step back, not ticked until its key is saved.
  expect((await page.request.post("/dashboard/modules", { form: { intent: "enable", module: "ai" }, maxRedirects: 0 })).status()).toBe(302);
  try {
    await page.goto("/dashboard/deploy/secrets");
    await expect(page.locator("main ol[aria-hidden] > li")).toHaveCount(WIZARD_STEPS.length);
    await menu.click();
    await expect(page.getByRole("link", { name: /Step E: Optional keys/ })).toBeVisible();
    await expect(page.getByRole("link", { name: /Step E \(done\)/ })).toHaveCount(0);
  } finally {
    expect((await page.request.post("/dashboard/modules", { form: { intent: "disable", module: "ai" }, maxRedirects: 0 })).status()).toBe(302);
  } // A module change is a configuration change: pre-flight again, for whatever runs after.
  expect((await (await page.request.post("/api/deploy/preflight")).json()).run.status).toBe("passed");
});

test.describe("dates", () => {
  test.use({ timezoneId: "Asia/Tokyo" });

  test("are in the person's time zone when the browser tells it, otherwise in UTC, said so", async ({ page }, testInfo) => {
    await signInHere(page, DEMO.owner);
    await page.goto("/dashboard/deploy/secrets");
    await page.goto("/dashboard/deploy/secrets");
    const onRecord = page.getByTestId("secrets-on-record");
    if (testInfo.project.name === "js-on") await expect(onRecord).toContainText(/since \d{4}-\d{2}-\d{2} \d{2}:\d{2} Asia\/Tokyo/);
    else await expect(onRecord).toContainText(/since \d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC/);
    // A zone the runtime does not know is not taken on trust.
    await page.context().addCookies([{ name: "tz", value: "Mars%2FOlympus", url: baseURL }]);
    await page.reload({ waitUntil: "domcontentloaded" });
    await expect(onRecord).toContainText(/since \d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC/);
  });
});
