import { describe, expect, it } from "vitest";
import { hitRateLimit, RATE_LIMITS, type RateLimitRule } from "~/auth/rate-limit.server";
import { db } from "~/db/client.server";
import * as apiGenerate from "~/routes/api.env.generate";
import * as apiPreflight from "~/routes/api.deploy.preflight";
import * as apiVerify from "~/routes/api.deploy.verify";
import * as login from "~/routes/login";
import * as pageSecrets from "~/routes/dashboard.deploy.secrets";
import { DATABASE_KINDS, TEST_PASSWORD, useTestDatabase } from "../helpers/db";
import { configureDeploy, ensurePassingRuns, sessionCookieFor, snapshot, tenantWithTeam, tokenFor } from "./helpers/fixtures";
import { callRoute, formBody, isApiErrorShape, jsonBody, type Outcome } from "./helpers/routes";

/**
 * Rate limits (issue 5) through the routes: sign-in per account and address, and generate,
 * pre-flight and verify per person and workspace, answering 429 with Retry-After and changing
 * nothing. Sharing between instances through the database is proven in http-server.test.ts.
 */
function expectLimited(outcome: Outcome, rule: RateLimitRule) {
  expect(outcome.crash).toBeUndefined();
  expect(outcome.status, outcome.text.slice(0, 200)).toBe(429);
  const retryAfter = Number(outcome.headers.get("Retry-After"));
  expect(Number.isInteger(retryAfter)).toBe(true);
  expect(retryAfter).toBeGreaterThan(0);
  expect(retryAfter).toBeLessThanOrEqual(rule.windowSeconds);
}

describe.each(DATABASE_KINDS)("rate limits on %s", (kind) => {
  useTestDatabase(kind, { ALLOW_LOCAL_TARGETS: "true", DEPLOY_CHECK_TIMEOUT_MS: "1000" });

  async function setup() {
    const team = await tenantWithTeam(`Limits ${kind}`);
    await configureDeploy(team.as("OWNER"), { appUrl: "http://127.0.0.1:9", databaseUrl: "postgresql://app:limits-pw-1@127.0.0.1:9/app" });
    const owner = { Authorization: `Bearer ${(await tokenFor(team.people.OWNER.id, team.tenant.id)).token}` };
    const admin = { Authorization: `Bearer ${(await tokenFor(team.people.ADMIN.id, team.tenant.id)).token}` };
    return { team, owner, admin };
  }

  it("generate: the 11th generation in an hour answers 429 with Retry-After in the JSON error shape, and keeps the secrets", async () => {
    const { team, owner, admin } = await setup();
    const generate = (headers: Record<string, string>) =>
      callRoute(apiGenerate, {
        method: "POST",
        path: "/api/env/generate",
        ...jsonBody({ confirmRotation: true }),
        headers: { ...headers, ...jsonBody({}).headers },
      });
    for (let i = 0; i < RATE_LIMITS.generateSecrets.points; i++) expect((await generate(owner)).status).toBe(201);
    const before = await snapshot(team.tenant.id);
    const limited = await generate(owner);
    expectLimited(limited, RATE_LIMITS.generateSecrets);
    expect(isApiErrorShape(limited.body)).toBe(true);
    expect(limited.body).toMatchObject({ error: { code: "rate_limited" } });
    expect(await snapshot(team.tenant.id)).toBe(before);
    // Per person: the admin of the same workspace still can.
    expect((await generate(admin)).status).toBe(201);
  });

  it("generate through the secrets page: a thrown 429 with Retry-After", async () => {
    const { team } = await setup();
    const cookie = (await sessionCookieFor(team.people.OWNER.id, team.tenant.id)).cookie;
    for (let i = 0; i < RATE_LIMITS.generateSecrets.points; i++) await hitRateLimit(RATE_LIMITS.generateSecrets, `${team.tenant.id}:${team.people.OWNER.id}`);
    const before = await snapshot(team.tenant.id);
    const outcome = await callRoute(pageSecrets, {
      method: "POST",
      path: "/dashboard/deploy/secrets",
      ...formBody({ intent: "generate", confirmRotation: "on" }),
      headers: { Cookie: cookie, ...formBody({}).headers },
    });
    expect(outcome.thrown).toBe(true);
    expectLimited(outcome, RATE_LIMITS.generateSecrets);
    expect(await snapshot(team.tenant.id)).toBe(before);
  });

  for (const [name, rule, mod, path] of [
    ["pre-flight", RATE_LIMITS.preflight, apiPreflight, "/api/deploy/preflight"],
    ["verify", RATE_LIMITS.verify, apiVerify, "/api/deploy/verify"],
  ] as const) {
    it(`${name}: run number ${rule.points + 1} within ${rule.windowSeconds / 60} minutes answers 429 with Retry-After and stores no run`, async () => {
      const { team, owner, admin } = await setup();
      await ensurePassingRuns(team.as("OWNER"));
      for (let i = 0; i < rule.points - 1; i++) await hitRateLimit(rule, `${team.tenant.id}:${team.people.OWNER.id}`);
      await ensurePassingRuns(team.as("OWNER"));
      expect((await callRoute(mod, { method: "POST", path, headers: owner })).status).toBe(200);
      await ensurePassingRuns(team.as("OWNER"));
      const before = await snapshot(team.tenant.id);
      const limited = await callRoute(mod, { method: "POST", path, headers: owner });
      expectLimited(limited, rule);
      expect(limited.body).toMatchObject({ error: { code: "rate_limited" } });
      expect(await snapshot(team.tenant.id)).toBe(before);
      expect((await callRoute(mod, { method: "POST", path, headers: admin })).status).toBe(200);
      // The window ends: counts start again.
      await db().rateLimit.updateMany({
        where: { key: `${rule.name}:${team.tenant.id}:${team.people.OWNER.id}` },
        data: { expire: new Date(Date.now() - 1000) },
      });
      await ensurePassingRuns(team.as("OWNER"));
      expect((await callRoute(mod, { method: "POST", path, headers: owner })).status).toBe(200);
    });
  }

  it("sign-in: 8 wrong passwords for one account from one address, then 429 with Retry-After even for the right one; another address is not blocked", async () => {
    const { team } = await setup();
    const attempt = (password: string, ip: string) =>
      callRoute(login, {
        method: "POST",
        path: "/login",
        ...formBody({ email: team.people.VIEWER.email, password }),
        headers: { ...formBody({}).headers, "x-golive-client-ip": ip },
      });
    for (let i = 0; i < RATE_LIMITS.signInAccount.points; i++) expect((await attempt("wrong password", "203.0.113.7")).status).toBe(401);
    const sessions = await db().session.count({ where: { userId: team.people.VIEWER.id } });
    const limited = await attempt(TEST_PASSWORD, "203.0.113.7");
    expectLimited(limited, RATE_LIMITS.signInAccount);
    expect(limited.headers.get("Set-Cookie")).toBeNull();
    expect(await db().session.count({ where: { userId: team.people.VIEWER.id } })).toBe(sessions);
    const elsewhere = await attempt(TEST_PASSWORD, "203.0.113.8");
    expect(elsewhere.status).toBe(302);
  });

  it("sign-in: 60 attempts from one address over many accounts, then 429 for any account from it", async () => {
    const { team } = await setup();
    const ip = "198.51.100.99";
    for (let i = 0; i < RATE_LIMITS.signInIp.points; i++) await hitRateLimit(RATE_LIMITS.signInIp, ip);
    const outcome = await callRoute(login, {
      method: "POST",
      path: "/login",
      ...formBody({ email: team.people.ADMIN.email, password: TEST_PASSWORD }),
      headers: { ...formBody({}).headers, "x-golive-client-ip": ip },
    });
    expectLimited(outcome, RATE_LIMITS.signInIp);
  });

  it("concurrent hits are all counted (one atomic statement each)", async () => {
    const rule = { name: `test:concurrent:${kind}`, points: 5, windowSeconds: 60 };
    const results = await Promise.all(Array.from({ length: 12 }, () => hitRateLimit(rule, "subject")));
    expect(results.filter((r) => r.allowed)).toHaveLength(5);
    expect((await db().rateLimit.findUniqueOrThrow({ where: { key: `${rule.name}:subject` } })).points).toBe(12);
  });
});
