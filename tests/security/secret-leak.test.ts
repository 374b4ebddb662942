import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeDatabase, openDatabase } from "~/db/client.server";
import { TEST_PASSWORD, TEST_SECRETS, testEnv } from "../helpers/db";
import { createTenantDatabase, TENANT_DB_PASSWORD } from "../e2e/live-instance";
import { tenantWithTeam } from "./helpers/fixtures";
import { cookieFrom, createPlatformDatabase, dumpAllTables, POSTGRES_AVAILABLE, securityPort, startPlatform, type PlatformProcess } from "./helpers/platform";
import { listRouteFiles } from "./helpers/routes";
import { encodings } from "../helpers/secret-forms";

/**
 * Secret-leak scan (issue 5). A complete Go-Live run through the real HTTP server of the built app,
 * with a second instance of the build as the tenant's live app: generated secrets, a database URL
 * with a password (and an earlier one with odd characters), every optional key. Then everything
 * the platform produced is collected: its whole log output (and the live app's), every row of every
 * table, the HTML and data of every dashboard page and every API answer. None may contain a secret
 * in any common encoding; the one generate response must (the positive control).
 */
type Captured = { label: string; text: string };

describe.skipIf(!POSTGRES_AVAILABLE)("secret-leak scan after a complete Go-Live run", () => {
  let database: Awaited<ReturnType<typeof createPlatformDatabase>>;
  let tenantDb: Awaited<ReturnType<typeof createTenantDatabase>>;
  let platform: PlatformProcess;
  let live: PlatformProcess | undefined;
  const captured: Captured[] = [];
  let generateResponse = "";
  let tokenResponse = "";
  let invitationResponse = "";
  let invitationToken = "";
  let claimResponse = "";
  let webhookResponse = "";
  const claimTokens: string[] = [];
  const INVITEE_PASSWORD = "leak-scan-invitee-chosen-pw";
  const secrets: Record<string, string> = {};

  // An earlier database URL whose password has every character that needs encoding.
  const ODD_PASSWORD = "s3crét/p@ss:w0rd%?#&+ end";
  const OPTIONAL_KEYS = {
    OPENAI_API_KEY: "sk-proj-LeakScanOpenAiKey0123456789abcd",
    SMTP_URL: "smtp://mailer:smtp-Pass-LeakScan-77@smtp.example.com:587",
    EMAIL_API_KEY: "em_LeakScanEmailApiKey_0123456789",
    PAYMENTS_SECRET_KEY: "sk_live_LeakScanPaymentsKey0123456789",
    PAYMENTS_WEBHOOK_SECRET: "whsec_LeakScanWebhookSecret0123456789",
  };

  async function request(label: string, pathname: string, init: RequestInit = {}) {
    const response = await fetch(`${platform.url}${pathname}`, { redirect: "manual", ...init });
    const text = await response.text();
    const headers = [...response.headers.entries()].map(([k, v]) => `${k}: ${v}`).join("\n");
    captured.push({ label: `${init.method ?? "GET"} ${pathname} (${label})`, text: `${response.status}\n${headers}\n\n${text}` });
    return { response, text };
  }

  let cookie = "";
  let token = "";
  const browser = () => ({ Cookie: cookie, Origin: platform.url, "Sec-Fetch-Site": "same-origin" });
  const formPost = (label: string, pathname: string, fields: Record<string, string>) =>
    request(label, pathname, {
      method: "POST",
      headers: { ...browser(), "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams(fields).toString(),
    });
  const api = (label: string, method: string, pathname: string, body?: unknown) =>
    request(label, pathname, {
      method,
      headers: { Authorization: `Bearer ${token}`, ...(body === undefined ? {} : { "Content-Type": "application/json" }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });

  beforeAll(async () => {
    database = await createPlatformDatabase();
    tenantDb = await createTenantDatabase();
    // The platform's port first, the live app's after it: two free ports, even when 4610 is taken (securityPort moves on).
    const platformPort = await securityPort(4610);
    const livePort = await securityPort(platformPort + 1);
    platform = await startPlatform({
      port: platformPort,
      env: { DATABASE_URL: database.url, ALLOW_LOCAL_TARGETS: "true", DEPLOY_CHECK_TIMEOUT_MS: "5000" },
    });
    testEnv({ DATABASE_URL: database.url, APP_URL: platform.url });
    await openDatabase({ kind: "postgres", url: database.url });
    const team = await tenantWithTeam("Leak Scan Co");
    await closeDatabase();

    // Sign in and take a personal token (shown once: its own response is the one place it may appear).
    const signIn = await request("sign-in", "/login", {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: platform.url },
      body: new URLSearchParams({ email: team.people.OWNER.email, password: TEST_PASSWORD, redirectTo: "/dashboard" }).toString(),
    });
    expect(signIn.response.status).toBe(302);
    cookie = cookieFrom(signIn.response)!;
    const created = await request("create token", "/api/tokens", {
      method: "POST",
      headers: { ...browser(), "Content-Type": "application/json" },
      body: JSON.stringify({ name: "leak scan" }),
    });
    token = (JSON.parse(created.text) as { token: string }).token;
    tokenResponse = captured.pop()!.text;

    // An invitation: the link is shown once (its response, like the token's, is the one place it may
    // appear) and on the invitation page that needs it; the person then chooses their own password.
    const invited = await api("invite", "POST", "/api/team", { email: "leak-invitee@example.test", role: "ADMIN" });
    expect(invited.response.status).toBe(201);
    invitationResponse = captured.pop()!.text;
    invitationToken = new URL((JSON.parse(invited.text) as { link: string }).link).searchParams.get("token")!;
    const invitePage = await fetch(`${platform.url}/invite?token=${invitationToken}`);
    expect(await invitePage.text()).toContain(invitationToken);
    const joined = await request("accept invitation", "/invite", {
      method: "POST",
      headers: { Origin: platform.url, "Sec-Fetch-Site": "same-origin", "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ intent: "create-account", token: invitationToken, name: "Leak Invitee", password: INVITEE_PASSWORD }).toString(),
    });
    expect(joined.response.status).toBe(302);
    expect((await request("invitation used", `/invite?token=${invitationToken}`)).response.status).toBe(410);

    for (const module of ["ai", "email", "payments"])
      expect((await formPost("enable module", "/dashboard/modules", { intent: "enable", module })).response.status).toBe(302);
    expect((await formPost("A", "/dashboard/deploy/provider", { provider: "DOCKER" })).response.status).toBe(302);
    expect((await formPost("B", "/dashboard/deploy/url", { appUrl: `http://127.0.0.1:${livePort}` })).response.status).toBe(302);
    const oddUrl = `postgresql://golive_app:${encodeURIComponent(ODD_PASSWORD)}@127.0.0.1:5432/${tenantDb.name}`;
    // Saved, then tested (post, redirect, get): 303 back to step C with the outcome.
    expect((await formPost("C odd password", "/dashboard/deploy/database", { databaseUrl: oddUrl })).response.status).toBe(303);
    // Refused inputs that carry the password must not repeat it either.
    expect(
      (await formPost("C refused", "/dashboard/deploy/database", { databaseUrl: `mysql://golive_app:${TENANT_DB_PASSWORD}@127.0.0.1/x` })).response.status,
    ).toBe(400);
    expect(
      (await api("PUT refused", "PUT", "/api/deploy/config", { databaseUrl: `postgresql://golive_app:${TENANT_DB_PASSWORD}@0x7f000001/x` })).response.status,
    ).toBe(400);
    expect((await formPost("C", "/dashboard/deploy/database", { databaseUrl: tenantDb.url })).response.status).toBe(303);

    // D: the one response that carries the generated values.
    const generated = await api("generate", "POST", "/api/env/generate", {});
    expect(generated.response.status).toBe(201);
    generateResponse = captured.pop()!.text;
    const values = (JSON.parse(generated.text) as { secrets: Record<string, { value: string }> }).secrets;
    const liveSecrets = { JWT_SECRET: values.JWT_SECRET!.value, ENCRYPTION_KEY: values.ENCRYPTION_KEY!.value, SESSION_SECRET: values.SESSION_SECRET!.value };

    expect((await formPost("E", "/dashboard/deploy/keys", OPTIONAL_KEYS)).response.status).toBe(302);
    expect(
      (await api("E again (unchanged)", "PUT", "/api/deploy/config", { optionalKeys: { OPENAI_API_KEY: OPTIONAL_KEYS.OPENAI_API_KEY } })).response.status,
    ).toBe(200);

    // The tenant's live app: this same build, with the generated secrets and its own database.
    // With the module keys on its host too: verification checks them there, by fingerprint.
    live = await startPlatform({ port: livePort, env: { GOLIVE_MODE: "instance", DATABASE_URL: tenantDb.url, ...liveSecrets, ...OPTIONAL_KEYS } });

    expect((await formPost("F", "/dashboard/deploy/preflight", { intent: "run" })).response.status).toBe(302);
    const preflight = await api("F api", "POST", "/api/deploy/preflight");
    expect(JSON.parse(preflight.text), preflight.text).toMatchObject({ run: { status: "passed" } });
    const verify = await api("G api", "POST", "/api/deploy/verify");
    expect(JSON.parse(verify.text), verify.text).toMatchObject({ run: { status: "passed" } });
    expect((await formPost("G", "/dashboard/deploy/verify", { intent: "verify" })).response.status).toBe(302);
    // H: the owner's answer carries the claim link to the instance (verification handed the workspace
    // over): that answer is the one place it may appear. The API's Go LIVE issues a new one (the
    // first stops working), and so does "Issue a new claim link".
    const claimToken = (text: string) => /\/invite\?token=(glinv_[A-Za-z0-9_-]{43})/.exec(text)?.[1];
    expect((await formPost("H", "/dashboard/deploy/live", { intent: "go-live" })).response.status).toBe(200);
    claimResponse = captured.pop()!.text;
    claimTokens.push(claimToken(claimResponse)!);
    const wentLive = await api("H api", "POST", "/api/deploy/live");
    expect(wentLive.response.status).toBe(200);
    claimTokens.push(claimToken(captured.pop()!.text)!);
    expect((await formPost("H new claim link", "/dashboard/deploy/live", { intent: "claim-link" })).response.status).toBe(200);
    claimTokens.push(claimToken(captured.pop()!.text)!);
    expect(claimTokens.every(Boolean), "three claim links").toBe(true);
    // Stay LIVE: a webhook for alerts; its signing secret is shown once, in this answer.
    const hook = { intent: "monitor-settings", intervalMinutes: "5", webhookUrl: `http://127.0.0.1:${livePort}/hook` };
    expect((await formPost("H webhook", "/dashboard/deploy/live", hook)).response.status).toBe(200);
    webhookResponse = captured.pop()!.text;

    // Every dashboard page (from the route files), as HTML and as the data a JavaScript client loads.
    const pages = [
      ...new Set(
        listRouteFiles()
          .filter((route) => !route.resource && route.url.startsWith("/dashboard") && !route.url.includes(":") && !route.url.includes("*"))
          .map((route) => route.url),
      ),
    ];
    expect(pages.length).toBeGreaterThanOrEqual(14);
    for (const page of pages) {
      const html = await request("page", page, { headers: { Cookie: cookie } });
      expect([200, 302], page).toContain(html.response.status);
      await request("page data", `${page}.data`, { headers: { Cookie: cookie } });
    }
    // Every API that answers GET.
    const me = team.people.OWNER.id;
    const tokenId = (JSON.parse(tokenResponse.slice(tokenResponse.indexOf("\n\n") + 2)) as { id: string }).id;
    for (const pathname of [
      "/api/deploy/config",
      "/api/deploy/runs",
      "/api/deploy/runs?kind=verify",
      "/api/audit",
      "/api/team",
      `/api/team/${me}`,
      "/api/tokens",
      `/api/tokens/${tokenId}`,
      "/api/dashboard/stats",
      "/ready",
      "/health",
    ]) {
      const answer = await api("GET API", "GET", pathname);
      expect(answer.response.status, pathname).toBe(200);
    }

    Object.assign(secrets, {
      JWT_SECRET: liveSecrets.JWT_SECRET,
      ENCRYPTION_KEY: liveSecrets.ENCRYPTION_KEY,
      SESSION_SECRET: liveSecrets.SESSION_SECRET,
      "the database password": TENANT_DB_PASSWORD,
      "the earlier database password": ODD_PASSWORD,
      "the earlier database password as typed (URL-encoded)": encodeURIComponent(ODD_PASSWORD),
      ...OPTIONAL_KEYS,
      "the SMTP password": "smtp-Pass-LeakScan-77",
      "the personal API token": token,
      "the invitation link's token": invitationToken,
      "the invited person's chosen password": INVITEE_PASSWORD,
      ...Object.fromEntries(claimTokens.map((value, i) => [`claim link token ${i + 1}`, value])),
      "the user's password": TEST_PASSWORD,
      "the webhook secret": /value="(whsec_[A-Za-z0-9_-]{32})"/.exec(webhookResponse)?.[1] ?? "webhook secret not shown",
      "the platform's database password": database.password,
      "the platform's ENCRYPTION_KEY": TEST_SECRETS.ENCRYPTION_KEY,
      "the platform's SESSION_SECRET": TEST_SECRETS.SESSION_SECRET,
      "the platform's JWT_SECRET": TEST_SECRETS.JWT_SECRET,
    });
  }, 120_000);

  afterAll(async () => {
    await live?.stop();
    await platform?.stop();
    await database?.drop();
    await tenantDb?.drop();
  });

  it("the generate response is the one place the generated values and the database password appear (positive control)", () => {
    for (const name of ["JWT_SECRET", "ENCRYPTION_KEY", "SESSION_SECRET"]) expect(generateResponse, name).toContain(secrets[name]);
    expect(generateResponse).toContain(TENANT_DB_PASSWORD);
    expect(generateResponse).toMatch(/cache-control: no-store/i);
    expect(tokenResponse).toContain(secrets["the personal API token"]);
    expect(invitationResponse).toContain(secrets["the invitation link's token"]);
    expect(invitationResponse).toMatch(/cache-control: no-store/i);
    expect(claimResponse).toContain(claimTokens[0]);
    expect(claimResponse).toMatch(/cache-control: no-store/i);
    expect(webhookResponse).toContain(secrets["the webhook secret"]);
  });

  it("the hand-over carried no password hash, session or API token: the instance's database and log hold none of the platform's", async () => {
    const platformDb = await database.client();
    const instanceDb = new pg.Client({ connectionString: tenantDb.url });
    await instanceDb.connect();
    const corpus: Captured[] = [{ label: "live instance log", text: live?.output() ?? "" }];
    const credentials: Record<string, string> = {};
    try {
      for (const row of (await platformDb.query<{ email: string; passwordHash: string }>(`SELECT email, "passwordHash" FROM "User"`)).rows)
        credentials[`password hash of ${row.email}`] = row.passwordHash;
      for (const row of (await platformDb.query<{ id: string }>(`SELECT id FROM "Session"`)).rows) credentials[`session ${row.id.slice(0, 6)}…`] = row.id;
      for (const row of (await platformDb.query<{ tokenHash: string }>(`SELECT "tokenHash" FROM "ApiToken"`)).rows)
        credentials[`API token digest ${row.tokenHash.slice(0, 6)}…`] = row.tokenHash;
      const tables = await dumpAllTables(instanceDb);
      // The hand-over happened: the workspace and its people (as invitations) are there, nobody's account is.
      expect(tables.Tenant?.join("\n")).toContain("Leak Scan Co");
      expect(tables.AuditLog?.join("\n")).toContain("WORKSPACE_RECEIVED");
      expect(tables.Invitation?.length).toBeGreaterThanOrEqual(4);
      expect(tables.User ?? []).toEqual([]);
      for (const [table, rows] of Object.entries(tables)) rows.forEach((row, i) => corpus.push({ label: `instance table ${table} row ${i + 1}`, text: row }));
    } finally {
      await platformDb.end();
      await instanceDb.end();
    }
    expect(Object.keys(credentials).length).toBeGreaterThanOrEqual(6);
    const leaks: string[] = [];
    for (const [name, value] of Object.entries({ ...credentials, ...secrets })) {
      for (const [form, encoded] of Object.entries(encodings(value)))
        for (const item of corpus) if (item.text.includes(encoded)) leaks.push(`${name} (${form}) in ${item.label}`);
    }
    expect(leaks, leaks.join("\n")).toEqual([]);
  });

  it("the scan has something to scan: logs with request lines, every table, pages and API answers", async () => {
    const client = await database.client();
    try {
      const tables = await dumpAllTables(client);
      for (const table of ["DeployConfig", "DeployRun", "AuditLog", "Session", "ApiToken", "RateLimit", "Invitation"])
        expect(tables[table]?.length, table).toBeGreaterThan(0);
      expect(tables.DeployRun!.length).toBeGreaterThanOrEqual(4);
      expect(tables.AuditLog!.join("\n")).toContain("TENANT_MARKED_LIVE");
    } finally {
      await client.end();
    }
    expect(platform.output()).toMatch(/"msg":"request"/);
    expect(captured.length).toBeGreaterThan(40);
    expect(captured.some((item) => item.label.startsWith("GET /dashboard/deploy/secrets (page)") && item.text.includes("<html"))).toBe(true);
  });

  it("no log line, table row, audit row, DeployRun, page or later API answer contains a secret in any encoding", async () => {
    const client = await database.client();
    const corpus: Captured[] = [...captured];
    try {
      for (const [table, rows] of Object.entries(await dumpAllTables(client)))
        rows.forEach((row, i) => corpus.push({ label: `table ${table} row ${i + 1}`, text: row }));
    } finally {
      await client.end();
    }
    corpus.push({ label: "platform log (stdout and stderr)", text: platform.output() });
    await live?.stop();
    corpus.push({ label: "live instance log", text: live?.output() ?? "" });

    const leaks: string[] = [];
    for (const [name, value] of Object.entries(secrets)) {
      for (const [form, encoded] of Object.entries(encodings(value))) {
        for (const item of corpus) if (item.text.includes(encoded)) leaks.push(`${name} (${form}) in ${item.label}`);
      }
    }
    expect(leaks, leaks.join("\n")).toEqual([]);
  });
});
