import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signVerifierToken } from "~/auth/verifier-token.server";
import { db } from "~/db/client.server";
import { deployState, saveAppUrl } from "~/deploy/config/deploy-config.server";
import { issueClaimLink } from "~/deploy/checks/handover.server";
import { runVerification } from "~/deploy/checks/verify.server";
import { DomainError } from "~/domain-error";
import * as apiDeployLive from "~/routes/api.deploy.live";
import { TEST_SECRETS, useTestDatabase } from "../helpers/db";
import { configureDeploy, ensurePassingRuns, tenantWithTeam, tokenFor, type Ctx } from "./helpers/fixtures";
import { cookieFrom, createPlatformDatabase, POSTGRES_AVAILABLE, securityPort, startPlatform, type PlatformProcess } from "./helpers/platform";
import { callRoute } from "./helpers/routes";

/**
 * The hand-over, end to end: the platform (this test process, on its own PostgreSQL database) verifies
 * a workspace's own instance (the built app as a second process, GOLIVE_MODE=instance, on another
 * database) and hands the workspace over: name, setup checklist, modules, the team as invitations.
 * Then the owner's claim link sets their password there. Refusals: another workspace, and forged,
 * expired, replayed, wrong-scope and wrong-audience tokens.
 */
describe.skipIf(!POSTGRES_AVAILABLE)("handing a workspace over to its own instance", () => {
  useTestDatabase("postgres", { ALLOW_LOCAL_TARGETS: "true", DEPLOY_CHECK_TIMEOUT_MS: "5000" });
  let team: Awaited<ReturnType<typeof tenantWithTeam>>;
  let ctx: Ctx;
  let secrets: Record<string, string>;
  let instance: PlatformProcess;
  let instanceDb: Awaited<ReturnType<typeof createPlatformDatabase>>;
  let jwtSecret: Buffer;
  let claimFromGoLive = "";

  async function onInstance<T>(query: (client: pg.Client) => Promise<T>) {
    const client = await instanceDb.client();
    try {
      return await query(client);
    } finally {
      await client.end();
    }
  }
  const count = (table: string, where = "TRUE") =>
    onInstance(async (c) => Number((await c.query(`SELECT count(*)::int AS n FROM "${table}" WHERE ${where}`)).rows[0].n));

  beforeAll(async () => {
    team = await tenantWithTeam("Handover Co");
    ctx = team.as("OWNER");
    await db().tenantModule.updateMany({ where: { tenantId: team.tenant.id, module: { in: ["ai", "email"] } }, data: { enabled: true } });
    secrets = await configureDeploy(ctx, { appUrl: "https://handover.example.com", databaseUrl: "postgresql://app:handover-pw-1@db.example.com:5432/app" });
    jwtSecret = Buffer.from(secrets.JWT_SECRET!, "base64");
    instanceDb = await createPlatformDatabase();
    instance = await startPlatform({
      port: await securityPort(4660),
      env: {
        GOLIVE_MODE: "instance",
        DATABASE_URL: instanceDb.url,
        JWT_SECRET: secrets.JWT_SECRET!,
        ENCRYPTION_KEY: secrets.ENCRYPTION_KEY!,
        SESSION_SECRET: secrets.SESSION_SECRET!,
      },
    });
    await saveAppUrl(ctx, instance.url);
  });

  afterAll(async () => {
    await instance?.stop();
    await instanceDb?.drop();
  });

  const handoverToken = (options: { secret?: Buffer; audience?: string; scope?: string; now?: Date } = {}) =>
    signVerifierToken({
      secret: options.secret ?? jwtSecret,
      audience: options.audience ?? instance.url,
      scope: options.scope ?? "deploy:handover",
      now: options.now,
    });
  const post = (path: string, token: string, body: unknown) =>
    fetch(`${instance.url}${path}`, {
      method: "POST",
      headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
      body: JSON.stringify(body),
    });
  const payload = (overrides: { id?: string; name?: string } = {}) => ({
    workspace: { id: overrides.id ?? team.tenant.id, name: overrides.name ?? "Handover Co", slug: team.tenant.slug },
    setup: [],
    modules: [],
    team: [],
  });

  it("verification of the empty instance passes and hands the workspace over: name, checklist, modules, the team as invitations, no credentials", async () => {
    expect(await count("Tenant")).toBe(0);
    const run = await runVerification(ctx);
    expect(run.status, JSON.stringify(run.checks)).toBe("passed");
    const handover = run.checks.find((check) => check.id === "live.handover")!;
    expect(handover).toMatchObject({ status: "pass", code: "handed_over", detail: expect.stringContaining("Handover Co") });
    expect(typeof handover.timingMs).toBe("number");

    const tenant = await onInstance(async (c) => (await c.query(`SELECT id, name, slug FROM "Tenant"`)).rows);
    expect(tenant).toEqual([{ id: team.tenant.id, name: "Handover Co", slug: team.tenant.slug }]);
    const platformSetup = await db().setupItem.count({ where: { tenantId: team.tenant.id, done: true } });
    expect(platformSetup).toBeGreaterThan(0);
    expect(await count("SetupItem", `"done"`)).toBe(platformSetup);
    const modules = await onInstance(async (c) => (await c.query(`SELECT module FROM "TenantModule" WHERE enabled ORDER BY module`)).rows.map((r) => r.module));
    expect(modules).toEqual(["ai", "email"]);
    const invitations = await onInstance(
      async (c) => (await c.query(`SELECT email, role FROM "Invitation" WHERE "revokedAt" IS NULL AND "acceptedAt" IS NULL ORDER BY email`)).rows,
    );
    const people = Object.entries(team.people)
      .map(([role, person]) => ({ email: person.email.toLowerCase(), role }))
      .sort((a, b) => a.email.localeCompare(b.email));
    expect(invitations).toEqual(people);
    // Nothing that signs anyone in crossed: no account, password hash, session or API token.
    for (const table of ["User", "Membership", "Session", "ApiToken"]) expect(await count(table), table).toBe(0);
    expect(await count("AuditLog", `action = 'WORKSPACE_RECEIVED'`)).toBe(1);
    expect(await db().auditLog.count({ where: { tenantId: team.tenant.id, action: "DEPLOY_WORKSPACE_HANDED_OVER" } })).toBe(1);
  });

  it("Go LIVE through the API gives the owner a claim link to the instance, in that answer only", async () => {
    await ensurePassingRuns(ctx); // pre-flight (a tenant database is not part of this test); verification passed for real above
    const { token } = await tokenFor(team.people.OWNER.id, team.tenant.id);
    const answer = await callRoute(apiDeployLive, { method: "POST", path: "/api/deploy/live", headers: { Authorization: `Bearer ${token}` } });
    expect(answer.status, answer.text).toBe(200);
    expect(answer.headers.get("Cache-Control")).toBe("no-store");
    const claim = (answer.body as { claim: { link: string } }).claim;
    expect(claim.link).toMatch(new RegExp(`^${instance.url}/invite\\?token=glinv_`));
    claimFromGoLive = claim.link;
    // An admin's Go LIVE carries no claim link.
    const admin = await tokenFor(team.people.ADMIN.id, team.tenant.id);
    const adminAnswer = await callRoute(apiDeployLive, { method: "POST", path: "/api/deploy/live", headers: { Authorization: `Bearer ${admin.token}` } });
    expect(adminAnswer.body).not.toHaveProperty("claim");
    await expect(issueClaimLink({ ...team.as("ADMIN") }, await deployState(team.tenant.id))).rejects.toMatchObject({ code: "forbidden" });
  });

  it("a repeated hand-over updates name, checklist and modules, and deletes nothing created on the instance", async () => {
    await db().tenant.update({ where: { id: team.tenant.id }, data: { name: "Handover Co Renamed" } });
    await db().tenantModule.update({ where: { tenantId_module: { tenantId: team.tenant.id, module: "email" } }, data: { enabled: false } });
    const undone = (await db().setupItem.findFirstOrThrow({ where: { tenantId: team.tenant.id, done: true }, select: { key: true } })).key;
    await db().setupItem.update({ where: { tenantId_key: { tenantId: team.tenant.id, key: undone } }, data: { done: false } });
    // Made on the instance since the first hand-over: an invitation of its own.
    await onInstance((c) =>
      c.query(
        `INSERT INTO "Invitation" (id, "tenantId", email, role, "tokenHash", "expiresAt") VALUES ('local-inv', $1, 'local@example.test', 'MEMBER', 'local-hash', now() + interval '1 day')`,
        [team.tenant.id],
      ),
    );
    const invitationsBefore = await count("Invitation");
    await ensurePassingRuns(ctx);
    const run = await runVerification(ctx);
    expect(run.status, JSON.stringify(run.checks)).toBe("passed");
    expect(run.checks.find((check) => check.id === "live.handover")).toMatchObject({ status: "pass", code: "updated" });
    expect(await onInstance(async (c) => (await c.query(`SELECT name FROM "Tenant"`)).rows)).toEqual([{ name: "Handover Co Renamed" }]);
    expect(await count("TenantModule", `enabled`)).toBe(1);
    expect(await count("SetupItem", `key = '${undone}' AND NOT done`)).toBe(1);
    expect(await count("Invitation", `id = 'local-inv' AND "revokedAt" IS NULL`)).toBe(1);
    expect(await count("Invitation")).toBe(invitationsBefore);
    expect(await count("AuditLog", `action = 'WORKSPACE_RECEIVED'`)).toBe(2);
  });

  it("an instance that serves this workspace refuses another one (409), and changes nothing", async () => {
    const answer = await post("/api/instance/handover", await handoverToken(), payload({ id: "another-workspace", name: "Intruder" }));
    expect(answer.status).toBe(409);
    expect(await answer.json()).toMatchObject({ error: { code: "conflict" } });
    expect(await onInstance(async (c) => (await c.query(`SELECT id, name FROM "Tenant"`)).rows)).toEqual([{ id: team.tenant.id, name: "Handover Co Renamed" }]);
  });

  it("refuses forged, expired, replayed, wrong-scope and wrong-audience tokens, each with its reason code, and changes nothing", async () => {
    const hijack = payload({ name: "Hijacked" });
    const cases: [string, string][] = [
      ["signature", await handoverToken({ secret: Buffer.from(TEST_SECRETS.JWT_SECRET, "base64") })],
      ["expired", await handoverToken({ now: new Date(Date.now() - 10 * 60_000) })],
      ["scope", await handoverToken({ scope: "deploy:verify" })],
      ["audience", await handoverToken({ audience: "https://elsewhere.example.com" })],
      ["malformed", "not-a-jwt"],
    ];
    for (const [reason, token] of cases) {
      const answer = await post("/api/instance/handover", token, hijack);
      expect(answer.status, reason).toBe(401);
      expect(await answer.json(), reason).toMatchObject({ error: { code: "invalid_token", reason } });
    }
    // A good token works once; the same token again is refused as replayed.
    const once = await handoverToken();
    expect((await post("/api/instance/handover", once, payload({ name: "Handover Co Renamed" }))).status).toBe(200);
    const again = await post("/api/instance/handover", once, hijack);
    expect(again.status).toBe(401);
    expect(await again.json()).toMatchObject({ error: { reason: "replayed" } });
    // A verification token is not a hand-over token either, on the claim endpoint as well.
    expect(
      (await post("/api/instance/claim", await handoverToken({ scope: "deploy:verify" }), { workspaceId: team.tenant.id, email: "x@example.test" })).status,
    ).toBe(401);
    expect(await onInstance(async (c) => (await c.query(`SELECT name FROM "Tenant"`)).rows)).toEqual([{ name: "Handover Co Renamed" }]);
  });

  it("refuses a hand-over body that is not a workspace (400 naming the fields, 413 past the cap), after the token, and changes nothing", async () => {
    const bad = await post("/api/instance/handover", await handoverToken(), { ...payload(), team: [{ email: "not-an-address", role: "KING" }], extra: true });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error: { code: "invalid_input", fields: expect.any(Object) } });
    const huge = await post("/api/instance/handover", await handoverToken(), { ...payload(), padding: "x".repeat(70 * 1024) });
    expect(huge.status).toBe(413);
    // Without a token the body is never looked at: 401 first.
    expect((await fetch(`${instance.url}/api/instance/handover`, { method: "POST", headers: { "Content-Type": "application/json" }, body: "{" })).status).toBe(
      401,
    );
    expect(await onInstance(async (c) => (await c.query(`SELECT name FROM "Tenant"`)).rows)).toEqual([{ name: "Handover Co Renamed" }]);
  });

  it("the owner's claim link: a new one replaces the old; opening it sets their password on the instance; then they sign in there", async () => {
    const state = await deployState(team.tenant.id);
    const first = await issueClaimLink(ctx, state);
    const second = await issueClaimLink(ctx, state);
    for (const old of [claimFromGoLive, first.link]) expect((await fetch(old)).status, old).toBe(410);
    const page = await fetch(second.link);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("Handover Co Renamed");
    const token = new URL(second.link).searchParams.get("token")!;
    const browser = { Origin: instance.url, "Sec-Fetch-Site": "same-origin", "Content-Type": "application/x-www-form-urlencoded" };
    const password = "claimed-instance-pw-2026";
    const accepted = await fetch(`${instance.url}/invite`, {
      method: "POST",
      redirect: "manual",
      headers: browser,
      body: new URLSearchParams({ intent: "create-account", token, name: "The Owner", password }).toString(),
    });
    expect(accepted.status, await accepted.text()).toBe(302);
    const signIn = await fetch(`${instance.url}/login`, {
      method: "POST",
      redirect: "manual",
      headers: browser,
      body: new URLSearchParams({ email: team.people.OWNER.email, password, redirectTo: "/dashboard" }).toString(),
    });
    expect(signIn.status).toBe(302);
    const cookie = cookieFrom(signIn)!;
    const teamPage = await fetch(`${instance.url}/dashboard/team`, { headers: { Cookie: cookie } });
    expect(teamPage.status).toBe(200);
    const html = await teamPage.text();
    expect(html).toContain("Handover Co Renamed");
    expect(html).toContain(team.people.ADMIN.email.toLowerCase());
    expect(await count("Membership", `role = 'OWNER' AND active`)).toBe(1);
    // Claimed: no further link for that address.
    await expect(issueClaimLink(ctx, state)).rejects.toBeInstanceOf(DomainError);
  });
});
