import { createApiToken } from "~/auth/api-token.server";
import { createSession } from "~/auth/session.server";
import type { CheckResult } from "~/deploy/checks/check-result";
import { deployState, saveAppUrl, saveDatabaseUrl, saveProvider } from "~/deploy/config/deploy-config.server";
import { databaseUrlSchema } from "~/deploy/config/inputs.server";
import { recordRun } from "~/deploy/checks/runs.server";
import { storeDeploySecrets } from "~/deploy/secrets/secrets.server";
import { db } from "~/db/client.server";
import { SETUP_CATALOGUE } from "~/workspace/setup-catalogue";
import type { ProviderId } from "~/deploy/config/providers";
import type { RoleName } from "~/tenancy/roles";
import { contextFor, createMember, createTenant } from "../../helpers/db";

export type Person = { id: string; email: string; name: string };
export type Ctx = ReturnType<typeof contextFor>;

/** A tenant with one person per role. */
export async function tenantWithTeam(name?: string) {
  const tenant = await createTenant({ name, setupDone: SETUP_CATALOGUE.map((item) => item.key) });
  const people = {} as Record<RoleName, Person>;
  for (const role of ["OWNER", "ADMIN", "MEMBER", "VIEWER"] as const) people[role] = await createMember(tenant.id, role);
  return { tenant, people, as: (role: RoleName) => contextFor(tenant, people[role], role) };
}

export async function sessionCookieFor(userId: string, tenantId: string) {
  const session = await createSession(userId, { activeTenantId: tenantId });
  return { id: session.id, cookie: session.setCookie.split(";")[0]! };
}

export async function tokenFor(userId: string, tenantId: string, name = "security test") {
  const { token, row } = await createApiToken({ tenantId, userId, name });
  return { token, id: row.id };
}

/** Steps A–D through the domain functions (the same ones the routes call). */
export async function configureDeploy(ctx: Ctx, input: { provider?: ProviderId; appUrl: string; databaseUrl: string }) {
  await saveProvider(ctx, input.provider ?? "DOCKER");
  await saveAppUrl(ctx, input.appUrl);
  const parsed = databaseUrlSchema.safeParse({ databaseUrl: input.databaseUrl });
  if (!parsed.success) throw new Error(`test database URL refused: ${parsed.error.issues[0]?.message}`);
  await saveDatabaseUrl(ctx, parsed.data);
  return (await storeDeploySecrets(ctx, { confirmRotation: true })).secrets;
}

const pass = (id: string): CheckResult => ({ id, title: id, status: "pass", detail: "ok", fix: null });

/** Records passing pre-flight and verification runs for the current revision (when they are not already current). */
export async function ensurePassingRuns(ctx: Ctx) {
  const state = await deployState(ctx.tenant.id);
  const base = { deployConfigId: state.row.id, configRevision: state.row.revision, startedAt: new Date() };
  if (!state.progress.done.preflight) {
    await recordRun(ctx, {
      ...base,
      kind: "preflight",
      checks: [pass("config.complete")],
      actions: { passed: "PREFLIGHT_PASSED", failed: "PREFLIGHT_FAILED" },
    });
  }
  if (!state.progress.done.verify) {
    await recordRun(ctx, { ...base, kind: "verify", checks: [pass("live.health")], actions: { passed: "DEPLOY_VERIFIED", failed: "DEPLOY_VERIFY_FAILED" } });
  }
}

/** Everything a rejected input must leave as it was. */
export async function snapshot(tenantId: string) {
  const [config, audit, runs, members, tokens, setup, modules, users] = await Promise.all([
    db().deployConfig.findUnique({ where: { tenantId } }),
    db().auditLog.count({ where: { tenantId } }),
    db().deployRun.count({ where: { tenantId } }),
    db().membership.findMany({ where: { tenantId }, orderBy: { userId: "asc" }, select: { userId: true, role: true, active: true } }),
    db().apiToken.count({ where: { tenantId } }),
    db().setupItem.findMany({ where: { tenantId }, orderBy: { key: "asc" }, select: { key: true, done: true } }),
    db().tenantModule.findMany({ where: { tenantId }, orderBy: { module: "asc" }, select: { module: true, enabled: true } }),
    db().user.count(),
  ]);
  return JSON.stringify({ config, audit, runs, members, tokens, setup, modules, users });
}
