import { describe, expect, it } from "vitest";
import { db } from "~/db/client.server";
import { deployState, saveAppUrl, saveDatabaseUrl, saveProvider } from "~/deploy/config/deploy-config.server";
import { goLive } from "~/deploy/wizard/live.server";
import { recordRun } from "~/deploy/checks/runs.server";
import { storeDeploySecrets } from "~/deploy/secrets/secrets.server";
import { saveOptionalKeys } from "~/deploy/config/optional-keys.server";
import type { CheckResult } from "~/deploy/checks/check-result";
import { contextFor, createMember, createTenant, DATABASE_KINDS, useTestDatabase } from "../helpers/db";

const pass: CheckResult = { id: "x", title: "X", status: "pass", detail: "ok", fix: null };
const fail: CheckResult = { id: "y", title: "Y", status: "fail", detail: "no", fix: { text: "fix", href: "/dashboard/deploy/preflight" } };

async function configuredTenant() {
  const tenant = await createTenant();
  const owner = await createMember(tenant.id, "OWNER");
  const ctx = contextFor(tenant, owner, "OWNER");
  await saveProvider(ctx, "RENDER");
  await saveAppUrl(ctx, "https://acme.onrender.com");
  await saveDatabaseUrl(ctx, { canonical: "postgresql://app:pw-123456@db.example.com:5432/app", masked: "postgresql://app:••••@db.example.com:5432/app" });
  const secrets = await storeDeploySecrets(ctx, { confirmRotation: false });
  return { tenant, owner, ctx, secrets: secrets.secrets };
}

async function passBoth(ctx: ReturnType<typeof contextFor>) {
  const state = await deployState(ctx.tenant.id);
  const base = { deployConfigId: state.row.id, configRevision: state.row.revision, startedAt: new Date() };
  await recordRun(ctx, { ...base, kind: "preflight", checks: [pass], actions: { passed: "PREFLIGHT_PASSED", failed: "PREFLIGHT_FAILED" } });
  await recordRun(ctx, { ...base, kind: "verify", checks: [pass], actions: { passed: "DEPLOY_VERIFIED", failed: "DEPLOY_VERIFY_FAILED" } });
}

const auditCount = (tenantId: string, action: string) => db().auditLog.count({ where: { tenantId, action } });

describe.each(DATABASE_KINDS)("deploy state on %s", (kind) => {
  useTestDatabase(kind);

  it("moves draft → configured once A–D are saved, and stores only encrypted values and fingerprints", async () => {
    const { tenant, secrets } = await configuredTenant();
    const row = await db().deployConfig.findUniqueOrThrow({ where: { tenantId: tenant.id } });
    expect(row.status).toBe("configured");
    expect(row.dbUrlEncrypted).toMatch(/^v1\./);
    expect(row.dbUrlMasked).toBe("postgresql://app:••••@db.example.com:5432/app");
    const everything = JSON.stringify(row);
    expect(everything).not.toContain("pw-123456");
    for (const value of Object.values(secrets)) expect(everything).not.toContain(value);
    expect(row.encryptionKeyFingerprint).toMatch(/^sha256:[0-9a-f]{16}$/);
  });

  it("writes one audit row per real change and none for a repeated save", async () => {
    const { tenant, ctx } = await configuredTenant();
    const before = await auditCount(tenant.id, "DEPLOY_CONFIG_SAVED");
    const revision = (await deployState(tenant.id)).row.revision;
    await saveAppUrl(ctx, "https://acme.onrender.com");
    await saveDatabaseUrl(ctx, { canonical: "postgresql://app:pw-123456@db.example.com:5432/app", masked: "x" });
    expect(await auditCount(tenant.id, "DEPLOY_CONFIG_SAVED")).toBe(before);
    expect((await deployState(tenant.id)).row.revision).toBe(revision);
    await saveAppUrl(ctx, "https://acme2.onrender.com");
    expect(await auditCount(tenant.id, "DEPLOY_CONFIG_SAVED")).toBe(before + 1);
  });

  it("gives one consistent result for simultaneous saves from two devices", async () => {
    const { tenant, ctx } = await configuredTenant();
    const before = await auditCount(tenant.id, "DEPLOY_CONFIG_SAVED");
    const results = await Promise.all([saveAppUrl(ctx, "https://same.onrender.com"), saveAppUrl(ctx, "https://same.onrender.com")]);
    expect(results.filter((r) => r.changed)).toHaveLength(1);
    expect(await auditCount(tenant.id, "DEPLOY_CONFIG_SAVED")).toBe(before + 1);
  });

  it("stores a run and its audit entry together, with the times, checks and outcome as given", async () => {
    const { ctx } = await configuredTenant();
    const state = await deployState(ctx.tenant.id);
    const startedAt = new Date(Date.now() - 2_345);
    const warn: CheckResult = { id: "z", title: "Z", status: "warn", detail: "hm", fix: null, timingMs: 12 };
    const run = await recordRun(ctx, {
      kind: "verify",
      deployConfigId: state.row.id,
      configRevision: state.row.revision,
      checks: [pass, fail, warn],
      startedAt,
      actions: { passed: "DEPLOY_VERIFIED", failed: "DEPLOY_VERIFY_FAILED" },
    });
    expect(run).toMatchObject({ kind: "verify", status: "failed", configRevision: state.row.revision, startedAt });
    expect(run.durationMs).toBeGreaterThanOrEqual(2_345);

    const stored = await db().deployRun.findUniqueOrThrow({ where: { id: run.id } });
    expect(stored).toMatchObject({
      tenantId: ctx.tenant.id,
      deployConfigId: state.row.id,
      kind: "verify",
      status: "failed",
      errorText: "Failed: Y",
      actorUserId: ctx.user.id,
    });
    expect(stored.startedAt.toISOString()).toBe(startedAt.toISOString());
    expect(stored.finishedAt.toISOString()).toBe(run.finishedAt.toISOString());
    expect(stored.resultsJson).toEqual({ checks: [pass, fail, warn] });

    const entries = await db().auditLog.findMany({ where: { tenantId: ctx.tenant.id, action: "DEPLOY_VERIFY_FAILED" } });
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      actorUserId: ctx.user.id,
      actorLabel: ctx.user.email,
      origin: ctx.origin,
      metadata: { runId: run.id, revision: state.row.revision, failed: ["y"], warnings: ["z"] },
    });
    expect(entries[0]!.createdAt.toISOString()).toBe(run.finishedAt.toISOString());
  });

  it("stores neither the run nor its audit entry when the run cannot be stored", async () => {
    const { ctx } = await configuredTenant();
    const state = await deployState(ctx.tenant.id);
    const attempt = recordRun(ctx, {
      kind: "preflight",
      deployConfigId: "no-such-config",
      configRevision: state.row.revision,
      checks: [pass],
      startedAt: new Date(),
      actions: { passed: "PREFLIGHT_PASSED", failed: "PREFLIGHT_FAILED" },
    });
    await expect(attempt).rejects.toThrow();
    expect(await db().deployRun.count({ where: { tenantId: ctx.tenant.id } })).toBe(0);
    expect(await auditCount(ctx.tenant.id, "PREFLIGHT_PASSED")).toBe(0);
  });

  it("refuses Go LIVE until pre-flight and verification passed for the current revision", async () => {
    const { ctx } = await configuredTenant();
    await expect(goLive(ctx)).rejects.toMatchObject({ name: "DomainError", code: "preflight_required" });
    const state = await deployState(ctx.tenant.id);
    await recordRun(ctx, {
      kind: "preflight",
      deployConfigId: state.row.id,
      configRevision: state.row.revision,
      checks: [pass],
      startedAt: new Date(),
      actions: { passed: "PREFLIGHT_PASSED", failed: "PREFLIGHT_FAILED" },
    });
    await expect(goLive(ctx)).rejects.toMatchObject({ name: "DomainError", code: "verification_required" });
    await recordRun(ctx, {
      kind: "verify",
      deployConfigId: state.row.id,
      configRevision: state.row.revision,
      checks: [fail],
      startedAt: new Date(),
      actions: { passed: "DEPLOY_VERIFIED", failed: "DEPLOY_VERIFY_FAILED" },
    });
    await expect(goLive(ctx)).rejects.toMatchObject({ name: "DomainError", code: "verification_required" });
  });

  it("goes LIVE once under concurrent requests and audits it once", async () => {
    const { ctx } = await configuredTenant();
    await passBoth(ctx);
    const results = await Promise.all(Array.from({ length: 5 }, () => goLive(ctx)));
    expect(results.filter((r) => !r.alreadyLive)).toHaveLength(1);
    expect(await auditCount(ctx.tenant.id, "TENANT_MARKED_LIVE")).toBe(1);
    expect((await deployState(ctx.tenant.id)).row.status).toBe("live");
  });

  it("sends a live tenant back to configured when the configuration changes, and old runs go stale", async () => {
    const { ctx } = await configuredTenant();
    await passBoth(ctx);
    await goLive(ctx);
    await saveProvider(ctx, "FLY");
    const state = await deployState(ctx.tenant.id);
    expect(state.row.status).toBe("configured");
    expect(state.progress.stale).toEqual({ preflight: true, verify: true });
    await expect(goLive(ctx)).rejects.toMatchObject({ name: "DomainError", code: "preflight_required" });
  });

  it("treats regenerating secrets as a confirmed rotation", async () => {
    const { ctx } = await configuredTenant();
    await expect(storeDeploySecrets(ctx, { confirmRotation: false })).rejects.toMatchObject({ name: "DomainError", code: "confirmation_required" });
    const before = (await deployState(ctx.tenant.id)).row;
    const rotated = await storeDeploySecrets(ctx, { confirmRotation: true });
    expect(rotated).toMatchObject({ rotated: true });
    const after = (await deployState(ctx.tenant.id)).row;
    expect(after.encryptionKeyFingerprint).not.toBe(before.encryptionKeyFingerprint);
    expect(after.revision).toBeGreaterThan(before.revision);
    expect(await auditCount(ctx.tenant.id, "DEPLOY_SECRETS_ROTATED")).toBe(1);
  });

  it("stores optional keys encrypted and masked, and audits only their names", async () => {
    const { ctx } = await configuredTenant();
    await db().tenantModule.updateMany({ where: { tenantId: ctx.tenant.id, module: "ai" }, data: { enabled: true } });
    const key = "sk-proj-abcdefghijklmnopqrstuvwx1234";
    await saveOptionalKeys(ctx, { OPENAI_API_KEY: key });
    const state = await deployState(ctx.tenant.id);
    expect(state.facts.missingModuleKeys).toEqual([]);
    expect(JSON.stringify(state.row)).not.toContain(key);
    const audits = await db().auditLog.findMany({ where: { tenantId: ctx.tenant.id, action: "DEPLOY_KEYS_SAVED" } });
    expect(audits).toHaveLength(1);
    expect(JSON.stringify(audits)).not.toContain(key);
  });
});
