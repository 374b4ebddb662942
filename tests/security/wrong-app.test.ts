import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "~/db/client.server";
import { saveAppUrl } from "~/deploy/config/deploy-config.server";
import { saveOptionalKeys } from "~/deploy/config/optional-keys.server";
import { runVerification } from "~/deploy/checks/verify.server";
import { closedPort, startLoopbackServer, type LoopbackServer } from "../helpers/loopback-server";
import { TEST_SECRETS, useTestDatabase } from "../helpers/db";
import { configureDeploy, tenantWithTeam, type Ctx } from "./helpers/fixtures";
import { createPlatformDatabase, POSTGRES_AVAILABLE, securityPort, startPlatform, type PlatformProcess } from "./helpers/platform";

/**
 * "Wrong app, told apart": verification of a live URL says which app it reached, each case with its
 * own fix, against real second processes of this build on loopback (each on its own PostgreSQL
 * database): nothing answers; something that is not Go-Live; Go-Live with another APP_URL (it
 * refuses the audience: the fix names APP_URL, not JWT_SECRET); Go-Live with other secrets; Go-Live
 * serving another workspace; the platform itself; this workspace's instance.
 */
describe.skipIf(!POSTGRES_AVAILABLE)("which app answers the live URL", () => {
  useTestDatabase("postgres", { ALLOW_LOCAL_TARGETS: "true", DEPLOY_CHECK_TIMEOUT_MS: "5000" });
  let ctx: Ctx;
  let secrets: Record<string, string>;
  const processes: PlatformProcess[] = [];
  const databases: Awaited<ReturnType<typeof createPlatformDatabase>>[] = [];
  let other: LoopbackServer;
  let wrongAppUrl: PlatformProcess;
  let otherSecrets: PlatformProcess;
  let platform: PlatformProcess;
  let right: PlatformProcess;
  let keyed: PlatformProcess;
  const OPENAI_KEY = "sk-proj-WrongAppModuleKey0123456789abcd";
  let otherSecretsDb: Awaited<ReturnType<typeof createPlatformDatabase>>;

  beforeAll(async () => {
    const team = await tenantWithTeam("Wrong App Co");
    ctx = team.as("OWNER");
    secrets = await configureDeploy(ctx, { appUrl: "https://wrong-app.example.com", databaseUrl: "postgresql://app:wrong-app-pw-1@db.example.com:5432/app" });
    const tenantSecrets = { JWT_SECRET: secrets.JWT_SECRET!, ENCRYPTION_KEY: secrets.ENCRYPTION_KEY!, SESSION_SECRET: secrets.SESSION_SECRET! };
    const [sharedDb, secondDb, platformDb] = await Promise.all([createPlatformDatabase(), createPlatformDatabase(), createPlatformDatabase()]);
    databases.push(sharedDb, secondDb, platformDb);
    otherSecretsDb = secondDb;
    other = await startLoopbackServer((_req, res) => {
      res.writeHead(200, { "Content-Type": "text/html" });
      res.end("<html><body>Welcome to nginx!</body></html>");
    });
    const ports = [await securityPort(4640)];
    for (let i = 1; i < 5; i++) ports.push(await securityPort(ports[i - 1]! + 1));
    const instance = { GOLIVE_MODE: "instance" };
    // Started one after the other: the first migrates the shared database, the next finds it done.
    right = await startPlatform({ port: ports[0]!, env: { ...instance, DATABASE_URL: sharedDb.url, ...tenantSecrets } });
    // The same secrets, but APP_URL names another address than the one it is reached at.
    wrongAppUrl = await startPlatform({
      port: ports[1]!,
      appUrl: `http://localhost:${ports[1]}`,
      env: { ...instance, DATABASE_URL: sharedDb.url, ...tenantSecrets },
    });
    // Another set of secrets (the test suite's own), an empty instance.
    otherSecrets = await startPlatform({ port: ports[2]!, env: { ...instance, DATABASE_URL: secondDb.url, ...TEST_SECRETS } });
    // A platform: no GOLIVE_MODE, its own secrets.
    platform = await startPlatform({ port: ports[3]!, env: { DATABASE_URL: platformDb.url, ...TEST_SECRETS } });
    // This workspace's instance with the AI module's key set on the host.
    keyed = await startPlatform({ port: ports[4]!, env: { ...instance, DATABASE_URL: sharedDb.url, ...tenantSecrets, OPENAI_API_KEY: OPENAI_KEY } });
    processes.push(right, wrongAppUrl, otherSecrets, platform, keyed);
  });

  afterAll(async () => {
    await Promise.all(processes.map((p) => p.stop()));
    await other?.close();
    await Promise.all(databases.map((d) => d.drop()));
  });

  async function verify(url: string) {
    await saveAppUrl(ctx, url);
    const run = await runVerification(ctx);
    const stats = run.checks.find((check) => check.id === "live.stats")!;
    return { run, stats, health: run.checks.find((check) => check.id === "live.health")! };
  }

  it("nothing answers: not deployed yet, start the app", async () => {
    const { run, stats, health } = await verify(`http://127.0.0.1:${await closedPort()}`);
    expect(run.status).toBe("failed");
    expect(stats).toMatchObject({ status: "fail", code: "nothing_answers", detail: expect.stringContaining("Nothing accepts connections") });
    expect(health.code).toBe("nothing_answers");
  });

  it("something answers that is not Go-Live", async () => {
    const { stats, health } = await verify(other.origin);
    expect(health).toMatchObject({ status: "fail", code: "not_this_app", fix: { href: "/dashboard/deploy/url" } });
    expect(stats).toMatchObject({ status: "fail", code: "not_this_app", fix: { href: "/dashboard/deploy/url" } });
    // The token went to the other server only on the stats call, and nothing of its body is repeated.
    expect(JSON.stringify(stats)).not.toContain("nginx");
  });

  it("Go-Live with another APP_URL: it refuses the audience, and the fix says to set APP_URL, not JWT_SECRET", async () => {
    const { stats } = await verify(wrongAppUrl.url);
    expect(stats).toMatchObject({ status: "fail", code: "wrong_app_url", httpStatus: 401, fix: { href: "/dashboard/deploy/url" } });
    expect(stats.fix!.text).toContain(`Set APP_URL on your host to exactly ${wrongAppUrl.url}`);
    expect(stats.fix!.text).not.toContain("JWT_SECRET");
  });

  it("Go-Live with other secrets (an empty instance): set JWT_SECRET", async () => {
    const { stats } = await verify(otherSecrets.url);
    expect(stats).toMatchObject({
      status: "fail",
      code: "wrong_secrets",
      fix: { href: "/dashboard/deploy/secrets", text: expect.stringContaining("JWT_SECRET") },
    });
  });

  it("Go-Live serving another workspace: not this workspace's deployment", async () => {
    const client = await otherSecretsDb.client();
    try {
      await client.query(`INSERT INTO "Tenant" ("id", "slug", "name", "updatedAt") VALUES ('another-workspace-id', 'another', 'Another Co', now())`);
    } finally {
      await client.end();
    }
    const { stats } = await verify(otherSecrets.url);
    expect(stats).toMatchObject({ status: "fail", code: "other_workspace", fix: { href: "/dashboard/deploy/url" } });
  });

  it("the platform itself: enter your own deployment's address", async () => {
    const { stats } = await verify(platform.url);
    expect(stats).toMatchObject({
      status: "fail",
      code: "platform",
      fix: { href: "/dashboard/deploy/url", text: expect.stringContaining("GOLIVE_MODE=instance") },
    });
  });

  it("this workspace's instance: every check passes, the stats check says it is empty", async () => {
    const { run, stats } = await verify(right.url);
    expect(run.status, JSON.stringify(run.checks)).toBe("passed");
    expect(stats).toMatchObject({ status: "pass", code: "right_app", detail: expect.stringContaining("empty") });
  });

  it("an enabled module's key missing on the instance fails verification with a fix; set there, it passes (checked by fingerprint, never the value)", async () => {
    await db().tenantModule.updateMany({ where: { tenantId: ctx.tenant.id, module: "ai" }, data: { enabled: true } });
    await saveOptionalKeys(ctx, { OPENAI_API_KEY: OPENAI_KEY });
    const missing = await verify(right.url);
    expect(missing.run.status).toBe("failed");
    const check = missing.run.checks.find((c) => c.id === "live.module-keys")!;
    expect(check).toMatchObject({
      status: "fail",
      code: "module_key_missing",
      detail: expect.stringContaining("OPENAI_API_KEY"),
      fix: { href: "/dashboard/deploy/keys", text: expect.stringContaining("OPENAI_API_KEY") },
    });
    expect(JSON.stringify(missing.run)).not.toContain(OPENAI_KEY);
    const held = await verify(keyed.url);
    expect(held.run.checks.find((c) => c.id === "live.module-keys")).toMatchObject({ status: "pass" });
    expect(JSON.stringify(held.run)).not.toContain(OPENAI_KEY);
  });

  it("a refused token is answered with a reason code and a public identity, never secret material", async () => {
    const answer = await fetch(`${otherSecrets.url}/api/dashboard/stats`, { headers: { Authorization: "Bearer a.b.c" } });
    expect(answer.status).toBe(401);
    const body = (await answer.json()) as Record<string, unknown>;
    expect(body).toMatchObject({
      error: { code: "invalid_token", reason: "malformed" },
      instance: { app: "go-live", mode: "instance", workspace: expect.stringMatching(/^ws:[0-9a-f]{16}$/) },
    });
    const text = JSON.stringify(body);
    for (const value of Object.values(TEST_SECRETS)) expect(text).not.toContain(value);
    expect(text).not.toContain("another-workspace-id");
    expect(text).not.toContain("Another Co");
  });
});
