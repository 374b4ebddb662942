import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "~/db/client.server";
import { saveAppUrl, saveDatabaseUrl, saveProvider } from "~/deploy/config/deploy-config.server";
import { formatDatabaseUrl, maskDatabaseUrl, parseDatabaseUrl } from "~/deploy/config/database-url";
import { saveOptionalKeys } from "~/deploy/config/optional-keys.server";
import { runPreflight } from "~/deploy/checks/preflight.server";
import { storeDeploySecrets } from "~/deploy/secrets/secrets.server";
import { SETUP_CATALOGUE } from "~/workspace/setup-catalogue";
import { closedPort, startSilentServer } from "../helpers/loopback-server";
import { contextFor, createMember, createTenant, useTestDatabase } from "../helpers/db";

/**
 * Pre-flight end to end on the platform side, against the real PostgreSQL on loopback as the
 * tenant's database (role golive_app from scripts/prepare-postgres.sh, password-authenticated).
 */
const GOOD = "postgresql://golive_app:golive-app-password@127.0.0.1:5432/golive_tenant";
const TIMEOUT_MS = 1500;

async function tenantWithDatabase(url: string, options: { setupDone?: boolean } = {}) {
  const tenant = await createTenant({ setupDone: options.setupDone === false ? [] : SETUP_CATALOGUE.filter((i) => i.required).map((i) => i.key) });
  const owner = await createMember(tenant.id, "OWNER");
  const ctx = contextFor(tenant, owner, "OWNER");
  await saveProvider(ctx, "DOCKER");
  await saveAppUrl(ctx, "http://127.0.0.1:4999");
  const parsed = parseDatabaseUrl(url);
  if (!parsed.ok) throw new Error(parsed.message);
  await saveDatabaseUrl(ctx, { canonical: formatDatabaseUrl(parsed.value), masked: maskDatabaseUrl(parsed.value) });
  await storeDeploySecrets(ctx, { confirmRotation: false });
  return ctx;
}

const check = (run: Awaited<ReturnType<typeof runPreflight>>, id: string) => run.checks.find((c) => c.id === id)!;

describe("pre-flight against the real PostgreSQL", () => {
  useTestDatabase("pglite", { ALLOW_LOCAL_TARGETS: "true", DEPLOY_CHECK_TIMEOUT_MS: String(TIMEOUT_MS) });
  let silent: Awaited<ReturnType<typeof startSilentServer>>;
  beforeAll(async () => {
    silent = await startSilentServer();
  });
  afterAll(async () => {
    await silent.close();
  });

  it("passes every check for a complete configuration, and stores and audits the run", async () => {
    const ctx = await tenantWithDatabase(GOOD);
    const run = await runPreflight(ctx);
    expect(run.checks.map((c) => [c.id, c.status])).toEqual([
      ["config.complete", "pass"],
      ["database.reachable", "pass"],
      ["env.required", "pass"],
      ["admins.present", "pass"],
      ["modules.valid", "pass"],
      ["setup.complete", "pass"],
    ]);
    expect(check(run, "database.reachable").detail).toMatch(/PostgreSQL 1\d/);
    expect(run.status).toBe("passed");
    expect(await db().deployRun.count({ where: { tenantId: ctx.tenant.id, kind: "preflight", status: "passed" } })).toBe(1);
    expect(await db().auditLog.count({ where: { tenantId: ctx.tenant.id, action: "PREFLIGHT_PASSED" } })).toBe(1);
  });

  it("fails with an authentication fix for a wrong password, and never stores the password", async () => {
    const ctx = await tenantWithDatabase("postgresql://golive_app:not-the-password@127.0.0.1:5432/golive_tenant");
    const run = await runPreflight(ctx);
    const database = check(run, "database.reachable");
    expect(database.status).toBe("fail");
    expect(database.fix?.text).toMatch(/password/i);
    expect(database.fix?.href).toBe("/dashboard/deploy/database");
    expect(run.status).toBe("failed");
    const stored =
      JSON.stringify(await db().deployRun.findMany({ where: { tenantId: ctx.tenant.id } })) +
      JSON.stringify(await db().auditLog.findMany({ where: { tenantId: ctx.tenant.id } }));
    expect(stored).not.toContain("not-the-password");
    expect(await db().auditLog.count({ where: { tenantId: ctx.tenant.id, action: "PREFLIGHT_FAILED" } })).toBe(1);
  });

  it("fails with a connection fix for a closed port", async () => {
    const ctx = await tenantWithDatabase(`postgresql://golive_app:golive-app-password@127.0.0.1:${await closedPort()}/golive_tenant`);
    const database = check(await runPreflight(ctx), "database.reachable");
    expect(database.status).toBe("fail");
    expect(database.detail).toMatch(/refused|nothing|not accept/i);
  });

  it("fails within the timeout when the port accepts and never answers, and the run stays within 1.2× its slowest check", async () => {
    const ctx = await tenantWithDatabase(`postgresql://golive_app:golive-app-password@127.0.0.1:${silent.port}/golive_tenant`);
    const started = performance.now();
    const run = await runPreflight(ctx);
    const elapsed = performance.now() - started;
    const database = check(run, "database.reachable");
    expect(database.status).toBe("fail");
    expect(database.detail).toMatch(/time|answer/i);
    expect(elapsed).toBeLessThan(TIMEOUT_MS + 1000);
    const slowest = Math.max(...run.checks.map((c) => c.timingMs ?? 0));
    expect(run.durationMs).toBeLessThanOrEqual(Math.max(slowest * 1.2, slowest + 50));
  });

  it("fails setup.complete with the missing items and a link to the first, and modules.valid for a missing key", async () => {
    const ctx = await tenantWithDatabase(GOOD, { setupDone: false });
    await db().tenantModule.updateMany({ where: { tenantId: ctx.tenant.id, module: "payments" }, data: { enabled: true } });
    const run = await runPreflight(ctx);
    const setup = check(run, "setup.complete");
    expect(setup.status).toBe("fail");
    expect(setup.detail).toContain("Publish a privacy policy");
    // The item itself on the checklist page (which links back to pre-flight), whatever page the item is about.
    expect(setup.fix?.href).toBe(`/dashboard/setup#${SETUP_CATALOGUE.find((i) => i.required)!.key}`);
    expect(check(run, "modules.valid")).toMatchObject({ status: "fail", fix: { href: "/dashboard/deploy/keys" } });
    expect(check(run, "env.required")).toMatchObject({ status: "fail", detail: expect.stringContaining("PAYMENTS_SECRET_KEY") });
  });

  it("warns, without blocking, on a test-mode payment key", async () => {
    const ctx = await tenantWithDatabase(GOOD);
    await db().tenantModule.updateMany({ where: { tenantId: ctx.tenant.id, module: "payments" }, data: { enabled: true } });
    await saveOptionalKeys(ctx, { PAYMENTS_SECRET_KEY: "sk_test_abcdefghijklmnop1234", PAYMENTS_WEBHOOK_SECRET: "whsec_abcdefghijklmnop1234" });
    const run = await runPreflight(ctx);
    expect(check(run, "modules.valid")).toMatchObject({ status: "warn", detail: expect.stringMatching(/test-mode/) });
    expect(run.status).toBe("passed");
  });

  it("fails admins.present when nobody can manage the workspace", async () => {
    const ctx = await tenantWithDatabase(GOOD);
    await db().membership.updateMany({ where: { tenantId: ctx.tenant.id }, data: { active: false } });
    expect(check(await runPreflight(ctx), "admins.present")).toMatchObject({ status: "fail", fix: { href: "/dashboard/team" } });
  });
});
