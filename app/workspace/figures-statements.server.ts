import { statement } from "~/db/statements.server";

/** The week's activity is counted up to 999 ("999+"): beyond that the figure says nothing more, and counting on would cost a busy workspace's every page. */
export const ACTIVITY_COUNT_CAP = 1000;

/** The dashboard's figures (stats.server.ts), kept apart so that the bench's reference (scripts/bench/reference) sends the very same statement. */
export type StatsRow = {
  byRole: Record<string, number>;
  setupDone: string[];
  modules: string[];
  auditEvents: number;
  deployStatus: string | null;
  liveAt: Date | null;
};

/** Every figure in one statement: a page's or an API call's one read of them. */
export const TENANT_FIGURES = statement<StatsRow>(
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
