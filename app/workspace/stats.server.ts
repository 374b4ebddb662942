import { db, runStatement } from "~/db/client.server";
import { cachedRead } from "~/db/read-cache.server";
import { ACTIVITY_COUNT_CAP, TENANT_FIGURES } from "./figures-statements.server";
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
  return cachedRead(`tenant-stats:${tenantId}:${since}`, () => readTenantStats(tenantId, new Date(since)));
}

async function readTenantStats(tenantId: string, since: Date) {
  const [row] = await runStatement(TENANT_FIGURES, [tenantId, since.toISOString(), ACTIVITY_COUNT_CAP]);
  const { byRole, setupDone, modules, auditEvents, deployStatus, liveAt } = row!;
  const done = new Set(setupDone);
  const required = SETUP_CATALOGUE.filter((item) => item.required);
  return {
    members: { total: Object.values(byRole).reduce((sum, count) => sum + count, 0), byRole },
    setup: {
      done: SETUP_CATALOGUE.filter((item) => done.has(item.key)).length,
      total: SETUP_CATALOGUE.length,
      requiredRemaining: required.filter((item) => !done.has(item.key)).length,
    },
    modulesEnabled: modules,
    auditEventsLast7Days: Math.min(auditEvents, ACTIVITY_COUNT_CAP - 1),
    // True when there were more: the count stops there, so a busy workspace's page costs what a quiet one's does.
    auditEventsLast7DaysCapped: auditEvents >= ACTIVITY_COUNT_CAP,
    deploy: { status: deployStatus ?? "draft", liveAt: liveAt ? new Date(liveAt).toISOString() : null },
  };
}

/** Instance-wide figures, for the deploy verifier (which is not a member of any tenant here). */
export async function instanceStats() {
  const [tenants, users, liveTenants] = await Promise.all([db().tenant.count(), db().user.count(), db().deployConfig.count({ where: { status: "live" } })]);
  return { tenants, users, liveTenants };
}
