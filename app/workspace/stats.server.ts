import { db } from "~/db/client.server";
import { cachedRead } from "~/db/read-cache.server";
import { SETUP_CATALOGUE } from "./setup-catalogue";

const WEEK_MS = 7 * 24 * 60 * 60 * 1000;
const MINUTE_MS = 60 * 1000;

/**
 * The tenant's dashboard figures (dashboard home and GET /api/dashboard/stats). Activity counts the
 * audit events since a week ago to the minute, so that the figures can be kept in the read cache
 * for up to a minute while nothing is written (app/db/read-cache.server.ts).
 */
export function tenantStats(tenantId: string, now = Date.now()) {
  const since = Math.floor((now - WEEK_MS) / MINUTE_MS) * MINUTE_MS;
  return cachedRead(`tenant-stats:${tenantId}:${since}`, ["Membership", "SetupItem", "TenantModule", "AuditLog", "DeployConfig"], () => readTenantStats(tenantId, new Date(since)));
}

async function readTenantStats(tenantId: string, since: Date) {
  const [members, setupDone, modulesEnabled, auditEvents, deploy] = await Promise.all([
    db().membership.groupBy({ by: ["role"], where: { tenantId, active: true }, _count: { _all: true } }),
    db().setupItem.findMany({ where: { tenantId, done: true }, select: { key: true } }),
    db().tenantModule.findMany({ where: { tenantId, enabled: true }, select: { module: true } }),
    db().auditLog.count({ where: { tenantId, createdAt: { gte: since } } }),
    db().deployConfig.findUnique({ where: { tenantId }, select: { status: true, liveAt: true } }),
  ]);
  const done = new Set(setupDone.map((item) => item.key));
  const required = SETUP_CATALOGUE.filter((item) => item.required);
  return {
    members: { total: members.reduce((sum, row) => sum + row._count._all, 0), byRole: Object.fromEntries(members.map((row) => [row.role, row._count._all])) },
    setup: { done: SETUP_CATALOGUE.filter((item) => done.has(item.key)).length, total: SETUP_CATALOGUE.length, requiredRemaining: required.filter((item) => !done.has(item.key)).length },
    modulesEnabled: modulesEnabled.map((row) => row.module).sort(),
    auditEventsLast7Days: auditEvents,
    deploy: { status: deploy?.status ?? "draft", liveAt: deploy?.liveAt?.toISOString() ?? null },
  };
}

/** Instance-wide figures, for the deploy verifier (which is not a member of any tenant here). */
export async function instanceStats() {
  const [tenants, users, liveTenants] = await Promise.all([
    db().tenant.count(),
    db().user.count(),
    db().deployConfig.count({ where: { status: "live" } }),
  ]);
  return { tenants, users, liveTenants };
}
