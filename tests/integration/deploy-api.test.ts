import { describe, expect, it } from "vitest";
import { db } from "~/db/client.server";
import * as apiConfig from "~/routes/api.deploy.config";
import * as apiGenerate from "~/routes/api.env.generate";
import * as apiLive from "~/routes/api.deploy.live";
import * as apiPreflight from "~/routes/api.deploy.preflight";
import * as apiVerify from "~/routes/api.deploy.verify";
import { DATABASE_KINDS, useTestDatabase } from "../helpers/db";
import { closedPort } from "../helpers/loopback-server";
import { tenantWithTeam, tokenFor } from "../security/helpers/fixtures";
import { callRoute, jsonBody, type RouteModule } from "../security/helpers/routes";

/**
 * The deploy API follows the wizard's rules, from the same code as the pages: a step that is not
 * ready answers 409 with the step to finish as its fix; secrets can be generated or pasted.
 */
const key = (fill: number) => Buffer.alloc(32, fill).toString("base64");

describe.each(DATABASE_KINDS)("deploy API rules on %s", (kind) => {
  useTestDatabase(kind);

  async function owner() {
    const team = await tenantWithTeam();
    const { token } = await tokenFor(team.people.OWNER.id, team.tenant.id);
    const call = (mod: RouteModule, method: string, path: string, body: unknown = {}) =>
      callRoute(mod, { method, path, ...jsonBody(body), headers: { ...jsonBody(body).headers, Authorization: `Bearer ${token}` } });
    return { team, call };
  }

  it("answers a step that is not ready with 409 and the step to finish first", async () => {
    const { call, team } = await owner();
    const early = await call(apiConfig, "PUT", "/api/deploy/config", { databaseUrl: "postgresql://app:pw-123456@db.example.com:5432/app" });
    expect(early.status).toBe(409);
    expect(early.body).toMatchObject({ error: { code: "step_not_ready", fix: { href: "/dashboard/deploy/provider" } } });
    // A provider and a URL in one body count for the URL's own step.
    expect((await call(apiConfig, "PUT", "/api/deploy/config", { provider: "RENDER", appUrl: "https://acme.onrender.com" })).status).toBe(200);
    const keys = await call(apiConfig, "PUT", "/api/deploy/config", { optionalKeys: { OPENAI_API_KEY: "sk-proj-abcdefghijklmnopqrstuvwxyz012345" } });
    expect(keys.body).toMatchObject({ error: { code: "step_not_ready", fix: { href: "/dashboard/deploy/database" } } });
    const verify = await call(apiVerify, "POST", "/api/deploy/verify");
    expect(verify.status).toBe(409);
    expect(verify.body).toMatchObject({ error: { code: "step_not_ready", fix: { href: "/dashboard/deploy/database" } } });
    const live = await call(apiLive, "POST", "/api/deploy/live");
    expect(live.body).toMatchObject({ error: { code: "preflight_required", fix: { href: "/dashboard/deploy/preflight" } } });
    expect(await db().deployConfig.findUniqueOrThrow({ where: { tenantId: team.tenant.id }, select: { dbUrlEncrypted: true, status: true } })).toEqual({
      dbUrlEncrypted: null,
      status: "draft",
    });
  });

  it("stores the owner's own secrets through the API, and a rotation needs confirming", async () => {
    const { call, team } = await owner();
    await call(apiConfig, "PUT", "/api/deploy/config", {
      provider: "DOCKER",
      appUrl: "https://app.example.com",
      databaseUrl: "postgresql://app:pw-123456@db.example.com:5432/app",
    });

    const sameKeyTwice = await call(apiGenerate, "POST", "/api/env/generate", {
      secrets: { JWT_SECRET: key(1), ENCRYPTION_KEY: key(2), SESSION_SECRET: Buffer.alloc(32, 2).toString("base64url") },
    });
    expect(sameKeyTwice.status).toBe(400);
    expect(sameKeyTwice.body).toMatchObject({
      error: { code: "invalid_input", fields: { "secrets.SESSION_SECRET": [expect.stringContaining("different value")] } },
    });

    const own = { JWT_SECRET: key(1), ENCRYPTION_KEY: key(2), SESSION_SECRET: key(3) };
    const stored = await call(apiGenerate, "POST", "/api/env/generate", { secrets: own });
    expect(stored.status).toBe(201);
    expect(stored.headers.get("Cache-Control")).toBe("no-store");
    expect(stored.body).toMatchObject({
      source: "provided",
      rotated: false,
      secrets: { JWT_SECRET: { value: own.JWT_SECRET, encoding: "base64", bytes: 32 } },
    });

    const again = await call(apiGenerate, "POST", "/api/env/generate", {});
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ error: { code: "confirmation_required", fix: { href: "/dashboard/deploy/secrets" } } });
    const rotated = await call(apiGenerate, "POST", "/api/env/generate", { confirmRotation: true });
    expect(rotated.body).toMatchObject({ source: "generated", rotated: true });
    expect(JSON.stringify(rotated.body)).not.toContain(own.JWT_SECRET);
    const audit = await db().auditLog.findMany({
      where: { tenantId: team.tenant.id, action: { in: ["DEPLOY_SECRETS_GENERATED", "DEPLOY_SECRETS_ROTATED"] } },
      select: { action: true, metadata: true },
      orderBy: { createdAt: "asc" },
    });
    expect(audit.map((row) => [row.action, (row.metadata as { source: string }).source])).toEqual([
      ["DEPLOY_SECRETS_GENERATED", "provided"],
      ["DEPLOY_SECRETS_ROTATED", "generated"],
    ]);
  });
});

describe.each(DATABASE_KINDS)("step C tests the database when it is saved, on %s", (kind) => {
  useTestDatabase(kind, { ALLOW_LOCAL_TARGETS: "true", DEPLOY_CHECK_TIMEOUT_MS: "2000" });

  it("PUT /api/deploy/config saves a refused database and answers the failed test with its fix; a private one is not probed and passes pre-flight", async () => {
    const team = await tenantWithTeam();
    const { token } = await tokenFor(team.people.OWNER.id, team.tenant.id);
    const call = (mod: RouteModule, method: string, path: string, body: unknown = {}) =>
      callRoute(mod, { method, path, ...jsonBody(body), headers: { ...jsonBody(body).headers, Authorization: `Bearer ${token}` } });
    await call(apiConfig, "PUT", "/api/deploy/config", { provider: "RAILWAY", appUrl: "https://acme.up.railway.app" });

    const port = await closedPort();
    const refused = await call(apiConfig, "PUT", "/api/deploy/config", { databaseUrl: `postgresql://app:pw-123456@127.0.0.1:${port}/app` });
    expect(refused.status).toBe(200);
    expect(refused.body).toMatchObject({
      deploy: { databaseUrl: `postgresql://app:••••@127.0.0.1:${port}/app`, databasePrivate: false },
      databaseTest: { status: "fail", target: `127.0.0.1:${port}`, fix: expect.any(String) },
    });
    expect(refused.text).not.toContain("pw-123456");

    const reference = await call(apiConfig, "PUT", "/api/deploy/config", { databaseUrl: "${{Postgres.DATABASE_URL}}" });
    expect(reference.status).toBe(400);
    expect(reference.body).toMatchObject({ error: { fields: { databaseUrl: [expect.stringContaining("Railway variable reference")] } } });
    const alone = await call(apiConfig, "PUT", "/api/deploy/config", { databasePrivate: true });
    expect(alone.status).toBe(400);

    const internal = "postgresql://app:pw-123456@postgres.railway.internal:5432/railway";
    const privateOnly = await call(apiConfig, "PUT", "/api/deploy/config", { databaseUrl: internal, databasePrivate: true });
    expect(privateOnly.status).toBe(200);
    expect(privateOnly.body).toMatchObject({
      deploy: { databasePrivate: true },
      databaseTest: { status: "private", target: "postgres.railway.internal:5432" },
    });
    expect((await call(apiGenerate, "POST", "/api/env/generate", {})).status).toBe(201);
    const preflight = await call(apiPreflight, "POST", "/api/deploy/preflight");
    const checks = (preflight.body as { run: { checks: { id: string; status: string; detail: string }[] } }).run.checks;
    expect(checks.find((check) => check.id === "database.reachable")).toMatchObject({ status: "pass", detail: expect.stringContaining("/ready") });

    // The same URL without the choice is probed: a private network name that does not resolve here, with the host's pitfall named.
    const probed = await call(apiConfig, "PUT", "/api/deploy/config", { databaseUrl: internal });
    expect(probed.body).toMatchObject({
      deploy: { databasePrivate: false },
      databaseTest: { status: "fail", hints: expect.arrayContaining([expect.stringContaining("Railway's private network")]) },
    });
  });
});
