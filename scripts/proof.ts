/**
 * npm run proof [-- --no-build]
 *
 * Builds the app, starts the platform (embedded database, demo seed) and, as each tenant's "live"
 * app, a second instance of the same build on its own PostgreSQL database, all on loopback.
 * Drives the Deploy Wizard in Chromium at a phone viewport (Acme Bakery) and the JSON API with
 * real curl commands (Northwind Studio), checks every expected result, and writes
 * reports/proof.md with screenshots under reports/screenshots/. Exits 1 on the first result
 * that is not what it should be; the committed report is replaced only by a run that passed.
 */
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium, type Browser, type Page } from "@playwright/test";
import { parse as parseDotenv } from "dotenv";
import { TENANT_DB_PASSWORD, type LiveInstance } from "../tests/e2e/live-instance";
import { startAppProcess } from "../tests/helpers/app-process";
import { parseDockerEnvFile } from "../tests/helpers/env-file-parsers";
import { DEMO } from "../tests/e2e/fixtures";
import { checked, eventually, expectEqual, expectTrue, ProofFailure } from "./proof/check";
import { checkTable, exchange, figure } from "./proof/report";
import { assertPortFree, build, createTenantDatabase, ensureTenantRole, startPlatform, type Platform, type TenantDatabase } from "./proof/servers";
import { curlCommand, Redactor, Transcript } from "./proof/transcript";
import { SETUP_CATALOGUE } from "../app/workspace/setup-catalogue";
import { stayLiveProof } from "./proof/stay-live";
import { badge, expectAttribute, expectBadge, expectUrl, markRequiredSetupDone, maskValues, readChecks } from "./proof/ui";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
// PROOF_PORT moves the three servers (platform, then the two live apps) off 4500–4502, for a machine shared with others.
const PLATFORM_PORT = Number(process.env.PROOF_PORT ?? 4500);
const ACME_LIVE_PORT = PLATFORM_PORT + 1;
const NORTHWIND_LIVE_PORT = PLATFORM_PORT + 2;
const DEMO_PASSWORD = "golive-demo-2026";
const STAGING = path.join(ROOT, "reports/.tmp/proof");
const SHOTS = path.join(STAGING, "screenshots");

type Secrets = { JWT_SECRET: string; ENCRYPTION_KEY: string; SESSION_SECRET: string };

const redactor = new Redactor();
const cleanups: (() => Promise<unknown>)[] = [];

async function shot(page: Page, file: string, caption: string, target: "page" | "header" | "screen" = "page") {
  const where = path.join(SHOTS, file);
  if (target === "header") await page.locator("header", { has: page.getByTestId("deploy-badge") }).screenshot({ path: where });
  else await page.screenshot({ path: where, fullPage: target === "page" });
  return figure(file, caption);
}

/**
 * The workspace's own instance, started from the env bundle exactly as the wizard printed it and as
 * the host's tool reads it: the process gets those variables and nothing but what a host provides
 * (PATH, PORT, HOST).
 */
async function startFromBundle(port: number, env: Record<string, string>, logName: string): Promise<LiveInstance> {
  const app = await startAppProcess({
    port,
    env: { ...env, LOG_LEVEL: "info" },
    logFile: `.tmp/${logName}.log`,
    appendLog: true,
    readyPath: "/health",
    timeoutMs: 30_000,
  });
  return { url: app.url, stop: app.stop };
}

async function signIn(page: Page) {
  await page.goto("/login");
  await page.getByLabel("Email").fill(DEMO.owner);
  await page.getByLabel("Password").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expectUrl(page, "/dashboard");
}

/** Part 1: Acme Bakery from nothing to LIVE in the browser, one screenshot per step. */
async function wizardInTheBrowser(page: Page, database: TenantDatabase) {
  const out: string[] = [];
  const liveUrl = `http://127.0.0.1:${ACME_LIVE_PORT}`;
  let live: LiveInstance | undefined;
  cleanups.push(() => live?.stop() ?? Promise.resolve());

  await signIn(page);
  await eventually("active workspace", "Acme Bakery", () => page.getByTestId("tenant-name").textContent());
  await expectBadge(page, "ACTION_REQUIRED", "before the wizard");
  const badgeActionRequired = await shot(
    page,
    "01-badge-action-required.png",
    "Badge: ACTION REQUIRED. Nothing is configured yet; the badge links to the first step that needs attention.",
    "header",
  );

  await badge(page).click();
  await expectUrl(page, "/dashboard/deploy/provider");
  await page.locator('input[name="provider"][value="DOCKER"]').check();
  out.push(
    "### A. Provider",
    await shot(
      page,
      "02-step-a-provider.png",
      "Step A, Provider: Docker chosen. Each step says what it is, why it matters and how to do it on the chosen host.",
    ),
  );
  await page.getByRole("button", { name: "Save and continue" }).click();
  await expectUrl(page, "/dashboard/deploy/url");
  // The chosen host's own checklist: how to create the app there, before any address exists.
  await page.getByTestId("host-setup").locator("> summary").click();
  expectEqual(
    "the host checklist names the host",
    "Set up your app on Docker",
    ((await page.getByTestId("host-setup").locator("> summary").textContent()) ?? "").trim(),
  );
  out.push(
    "### A. The host's checklist",
    await shot(
      page,
      "02a-step-a-host-checklist.png",
      "After choosing Docker: a numbered checklist for that host (create the app from the published source, the commands, the health-check path, where the database comes from, the usual mistakes), and “Needs a computer” said plainly.",
    ),
  );

  // A mistake first: the answer, without JavaScript, opens with the error in view on the first screen.
  await page.getByLabel("Live URL").fill("https://acme.onrender.co/app?x=1");
  await page.getByRole("button", { name: "Save and continue" }).click();
  await expectUrl(page, "/dashboard/deploy/url");
  // The answer comes back to the same address: wait for it, not for the address.
  await eventually("the error summary after a refused live URL", 1, () => page.getByTestId("error-summary").count());
  const errorInView = await shot(
    page,
    "03a-step-b-error-in-view.png",
    "Step B with a mistake (a path and a query in the live URL), JavaScript off: the page comes back with the error summary at the top of the form, on the first screen, linked to the field.",
    "screen",
  );
  out.push("### B. Live URL: a mistake, in view", errorInView);
  await page.getByLabel("Live URL").fill(liveUrl);
  out.push(
    "### B. Live URL",
    await shot(
      page,
      "03-step-b-url.png",
      `Step B, Live URL: ${liveUrl}, the second instance on loopback (plain http is accepted only because this platform runs with ALLOW_LOCAL_TARGETS=true).`,
    ),
  );
  await page.getByRole("button", { name: "Save and continue" }).click();
  await expectUrl(page, "/dashboard/deploy/database");

  await page.getByLabel("DATABASE_URL").fill(database.url);
  out.push(
    "### C. Database",
    await shot(
      page,
      "04-step-c-database.png",
      `Step C, Database: the connection string of ${database.name} is typed into a password field; it is stored encrypted and shown afterwards only masked.`,
    ),
  );
  await page.getByRole("button", { name: "Save and test the connection" }).click();
  await expectUrl(page, "/dashboard/deploy/database");
  await expectAttribute(page, '[data-testid="database-check"]', "data-status", "pass", "the connection test on save");
  out.push(
    "### C. Saved, and tested",
    await shot(
      page,
      "04a-step-c-tested.png",
      `Step C after saving: the URL is saved and the connection was tested at once, from the platform, with pre-flight's own probe (“Saved and connected”, the time it took and the server version), on the first screen with the way on. A refused connection, a wrong password or a missing database would be said here with its fix, the URL still saved.`,
      "screen",
    ),
  );
  await page.getByRole("link", { name: "Continue to secrets" }).click();
  await expectUrl(page, "/dashboard/deploy/secrets");

  await page.getByRole("button", { name: "Generate secrets" }).click();
  await expectUrl(page, "/dashboard/deploy/secrets/once");
  await eventually("save-now warning after generating secrets", 1, () => page.getByTestId("save-now-warning").count());
  const secretValue = async (name: keyof Secrets) => ((await page.getByTestId(`secret-${name}`).getByTestId("secret-value").textContent()) ?? "").trim();
  const secrets: Secrets = {
    JWT_SECRET: await secretValue("JWT_SECRET"),
    ENCRYPTION_KEY: await secretValue("ENCRYPTION_KEY"),
    SESSION_SECRET: await secretValue("SESSION_SECRET"),
  };
  for (const [name, value] of Object.entries(secrets)) {
    expectEqual(`${name} is 32 random bytes as base64`, 32, Buffer.from(value, "base64").length);
    redactor.add(value);
  }
  // The Docker .env as the page prints it, read the way docker run --env-file reads it.
  const bundleEnv = parseDockerEnvFile((await page.getByTestId("env-bundle").locator("pre").first().textContent()) ?? "");
  expectTrue("the printed .env carries the generated JWT_SECRET", bundleEnv.JWT_SECRET === secrets.JWT_SECRET, "another value");
  expectEqual("the printed .env marks the instance", "instance", bundleEnv.GOLIVE_MODE);
  const visible = await maskValues(page, [...Object.values(secrets), TENANT_DB_PASSWORD]);
  expectEqual("secret values left on the page before its screenshot", [], redactor.leaks(visible));
  out.push(
    "### D. Secrets (shown once)",
    await shot(
      page,
      "05-step-d-secrets.png",
      "Step D, Secrets: the form posted and redirected to a page that shows the values once, under a warning to save them before leaving the page, with a “Download as a .env file” button that works without JavaScript, each value, then the Docker env file. Before this screenshot the proof replaced each value on the page (the three secrets and the database password inside DATABASE_URL) with a marker of its length, such as <secret: 44 chars>; the real page shows the values.",
    ),
  );
  // The .env download: a plain form post answered as an attachment, the same file as the one printed.
  const download = page.waitForEvent("download");
  await page.getByRole("button", { name: "Download as a .env file" }).click();
  const file = await download;
  const downloaded = parseDockerEnvFile(Buffer.concat(await (await file.createReadStream()).toArray()).toString("utf8"));
  // Compared, never printed: the report must not carry a value.
  expectTrue("the downloaded .env is the printed one", JSON.stringify(bundleEnv) === JSON.stringify(downloaded), "another file");
  // Refresh (or Back, then forward): the values are not shown again, and nothing is posted again.
  await page.reload();
  await expectUrl(page, "/dashboard/deploy/secrets/once");
  await eventually("already shown after a refresh", 1, () => page.getByTestId("secrets-already-shown").count());
  expectEqual("secret values on the page after a refresh", [], redactor.leaks((await page.content()) ?? ""));
  out.push(
    "### D. A refresh: already shown",
    await shot(
      page,
      "05a-step-d-already-shown.png",
      "Step D refreshed (JavaScript off): “Already shown”, no value, no “Confirm form resubmission” and no red “already exist”; a calm “Lost them? Generate new ones — safe while nothing is live”. The values were only ever on the one page the form redirected to, which no browser or proxy keeps (Cache-Control: no-store).",
      "screen",
    ),
  );
  // Step E is skipped: no module is enabled in Acme Bakery, so no keys are needed.
  await page.getByRole("link", { name: "Continue to pre-flight" }).click();
  await expectUrl(page, "/dashboard/deploy/preflight");

  await page.getByRole("button", { name: /Run pre-flight/ }).click();
  await expectAttribute(page, '[data-testid="preflight-summary"]', "data-status", "failed", "first pre-flight");
  await expectAttribute(page, '[data-check="setup.complete"]', "data-status", "fail", "pre-flight check setup.complete");
  await expectAttribute(page, '[data-check="database.reachable"]', "data-status", "pass", "pre-flight check database.reachable");
  await expectBadge(page, "BLOCKED", "after the failed pre-flight");
  expectEqual("BLOCKED badge links to the failing check", "/dashboard/deploy/preflight#check-setup.complete", await badge(page).getAttribute("href"));
  const failedChecks = await readChecks(page);
  const setupFix = failedChecks.find((row) => row.id === "setup.complete")?.fix ?? "";
  expectTrue("the failing check says how to fix it", setupFix.includes("setup checklist"), setupFix);
  out.push(
    "### F. Pre-flight fails, with the fix",
    "The demo workspace's setup checklist still has required items to do, so pre-flight fails on `setup.complete` and the badge turns BLOCKED, linking to that check. The database check connected to the tenant's own PostgreSQL for real.",
    await shot(
      page,
      "07-step-f-preflight-failed.png",
      "Step F, Pre-flight failed: setup.complete is FAIL with its fix (“Finish … on the setup checklist, then run pre-flight again. Go there”, a link to the item itself); the badge is BLOCKED; every other check passes.",
    ),
    checkTable(failedChecks, false),
  );
  const badgeBlocked = await shot(page, "08-badge-blocked.png", "Badge: BLOCKED, after the failed pre-flight. It links to the failing check.", "header");

  // What a member sees meanwhile: the same badge, what is waiting and who can act on it.
  const memberContext = await page
    .context()
    .browser()!
    .newContext({
      baseURL: page.url().replace(/\/dashboard.*$/, ""),
      viewport: { width: 360, height: 740 },
      javaScriptEnabled: false,
      locale: "en-GB",
      timezoneId: "UTC",
    });
  cleanups.push(() => memberContext.close());
  const member = await memberContext.newPage();
  await member.goto("/login");
  await member.getByLabel("Email").fill(DEMO.member);
  await member.getByLabel("Password").fill(DEMO_PASSWORD);
  await member.getByRole("button", { name: "Sign in" }).click();
  await expectUrl(member, "/dashboard");
  await expectBadge(member, "BLOCKED", "for a member");
  const waitingOn = (await member.getByTestId("deploy-status").textContent()) ?? "";
  expectTrue("the member is told who can act", /Olivia|Adam/.test(waitingOn), waitingOn);
  out.push(
    "### What a member sees meanwhile",
    await shot(
      member,
      "08a-member-view.png",
      "A member's dashboard at the same moment: the badge, what is waiting and who can do it; members cannot open the wizard.",
    ),
  );

  await page.locator('[data-check="setup.complete"]').getByRole("link", { name: "Go there" }).click();
  await expectUrl(page, "/dashboard/setup");
  expectTrue("“Go there” opens the item itself", /^#[a-z-]+$/.test(new URL(page.url()).hash), page.url());
  const marked = await markRequiredSetupDone(page);
  await eventually("required setup items left", 0, () => page.locator('[data-testid="setup-item"][data-done="false"]').filter({ hasText: "Required" }).count());
  out.push(
    "### The fix: the setup checklist",
    `“Go there” opens the item on the setup checklist; the proof marks the required items that were not done: ${marked.map((title) => `“${title}”`).join(", ")}, then follows the checklist's “Run pre-flight again”.`,
    await shot(
      page,
      "09-setup-checklist-done.png",
      "Setup checklist: every required item is done (the optional ones may stay open), and “Run pre-flight again” leads back to the deploy.",
    ),
  );

  await page.getByTestId("preflight-again").getByRole("link", { name: "Run pre-flight again" }).click();
  await expectUrl(page, "/dashboard/deploy/preflight");
  await page.getByRole("button", { name: /Run pre-flight/ }).click();
  await expectAttribute(page, '[data-testid="preflight-summary"]', "data-status", "passed", "second pre-flight");
  await expectBadge(page, "ACTION_REQUIRED", "after the passing pre-flight (verification still to do)");
  out.push(
    "### F. Pre-flight passes",
    await shot(page, "10-step-f-preflight-passed.png", "Step F, Pre-flight passed: every check is PASS; next is verification."),
    checkTable(await readChecks(page), false),
  );
  await page.getByRole("link", { name: "Continue to verify" }).click();
  await expectUrl(page, "/dashboard/deploy/verify");

  live = await startFromBundle(ACME_LIVE_PORT, { ...bundleEnv, JWT_SECRET: randomBytes(32).toString("base64") }, "proof-live-acme-wrong");
  await page.getByRole("button", { name: /Verify live URL|Verify again/ }).click();
  await expectAttribute(page, '[data-testid="verify-summary"]', "data-status", "failed", "verification against the app with a wrong JWT_SECRET");
  await expectAttribute(page, '[data-check="live.health"]', "data-status", "pass", "live.health (wrong JWT_SECRET)");
  await expectAttribute(page, '[data-check="live.ready"]', "data-status", "pass", "live.ready (wrong JWT_SECRET)");
  await expectAttribute(page, '[data-check="live.stats"]', "data-status", "fail", "live.stats (wrong JWT_SECRET)");
  await expectBadge(page, "BLOCKED", "after the failed verification");
  expectEqual("Go LIVE buttons on the verify page after a failure", 0, await page.getByRole("button", { name: "Go LIVE" }).count());
  const wrongChecks = await readChecks(page);
  expectTrue(
    "live.stats names the cause",
    (wrongChecks.find((row) => row.id === "live.stats")?.detail ?? "").includes("Wrong secrets"),
    JSON.stringify(wrongChecks),
  );
  out.push(
    "### G. Verification fails: the live app runs with another JWT_SECRET",
    `The proof first starts the live app on ${liveUrl} from the Docker .env step D printed, read as docker run --env-file reads it, except JWT_SECRET, which is a different random value. The app is up and ready, but it refuses the verification token: the wizard says “Wrong secrets”, links to step D, and the badge is BLOCKED again.`,
    await shot(
      page,
      "11-step-g-verify-wrong-secret.png",
      "Step G, Verification failed: /health and /ready pass, /api/dashboard/stats answers 401 and the check says “Wrong secrets” with its fix; the badge is BLOCKED.",
    ),
    checkTable(wrongChecks, true),
  );
  await live.stop();

  live = await startFromBundle(ACME_LIVE_PORT, bundleEnv, "proof-live-acme");
  await page.getByRole("button", { name: "Verify again" }).click();
  await expectAttribute(page, '[data-testid="verify-summary"]', "data-status", "passed", "verification against the app with the generated secrets");
  for (const id of ["live.health", "live.ready", "live.stats"])
    await expectAttribute(page, `[data-check="${id}"]`, "data-status", "pass", `${id} (generated secrets)`);
  await expectAttribute(page, '[data-check="live.certificate"]', "data-status", "warn", "live.certificate on plain http");
  await expectBadge(page, "ACTION_REQUIRED", "after verification (Go LIVE still to do)");
  const verifiedChecks = await readChecks(page);
  for (const row of verifiedChecks.filter((r) => r.id !== "live.certificate"))
    expectTrue(`${row.id} shows its timing`, /^\d+$/.test(row.timing), JSON.stringify(row));
  out.push(
    "### G. Verification passes",
    "Restarted from the printed .env as it is, the live app answers each call; every call's result, HTTP status and time are on the page. The certificate check warns because this local run uses plain http.",
    await shot(
      page,
      "12-step-g-verify-passed.png",
      "Step G, Verification passed: GET /health, GET /ready and GET /api/dashboard/stats (signed token) each PASS with HTTP 200 and a time in ms; the certificate check is a WARN for plain http.",
    ),
    checkTable(verifiedChecks, true),
  );

  await page.getByRole("link", { name: "Continue to Go LIVE" }).click();
  await expectUrl(page, "/dashboard/deploy/live");
  expectEqual("Go LIVE button enabled", true, await page.getByRole("button", { name: "Go LIVE" }).isEnabled());
  out.push(
    "### H. Go LIVE",
    await shot(page, "13-step-h-go-live.png", "Step H, Go LIVE: both checks passed for the current configuration, so the button is enabled."),
  );
  await page.getByRole("button", { name: "Go LIVE" }).click();
  await eventually("LIVE confirmation", 1, () => page.getByTestId("live-confirmation").count());
  await eventually("next steps at the LIVE moment", 1, () => page.getByTestId("live-next-steps").count());
  await expectBadge(page, "LIVE", "after Go LIVE");
  const claimLink = await page.getByTestId("claim-link").inputValue();
  expectTrue("Go LIVE shows the owner a claim link to the instance", claimLink.startsWith(`${liveUrl}/invite?token=glinv_`), claimLink.slice(0, 60));
  const claimToken = new URL(claimLink).searchParams.get("token")!;
  redactor.add(claimToken);
  expectEqual("claim token left on the page before its screenshot", [], redactor.leaks(await maskValues(page, [claimToken])));
  out.push(
    await shot(
      page,
      "14-step-h-live.png",
      "Step H done: “You are LIVE”, the badge shows LIVE, the owner's claim link to their own instance is shown once (its token replaced by a marker of its length before this screenshot), and “What to do now”: open the app, sign in there with the claim link, invite the team and set up modules on the instance, and where to look when something goes wrong.",
    ),
  );
  const badgeLive = await shot(page, "15-badge-live.png", "Badge: LIVE, after Go LIVE.", "header");

  // The owner opens the claim link as from an email: another browser, on a phone, without JavaScript.
  const phone = await page
    .context()
    .browser()!
    .newContext({ viewport: { width: 360, height: 740 }, javaScriptEnabled: false, locale: "en-GB", timezoneId: "UTC" });
  cleanups.push(() => phone.close());
  const owner = await phone.newPage();
  const fillClaim = async () => {
    await owner.goto(claimLink);
    await owner.getByLabel("Your name").fill("Olivia Owner");
    await owner.getByLabel("Choose a password").fill(`proof-owner-${randomBytes(6).toString("hex")}`);
  };
  await fillClaim();
  // The screenshot's copy of the page has the token masked (in the form too), so the form is filled again to send.
  await maskValues(owner, [claimToken]);
  const claimShot = await shot(
    owner,
    "16-instance-claim.png",
    "On the workspace's own instance (JavaScript off, 360×740): the claim link's page, where the owner chooses the password of their account there.",
  );
  await fillClaim();
  await owner.getByRole("button", { name: "Create account and join" }).click();
  await expectUrl(owner, "/dashboard");
  expectEqual("the instance serves Acme Bakery", "Acme Bakery", (await owner.getByTestId("tenant-name").textContent())?.trim());
  expectEqual("no deploy badge on the instance", 0, await owner.getByTestId("deploy-badge").count());
  const instanceHome = await shot(
    owner,
    "17-instance-dashboard.png",
    "The owner signed in on their instance: Acme Bakery, handed over by the verification, with no Deploy Wizard (this is the deployed app).",
  );
  await owner.goto(`${liveUrl}/dashboard/team`);
  expectEqual("the team came over as invitations", 3, await owner.getByTestId("invitation").count());
  const instanceTeam = await shot(
    owner,
    "18-instance-team.png",
    "The instance's team page: the owner, and Adam, Maya and Victor as open invitations with their roles (no password hash, session or token left the platform).",
  );
  await owner.goto(`${liveUrl}/dashboard/setup`);
  const instanceSetup = await shot(owner, "19-instance-setup.png", "The setup checklist on the instance, as it was on the platform.");
  out.push(
    "### After LIVE: the owner signs in on their own instance",
    "Verification found the instance empty and handed the workspace over through the verification channel (a request signed with the tenant's JWT_SECRET, its own scope, a one-time token id): name, setup checklist, modules, and the team as invitations. The claim link lets the owner set their password there.",
    claimShot,
    instanceHome,
    instanceTeam,
    instanceSetup,
  );
  await live.stop();
  live = undefined;

  return { steps: out.join("\n\n"), badges: [badgeActionRequired, badgeBlocked, badgeLive].join("\n\n"), acmeEnv: bundleEnv };
}

/** Part 2: Northwind Studio through the JSON API with curl, authenticated by a personal API token. */
async function apiWithCurl(platform: Platform, database: TenantDatabase) {
  redactor.add(DEMO_PASSWORD);
  redactor.add(TENANT_DB_PASSWORD);
  const jarDir = mkdtempSync(path.join(os.tmpdir(), "golive-proof-jar-"));
  // Signing in and choosing the workspace, by curl too: a session cookie in a jar, then a personal token.
  const signIn = new Transcript(
    {
      PATH: process.env.PATH ?? "/usr/bin:/bin",
      LANG: "C",
      GOLIVE_URL: platform.url,
      OWNER_EMAIL: DEMO.owner,
      DEMO_PASSWORD,
      GOLIVE_JAR: path.join(jarDir, "platform.cookies"),
    },
    redactor,
  );
  await signIn.run({
    title: "POST /login",
    note: "Sign in with curl: the session cookie goes into a cookie jar.",
    command: curlCommand([
      `curl -sS -i -c "$GOLIVE_JAR" "$GOLIVE_URL/login"`,
      `--data-urlencode "email=$OWNER_EMAIL" --data-urlencode "password=$DEMO_PASSWORD"`,
    ]),
    expectStatus: 302,
  });
  const workspaces = await signIn.run({
    title: "GET /api/workspaces",
    note: "The workspaces this person acts in, and the active one.",
    command: curlCommand([`curl -sS -i -b "$GOLIVE_JAR" "$GOLIVE_URL/api/workspaces"`]),
    expectStatus: 200,
  });
  const northwind = (workspaces.json as { workspaces: { id: string; name: string }[] }).workspaces.find((workspace) => workspace.name === "Northwind Studio");
  expectTrue("the owner's workspaces include Northwind Studio", Boolean(northwind), JSON.stringify(workspaces.json));
  await signIn.run({
    title: "POST /dashboard/switch-tenant",
    note: "Northwind Studio becomes the session's active workspace (the same form post the workspace picker sends).",
    command: curlCommand([`curl -sS -i -b "$GOLIVE_JAR" "$GOLIVE_URL/dashboard/switch-tenant"`, `-d "tenantId=${northwind!.id}"`]),
    expectStatus: 302,
  });
  const created = await signIn.run({
    title: "POST /api/tokens",
    note: "A personal API token for Northwind Studio: a token acts in the workspace that was active when it was created. It is in this answer only.",
    command: curlCommand([
      `curl -sS -i -b "$GOLIVE_JAR" -X POST "$GOLIVE_URL/api/tokens"`,
      '-H "Content-Type: application/json"',
      `-d '{"name": "proof script"}'`,
    ]),
    expectStatus: 201,
  });
  const token = (created.json as { token: string }).token;
  expectTrue("the new API token has the glpat_ format", /^glpat_[A-Za-z0-9]{46}$/.test(token), `${token.length} characters`);
  redactor.add(token);
  for (const item of signIn.exchanges) item.body = redactor.apply(item.body);

  const liveUrl = `http://127.0.0.1:${NORTHWIND_LIVE_PORT}`;
  // No HOME: a ~/.curlrc must not change what the commands do.
  const transcript = new Transcript(
    { PATH: process.env.PATH ?? "/usr/bin:/bin", LANG: "C", GOLIVE_URL: platform.url, GOLIVE_TOKEN: token, TENANT_DB_PASSWORD },
    redactor,
  );
  transcript.exchanges.push(...signIn.exchanges);
  const auth = '-H "Authorization: Bearer $GOLIVE_TOKEN"';
  const json = '-H "Content-Type: application/json"';
  const post = (route: string, body = "{}") => curlCommand([`curl -sS -i -X POST "$GOLIVE_URL${route}"`, auth, json, `-d '${body}'`]);
  const get = (route: string, withToken = true) => curlCommand([`curl -sS -i "$GOLIVE_URL${route}"`, ...(withToken ? [auth] : [])]);
  type Run = { run: { status: string; checks: { id: string; status: string }[] } };
  const statuses = (result: unknown) => Object.fromEntries((result as Run).run.checks.map((check) => [check.id, check.status]));

  await transcript.run({ title: "GET /health", note: "Liveness: no database, no authentication.", command: get("/health", false), expectStatus: 200 });
  await transcript.run({
    title: "GET /ready",
    note: "Readiness: the database answers, migrations are applied, the required environment is present.",
    command: get("/ready", false),
    expectStatus: 200,
  });
  const anonymous = await transcript.run({
    title: "GET /api/dashboard/stats without a token",
    note: 'Every API error has the same shape: `{ "error": { "code", "message", "fix"?, "fields"? } }`.',
    command: get("/api/dashboard/stats", false),
    expectStatus: 401,
  });
  expectEqual("error code without a token", "unauthenticated", (anonymous.json as { error: { code: string } }).error.code);

  const config = await transcript.run({
    title: "PUT /api/deploy/config",
    note: `Steps A–C in one call: provider, live URL (the second instance that will run on ${liveUrl}) and the tenant's own database. The answer shows the database URL masked and the env bundle without secret values.`,
    command: curlCommand([
      `curl -sS -i -X PUT "$GOLIVE_URL/api/deploy/config"`,
      auth,
      json,
      `-d '{"provider": "RENDER", "appUrl": "${liveUrl}", "databaseUrl": "postgresql://golive_app:'"$TENANT_DB_PASSWORD"'@127.0.0.1:5432/${database.name}"}'`,
    ]),
    expectStatus: 200,
  });
  expectEqual(
    "database URL in the PUT answer",
    `postgresql://golive_app:••••@127.0.0.1:5432/${database.name}`,
    (config.json as { deploy: { databaseUrl: string } }).deploy.databaseUrl,
  );

  const generated = await transcript.run({
    title: "POST /api/env/generate",
    note: "Step D: the only response that ever carries the generated values (replaced here by their length).",
    command: post("/api/env/generate"),
    expectStatus: 201,
  });
  const values = (generated.json as { secrets: Record<keyof Secrets, { value: string }> }).secrets;
  const secrets: Secrets = { JWT_SECRET: values.JWT_SECRET.value, ENCRYPTION_KEY: values.ENCRYPTION_KEY.value, SESSION_SECRET: values.SESSION_SECRET.value };
  for (const [name, value] of Object.entries(secrets)) {
    expectEqual(`API ${name} is 32 random bytes as base64`, 32, Buffer.from(value, "base64").length);
    redactor.add(value);
  }
  // The transcript was recorded before the values were known to the redactor: apply it again.
  for (const item of transcript.exchanges) item.body = redactor.apply(item.body);

  const failed = await transcript.run({
    title: "POST /api/deploy/preflight (fails)",
    note: "Northwind's setup checklist is untouched, so `setup.complete` fails and names what to do and where; the database check connects for real.",
    command: post("/api/deploy/preflight"),
    expectStatus: 200,
  });
  expectEqual("API pre-flight status before the setup checklist is done", "failed", (failed.json as Run).run.status);
  expectEqual(
    "API pre-flight checks before the setup checklist is done",
    {
      "config.complete": "pass",
      "database.reachable": "pass",
      "env.required": "pass",
      "admins.present": "pass",
      "modules.valid": "pass",
      "setup.complete": "fail",
    },
    statuses(failed.json),
  );

  const required = SETUP_CATALOGUE.filter((item) => item.required);
  const setup = await transcript.run({
    title: "PATCH /api/setup",
    note: `The fix pre-flight named, by API too: the required items of the setup checklist marked done (${required.map((item) => `“${item.title}”`).join(", ")}).`,
    command: curlCommand([
      `curl -sS -i -X PATCH "$GOLIVE_URL/api/setup"`,
      auth,
      json,
      `-d '${JSON.stringify({ items: Object.fromEntries(required.map((item) => [item.key, true])) })}'`,
    ]),
    expectStatus: 200,
  });
  expectEqual("Northwind required setup items left", 0, (setup.json as { requiredRemaining: number }).requiredRemaining);

  const passed = await transcript.run({
    title: "POST /api/deploy/preflight (passes)",
    command: post("/api/deploy/preflight"),
    expectStatus: 200,
  });
  expectEqual("API pre-flight status after the setup checklist is done", "passed", (passed.json as Run).run.status);

  const early = await transcript.run({
    title: "POST /api/deploy/live (refused before verification)",
    note: "Going live needs a passing pre-flight and a passing verification for the current configuration: a 409 that says what to do.",
    command: post("/api/deploy/live"),
    expectStatus: 409,
  });
  expectTrue("the refusal carries a fix", Boolean((early.json as { error: { fix?: { href?: string } } }).error.fix?.href), JSON.stringify(early.json));

  // Render's bulk editor reads the bundle as a .env block: the dotenv package's parser, as the instance then gets it.
  const renderEnv = parseDotenv((generated.json as { bundle: { text: string } }).bundle.text);
  expectTrue("the printed .env block carries the generated JWT_SECRET", renderEnv.JWT_SECRET === secrets.JWT_SECRET, "another value");
  const live = await startFromBundle(NORTHWIND_LIVE_PORT, renderEnv, "proof-live-northwind");
  cleanups.push(() => live.stop());
  const verified = await transcript.run({
    title: "POST /api/deploy/verify",
    note: `Before this call the proof started the live app on ${liveUrl}: this same build, with exactly the variables of the .env block POST /api/env/generate printed for Render, read by the dotenv parser as Render's bulk editor reads it (its own database ${database.name}, the generated values, GOLIVE_MODE=instance). Verification calls it for real; each call has its result, HTTP status and time.`,
    command: post("/api/deploy/verify"),
    expectStatus: 200,
  });
  expectEqual("API verification status", "passed", (verified.json as Run).run.status);
  expectEqual(
    "API verification checks",
    { "live.health": "pass", "live.ready": "pass", "live.stats": "pass", "live.certificate": "warn", "live.module-keys": "pass", "live.handover": "pass" },
    statuses(verified.json),
  );

  const wentLive = await transcript.run({
    title: "POST /api/deploy/live",
    note: "The owner's answer carries the claim link to their own instance, in this answer only (its token is replaced below).",
    command: post("/api/deploy/live"),
    expectStatus: 200,
  });
  expectEqual("API deploy status after going live", "live", (wentLive.json as { deploy: { status: string } }).deploy.status);
  expectEqual("API badge after going live", "LIVE", (wentLive.json as { deploy: { badge: { state: string } } }).deploy.badge.state);
  const claimLink = (wentLive.json as { claim?: { link?: string } }).claim?.link ?? "";
  expectTrue(
    "Go LIVE gives the owner a claim link to the instance",
    claimLink.startsWith(`${liveUrl}/invite?token=glinv_`),
    JSON.stringify((wentLive.json as { claim?: unknown }).claim),
  );

  // On the instance: the owner claims their account with the link and signs in there, by curl too.
  const claimToken = new URL(claimLink).searchParams.get("token")!;
  const ownerPassword = `proof-owner-${randomBytes(6).toString("hex")}`;
  redactor.add(claimToken);
  redactor.add(ownerPassword);
  for (const item of transcript.exchanges) item.body = redactor.apply(item.body);
  const jar = path.join(mkdtempSync(path.join(os.tmpdir(), "golive-proof-jar-")), "instance.cookies");
  const onInstance = new Transcript(
    { PATH: process.env.PATH ?? "/usr/bin:/bin", LANG: "C", LIVE_URL: liveUrl, CLAIM_TOKEN: claimToken, OWNER_PASSWORD: ownerPassword, JAR: jar },
    redactor,
  );
  const claimed = await onInstance.run({
    title: "POST $LIVE_URL/invite (the claim link's form)",
    note: "The form the claim link opens, posted by curl: the owner chooses their own password on their instance. The answer signs them in there.",
    command: curlCommand([
      `curl -sS -i -c "$JAR" -X POST "$LIVE_URL/invite"`,
      `--data-urlencode intent=create-account --data-urlencode "token=$CLAIM_TOKEN"`,
      `--data-urlencode "name=Olivia Owner" --data-urlencode "password=$OWNER_PASSWORD"`,
    ]),
    expectStatus: 302,
  });
  expectEqual("claim answered with a redirect", 302, claimed.status);
  const instanceGet = (route: string) => curlCommand([`curl -sS -i -b "$JAR" "$LIVE_URL${route}"`]);
  const instanceStats = await onInstance.run({
    title: "GET $LIVE_URL/api/dashboard/stats (the owner, on their instance)",
    note: "The instance serves Northwind Studio, handed over by the verification above.",
    command: instanceGet("/api/dashboard/stats"),
    expectStatus: 200,
  });
  expectEqual("the instance serves the workspace", "Northwind Studio", (instanceStats.json as { tenant: { name: string } }).tenant.name);
  const instanceSetup = await onInstance.run({
    title: "GET $LIVE_URL/api/setup",
    note: "The setup checklist came over with the workspace.",
    command: instanceGet("/api/setup"),
    expectStatus: 200,
  });
  expectEqual("required setup items left on the instance", 0, (instanceSetup.json as { requiredRemaining: number }).requiredRemaining);
  await onInstance.run({
    title: "GET $LIVE_URL/api/team",
    note: "The owner, signed in with the password they chose there: no password hash left the platform.",
    command: instanceGet("/api/team"),
    expectStatus: 200,
  });

  await transcript.run({
    title: "GET /api/deploy/config",
    note: "The configuration as stored: masked database URL, fingerprints (never values), progress and badge.",
    command: get("/api/deploy/config"),
    expectStatus: 200,
  });
  const runs = await transcript.run({
    title: "GET /api/deploy/runs",
    note: "Every pre-flight and verification, newest first.",
    command: get("/api/deploy/runs"),
    expectStatus: 200,
  });
  expectEqual(
    "runs recorded",
    ["verify:passed", "preflight:passed", "preflight:failed"],
    (runs.json as { runs: { kind: string; status: string }[] }).runs.map((run) => `${run.kind}:${run.status}`),
  );
  const stats = await transcript.run({
    title: "GET /api/dashboard/stats",
    note: "The tenant's figures for a token or session (a deploy-verifier JWT gets instance figures instead).",
    command: get("/api/dashboard/stats"),
    expectStatus: 200,
  });
  expectEqual("stats deploy status", "live", (stats.json as { stats: { deploy: { status: string } } }).stats.deploy.status);

  await live.stop();
  transcript.exchanges.push(...onInstance.exchanges);
  return transcript;
}

function writeReport(input: { steps: string; badges: string; transcript: Transcript; acme: string; northwind: string; stay: string }) {
  const text = [
    "# Go-Live: proof of the Go-Live flow",
    "Written by `npm run proof` ([scripts/proof.ts](../scripts/proof.ts)). A clean clone produces the same report: only the timings (`timingMs`, `durationMs`, “N ms”, `observedValue`) and the screenshots' pixels differ between runs. See [README.md](../README.md) for the product and [DEPLOY.md](../DEPLOY.md) for deploying it.",
    "## What ran",
    [
      `- **The platform**: this build (\`node server.js\`, NODE_ENV=production) on http://127.0.0.1:${PLATFORM_PORT}, on the embedded database in a fresh temporary directory, with the demo seed and \`ALLOW_LOCAL_TARGETS=true\` so that the wizard may call addresses on loopback.`,
      `- **Acme Bakery's live app**: a second instance of the same build on http://127.0.0.1:${ACME_LIVE_PORT}, NODE_ENV=production, with its own PostgreSQL database \`${input.acme}\` and the values the wizard generated.`,
      `- **Northwind Studio's live app**: a third instance on http://127.0.0.1:${NORTHWIND_LIVE_PORT} with its own database \`${input.northwind}\`.`,
      "- The tenant databases belong to the PostgreSQL role `golive_app`, which logs in with a password (`scripts/prepare-postgres.sh` creates it; the proof runs that script when the role cannot log in).",
      `- **The browser**: Chromium at a phone viewport of 360×740 with JavaScript off, signed in as ${DEMO.owner} (owner of both workspaces); the member's view and the owner's own instance in browsers of their own, the same size, also without JavaScript.`,
      "- **Secrets**: no secret value appears in this report. The three generated secrets, the database password and the API token are replaced by `<secret: N chars>` (N is the value's length); run-dependent ids, timestamps, fingerprints and token tails by `<id>`, `<timestamp>`, `<fingerprint>` and `<last4>`.",
    ].join("\n"),
    "## 1. The Deploy Wizard in the browser (Acme Bakery)",
    "Build → Setup → Verify → LIVE, one screenshot per step A–H, at 360 px wide with JavaScript off.",
    input.steps,
    "## 2. The badge in its three states",
    "The header badge on every dashboard page, in the order the flow above met them: ACTION REQUIRED, BLOCKED, LIVE.",
    input.badges,
    "## 3. The same flow through the JSON API with curl (Northwind Studio)",
    [
      "The commands below are the exact commands the proof ran (through `bash -c`), with these variables (the last four for the owner's own instance):",
      "",
      "```sh",
      `export GOLIVE_URL=http://127.0.0.1:${PLATFORM_PORT}   # the platform of this run; use your own`,
      "export OWNER_EMAIL=owner@acme.test DEMO_PASSWORD=…   # the demo owner's sign-in, for the first four commands",
      "export GOLIVE_JAR=platform.cookies   # curl's cookie jar: the session on the platform",
      "export GOLIVE_TOKEN=glpat_…   # the personal API token POST /api/tokens answered with",
      "export TENANT_DB_PASSWORD=…   # the password of the golive_app PostgreSQL role (scripts/prepare-postgres.sh)",
      `export LIVE_URL=http://127.0.0.1:${NORTHWIND_LIVE_PORT}   # the workspace's own instance`,
      "export CLAIM_TOKEN=glinv_…   # the token of the claim link POST /api/deploy/live answered with",
      "export OWNER_PASSWORD=…   # the password the owner chooses on their instance",
      "export JAR=instance.cookies   # curl's cookie jar: the session on the instance",
      "```",
      "",
      "From signing in to the owner's sign-in on their own instance, nothing but curl. Each answer shows curl's status line (other headers left out) and the JSON body, pretty-printed.",
    ].join("\n"),
    ...input.transcript.exchanges.map((item, index) => exchange(index + 1, item)),
    input.stay,
    "## 4. What the proof checked",
    "Each line is an expectation that held; the first one that does not stops the run with exit code 1 and prints what was expected and what was seen.",
    checked.map((line) => `- ${line.replace(/\d+ ms/g, "N ms")}`).join("\n"),
  ].join("\n\n");
  const leaks = redactor.leaks(text);
  if (leaks.length) throw new ProofFailure("reports/proof.md", "no secret values", leaks.join(", "));
  return text + "\n";
}

async function main() {
  process.chdir(ROOT);
  const noBuild = process.argv.includes("--no-build");
  for (const port of [PLATFORM_PORT, ACME_LIVE_PORT, NORTHWIND_LIVE_PORT]) await assertPortFree(port);
  if (!noBuild) build();
  else if (!existsSync("build/http/index.js")) throw new ProofFailure("--no-build", "an existing build in build/", "none: run without --no-build");
  await ensureTenantRole();

  rmSync(STAGING, { recursive: true, force: true });
  mkdirSync(SHOTS, { recursive: true });
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "golive-proof-"));
  cleanups.push(async () => rmSync(dataDir, { recursive: true, force: true }));
  const acmeDb = await createTenantDatabase("golive_proof_acme");
  cleanups.push(() => acmeDb.drop());
  const northwindDb = await createTenantDatabase("golive_proof_northwind");
  cleanups.push(() => northwindDb.drop());

  console.log(`==> platform on http://127.0.0.1:${PLATFORM_PORT} (log: .tmp/proof-platform.log)`);
  const platform = await startPlatform({ port: PLATFORM_PORT, dataDir, logFile: ".tmp/proof-platform.log" });
  cleanups.push(() => platform.stop());

  const browser: Browser = await chromium.launch({
    executablePath: existsSync("/usr/bin/chromium") ? "/usr/bin/chromium" : undefined,
    // The same flags as playwright.config.ts.
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
      "--disable-quic",
    ],
  });
  cleanups.push(() => browser.close());
  // A phone without JavaScript: every step must work as plain form posts.
  const context = await browser.newContext({
    baseURL: platform.url,
    viewport: { width: 360, height: 740 },
    deviceScaleFactor: 1,
    isMobile: false,
    hasTouch: true,
    javaScriptEnabled: false,
    locale: "en-GB",
    timezoneId: "UTC",
  });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);

  console.log("==> the wizard in the browser (Acme Bakery)");
  const ui = await wizardInTheBrowser(page, acmeDb);
  console.log("==> the API with curl (Northwind Studio)");
  const transcript = await apiWithCurl(platform, northwindDb);

  console.log("==> stay LIVE: Acme's app goes down and comes back");
  const stay = await stayLiveProof({ page, platformUrl: platform.url, livePort: ACME_LIVE_PORT, env: ui.acmeEnv, shotsDir: SHOTS, redactor });
  const report = writeReport({ ...ui, transcript, acme: acmeDb.name, northwind: northwindDb.name, stay });
  mkdirSync("reports", { recursive: true });
  rmSync("reports/screenshots", { recursive: true, force: true });
  renameSync(SHOTS, "reports/screenshots");
  writeFileSync("reports/proof.md", report);
  rmSync(STAGING, { recursive: true, force: true });
  console.log(`==> proof passed: ${checked.length} expectations held; wrote reports/proof.md and reports/screenshots/`);
}

async function cleanup() {
  for (const step of cleanups.reverse()) await step().catch((error: unknown) => console.error(`cleanup: ${(error as Error).message}`));
  cleanups.length = 0;
}

process.once("SIGINT", () => {
  void cleanup().finally(() => process.exit(130));
});

main()
  .then(cleanup)
  .catch(async (error: unknown) => {
    await cleanup();
    if (error instanceof ProofFailure) {
      console.error(`\nPROOF FAILED: ${error.what}\n  expected: ${error.expected}\n  seen:     ${error.seen}`);
    } else {
      console.error("\nPROOF FAILED with an error:", error);
    }
    console.error(
      "The committed report is unchanged; this run's screenshots so far are in reports/.tmp/proof/screenshots/ and the servers' logs in .tmp/proof-*.log.",
    );
    process.exit(1);
  });
