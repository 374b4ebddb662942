import { randomBytes } from "node:crypto";
import { writeFileSync } from "node:fs";
import type { Page } from "@playwright/test";
import { SETUP_CATALOGUE } from "../../app/workspace/setup-catalogue";
import { E2E } from "./e2e-env";
import { DEMO, expect, signIn, test } from "./fixtures";
import { createTenantDatabase, startLiveInstance, type LiveInstance } from "./live-instance";
import { expectGoodOnPhone } from "./phone-checks";

/**
 * The whole Go-Live flow from an unconfigured workspace to LIVE, in a phone-sized browser, once with
 * JavaScript off (Acme Bakery, Docker) and once with it on (Northwind Studio, Render). The "live" app
 * is a second instance of this build started on loopback with the secrets the wizard generated and
 * its own PostgreSQL database.
 */
const badge = (page: Page) => page.getByTestId("deploy-badge");

async function markRequiredSetupDone(page: Page) {
  for (const item of SETUP_CATALOGUE.filter((entry) => entry.required)) {
    const button = page.getByRole("button", { name: `Mark done: ${item.title}` });
    if (await button.count()) {
      await button.click();
      await expect(page.getByRole("button", { name: `Mark as not done: ${item.title}` })).toBeVisible();
    }
  }
}

test.describe.configure({ mode: "serial" });

test("an owner takes a workspace from nothing to LIVE, and signs in on their own instance", async ({ page, browser }, testInfo) => {
  test.setTimeout(180_000);
  const jsOn = testInfo.project.name === "js-on";
  const tenantName = jsOn ? "Northwind Studio" : "Acme Bakery";
  const provider = jsOn ? "RENDER" : "DOCKER";
  const livePort = E2E.platformPort + (jsOn ? 2 : 1);
  const database = await createTenantDatabase();
  let live: LiveInstance | undefined;

  try {
    await signIn(page, DEMO.owner);
    await page.goto("/dashboard");
    if (jsOn) {
      await page.getByLabel("Workspace").selectOption({ label: "Northwind Studio (Owner)" });
      await page.getByRole("button", { name: "Switch" }).click();
    }
    await expect(page.getByTestId("tenant-name")).toHaveText(tenantName);
    await expect(badge(page)).toHaveAttribute("data-state", "ACTION_REQUIRED");

    // The badge links to the first step that needs attention.
    await badge(page).click();
    await expect(page).toHaveURL(/\/dashboard\/deploy\/provider$/);

    // A. Provider
    await page.locator(`input[name="provider"][value="${provider}"]`).check();
    await page.getByRole("button", { name: "Save and continue" }).click();
    await expect(page).toHaveURL(/\/deploy\/url$/);

    // B. Live URL: a bad one is refused with the reason, the loopback one is accepted in development mode.
    await page.getByLabel("Live URL").fill("https://user:pw@example.com/app?x=1");
    await page.getByRole("button", { name: "Save and continue" }).click();
    await expect(page.locator("#app-url-appUrl-error, [id$='appUrl-error']").first()).toContainText(/credentials|path|query/);
    await page.getByLabel("Live URL").fill(`http://127.0.0.1:${livePort}`);
    await page.getByRole("button", { name: "Save and continue" }).click();
    await expect(page).toHaveURL(/\/deploy\/database$/);

    // C. Database
    await page.getByLabel("DATABASE_URL").fill(database.url);
    await page.getByRole("button", { name: "Save and test the connection" }).click();
    await expect(page.getByTestId("database-check")).toHaveAttribute("data-status", "pass");
    await page.getByRole("link", { name: "Continue to secrets" }).click();
    await expect(page).toHaveURL(/\/deploy\/secrets$/);

    // D. Secrets, shown once.
    await page.getByRole("button", { name: "Generate secrets" }).click();
    await expect(page).toHaveURL(/\/deploy\/secrets\/once$/);
    await expect(page.getByTestId("save-now-warning")).toBeVisible();
    const secretValue = async (name: string) => (await page.getByTestId(`secret-${name}`).getByTestId("secret-value").textContent())!.trim();
    const secrets = {
      JWT_SECRET: await secretValue("JWT_SECRET"),
      ENCRYPTION_KEY: await secretValue("ENCRYPTION_KEY"),
      SESSION_SECRET: await secretValue("SESSION_SECRET"),
    };
    for (const value of Object.values(secrets)) expect(Buffer.from(value, "base64")).toHaveLength(32);
    writeFileSync(`.tmp/e2e-secrets-${testInfo.project.name}.json`, JSON.stringify(secrets)); // for the log scan at teardown
    await expect(page.getByTestId("env-bundle")).toContainText(secrets.JWT_SECRET);
    // No module is enabled, so step E is skipped.
    await page.getByRole("button", { name: "I saved them: continue" }).click();
    await expect(page).toHaveURL(/\/deploy\/preflight$/);

    // Shown once: coming back shows fingerprints, never values.
    await page.goto("/dashboard/deploy/secrets");
    await expect(page.getByTestId("secrets-on-record")).toBeVisible();
    expect(await page.content()).not.toContain(secrets.JWT_SECRET);
    await page.goto("/dashboard/deploy/database");
    await expect(page.getByTestId("database-masked")).toContainText("••••");
    expect(await page.content()).not.toContain("golive-app-password");

    // E. No modules enabled: nothing to enter.
    await page.goto("/dashboard/deploy/keys");
    await page.getByRole("link", { name: "Continue to pre-flight" }).click();

    // F. Pre-flight fails on the unfinished setup checklist, with its fix.
    await page.getByRole("button", { name: /Run pre-flight/ }).click();
    await expect(page.getByTestId("preflight-summary")).toHaveAttribute("data-status", "failed");
    const setupCheck = page.locator('[data-check="setup.complete"]');
    await expect(setupCheck).toHaveAttribute("data-status", "fail");
    await expect(page.locator('[data-check="database.reachable"]')).toHaveAttribute("data-status", "pass");
    await expect(badge(page)).toHaveAttribute("data-state", "BLOCKED");
    await expect(badge(page)).toHaveAttribute("href", "/dashboard/deploy/preflight#check-setup.complete");
    await setupCheck.getByRole("link", { name: "Go there" }).click();
    await expect(page).toHaveURL(/\/dashboard\/setup#[a-z-]+$/);
    await markRequiredSetupDone(page);

    // The checklist leads back to the deploy that waits on it.
    await page.getByTestId("preflight-again").getByRole("link", { name: "Run pre-flight again" }).click();
    await expect(page).toHaveURL(/\/dashboard\/deploy\/preflight$/);
    await page.getByRole("button", { name: /Run pre-flight/ }).click();
    await expect(page.getByTestId("preflight-summary")).toHaveAttribute("data-status", "passed");
    await expect(badge(page)).toHaveAttribute("data-state", "ACTION_REQUIRED");
    await page.getByRole("link", { name: "Continue to verify" }).click();
    await expect(page).toHaveURL(/\/deploy\/verify$/);

    // G. The live app runs with a JWT_SECRET that is not the generated one: verification fails, BLOCKED.
    live = await startLiveInstance({
      port: livePort,
      databaseUrl: database.url,
      secrets: { ...secrets, JWT_SECRET: randomBytes(32).toString("base64") },
      logName: `live-${testInfo.project.name}-wrong`,
    });
    await page.getByRole("button", { name: /Verify live URL|Verify again/ }).click();
    await expect(page.getByTestId("verify-summary")).toHaveAttribute("data-status", "failed");
    await expect(page.locator('[data-check="live.health"]')).toHaveAttribute("data-status", "pass");
    await expect(page.locator('[data-check="live.ready"]')).toHaveAttribute("data-status", "pass");
    const stats = page.locator('[data-check="live.stats"]');
    await expect(stats).toHaveAttribute("data-status", "fail");
    await expect(stats).toContainText("Wrong secrets");
    await expect(badge(page)).toHaveAttribute("data-state", "BLOCKED");
    await expect(page.getByRole("button", { name: "Go LIVE" })).toHaveCount(0);
    await live.stop();

    // The same app with the generated secrets verifies.
    live = await startLiveInstance({ port: livePort, databaseUrl: database.url, secrets, logName: `live-${testInfo.project.name}` });
    await page.getByRole("button", { name: "Verify again" }).click();
    await expect(page.getByTestId("verify-summary")).toHaveAttribute("data-status", "passed");
    for (const id of ["live.health", "live.ready", "live.stats"]) await expect(page.locator(`[data-check="${id}"]`)).toHaveAttribute("data-status", "pass");
    await expect(page.locator('[data-check="live.certificate"]')).toHaveAttribute("data-status", "warn");
    await expect(badge(page)).toHaveAttribute("data-state", "ACTION_REQUIRED");

    // H. Go LIVE.
    await page.getByRole("link", { name: "Continue to Go LIVE" }).click();
    await page.getByRole("button", { name: "Go LIVE" }).click();
    await expect(page.getByTestId("live-confirmation")).toBeVisible();
    // Not a plain line: what to do now, on the instance.
    const nextSteps = page.getByTestId("live-next-steps");
    await expect(nextSteps.getByRole("link", { name: live.url })).toHaveAttribute("href", live.url);
    await expect(nextSteps.getByRole("link", { name: "Team page" })).toHaveAttribute("href", `${live.url}/dashboard/team`);
    await expect(nextSteps.getByRole("link", { name: "Modules page" })).toHaveAttribute("href", `${live.url}/dashboard/modules`);
    await expect(nextSteps).toContainText("claim link");
    await expect(nextSteps.getByRole("link", { name: "verify again" })).toBeVisible();
    await expectGoodOnPhone(page, "the LIVE moment");
    await expect(badge(page)).toHaveAttribute("data-state", "LIVE");
    await expect(badge(page)).toHaveText(/LIVE/);

    // Verification handed the workspace over; the owner's answer carries the claim link, shown once.
    const claimLink = await page.getByTestId("claim-link").inputValue();
    expect(claimLink.startsWith(`${live.url}/invite?token=glinv_`)).toBe(true);
    await page.goto("/dashboard/deploy/live");
    await expect(page.getByTestId("claim-link")).toHaveCount(0);
    await expect(page.getByRole("button", { name: "Issue a new claim link" })).toBeVisible();

    // The owner opens it (another browser, as from an email: the instance is another site), chooses a
    // password on their own instance and lands in their workspace there, team invitations included.
    const elsewhere = await browser.newContext({ javaScriptEnabled: testInfo.project.name !== "js-off", viewport: { width: 390, height: 844 } });
    try {
      const owner = await elsewhere.newPage();
      await owner.goto(claimLink);
      await owner.getByLabel("Your name").fill("Demo Owner");
      await owner.getByLabel("Choose a password").fill("owner-on-the-instance-2026");
      await owner.getByRole("button", { name: "Create account and join" }).click();
      await expect(owner).toHaveURL(new RegExp(`^${live.url}/dashboard`));
      await expect(owner.getByTestId("tenant-name")).toBeVisible();
      await expect(owner.getByTestId("deploy-badge")).toHaveCount(0);
      await owner.goto(`${live.url}/dashboard/team`);
      await expect(owner.getByTestId("member").filter({ hasText: DEMO.owner })).toBeVisible();
      // Acme Bakery's other people came over as invitations (Northwind Studio has its owner alone).
      if (!jsOn) await expect(owner.getByTestId("invitation").filter({ hasText: DEMO.admin })).toBeVisible();
      expect((await owner.goto(`${live.url}/dashboard/deploy`))?.status()).toBe(404);
      // The same link does not work twice.
      expect((await owner.goto(claimLink))?.status()).toBe(410);
    } finally {
      await elsewhere.close();
    }
  } finally {
    await live?.stop();
    await database.drop();
  }
});

test("members and viewers see the badge but are refused the wizard and its APIs", async ({ page, request }, testInfo) => {
  for (const email of [DEMO.member, DEMO.viewer]) {
    await page.context().clearCookies();
    await signIn(page, email);
    await page.goto("/dashboard");
    await expect(badge(page)).toBeVisible();
    // exact: once the workspace is live and its app stopped, the badge's words ("Nothing accepts connections at …") name a link too.
    await expect(page.getByRole("link", { name: "Deploy", exact: true })).toHaveCount(0);
    for (const path of ["/dashboard/deploy", "/dashboard/deploy/provider", "/dashboard/deploy/secrets", "/dashboard/deploy/live"]) {
      const response = await page.goto(path);
      expect(response?.status(), `${email} ${path}`).toBe(403);
    }
    if (testInfo.project.name !== "js-on") continue;
    const cookies = (await page.context().cookies()).map((c) => `${c.name}=${c.value}`).join("; ");
    for (const [method, path] of [
      ["POST", "/api/env/generate"],
      ["POST", "/api/deploy/preflight"],
      ["POST", "/api/deploy/verify"],
      ["POST", "/api/deploy/live"],
      ["GET", "/api/deploy/config"],
      ["GET", "/api/deploy/runs"],
    ] as const) {
      const response = await request.fetch(path, {
        method,
        headers: { Cookie: cookies, "Content-Type": "application/json" },
        data: method === "POST" ? {} : undefined,
      });
      expect(response.status(), `${email} ${method} ${path}`).toBe(403);
      expect((await response.json()).error.code).toBe("forbidden");
    }
  }
});
