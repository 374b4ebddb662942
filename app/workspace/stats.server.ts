import { db, runStatement } from "~/db/client.server";
import { cachedRead } from "~/db/read-cache.server";
import { statement } from "~/db/statements.server";
import { SETUP_CATALOGUE } from "./setup-catalogue";

const WEEK_MS = 7 * 24 * 60 * 60 * 1000;
/** The week's activity is counted up to 999 ("999+"): beyond that the figure says nothing more, and counting on would cost a busy workspace's every page. */
const ACTIVITY_COUNT_CAP = 1000;
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

type StatsRow = {
  byRole: Record<string, number>;
  setupDone: string[];
  modules: string[];
  auditEvents: number;
  deployStatus: string | null;
  liveAt: Date | null;
};

/** Every figure in one statement: a page's or an API call's one read of them. */
const TENANT_FIGURES = statement<StatsRow>(
  "tenant_figures",
  `SELECT
     (SELECT coalesce(json_object_agg(role, n), '{}'::json) FROM (
       SELECT "role"::text AS role, count(*)::int AS n FROM "Membership" WHERE "tenantId" = $1 AND "active" GROUP BY "role") AS members) AS "byRole",
     ARRAY(SELECT "key" FROM "SetupItem" WHERE "tenantId" = $1 AND "done") AS "setupDone",
     ARRAY(SELECT "module" FROM "TenantModule" WHERE "tenantId" = $1 AND "enabled" ORDER BY "module") AS "modules",
     (SELECT count(*)::int FROM (
       SELECT 1 FROM "AuditLog" WHERE "tenantId" = $1 AND "createdAt" >= ($2::timestamptz AT TIME ZONE 'UTC') LIMIT $3) AS recent) AS "auditEvents",
     deploy."status"::text AS "deployStatus", deploy."liveAt" AT TIME ZONE 'UTC' AS "liveAt"
   FROM (SELECT 1) AS one
   LEFT JOIN "DeployConfig" AS deploy ON deploy."tenantId" = $1`,
);

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
