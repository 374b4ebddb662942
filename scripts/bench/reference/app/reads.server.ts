import { createCookie } from "@remix-run/node";
import pg from "pg";

/**
 * The reads the app makes for the dashboard, a wizard step and GET /api/dashboard/stats, with the
 * app's own SQL (app/tenancy/context.server.ts, app/deploy/config/deploy-config.server.ts,
 * app/workspace/stats.server.ts), sent through `pg` as named prepared statements: PostgreSQL
 * parses and plans each once per connection. Same database, same rows, same session cookie as the
 * app under test (DATABASE_URL, SESSION_SECRET).
 */
const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 10, idleTimeoutMillis: 60_000 });
const cookie = createCookie("golive_session", { secrets: [process.env.SESSION_SECRET ?? ""] });

const IDENTITY = `
  SELECT s."expiresAt", s."activeTenantId", u."id" AS "userId", u."email", u."name" AS "userName",
         m."role"::text AS "role", t."id" AS "tenantId", t."name" AS "tenantName", t."slug" AS "tenantSlug"
  FROM "Session" s
  JOIN "User" u ON u."id" = s."userId"
  LEFT JOIN "Membership" m ON m."userId" = s."userId" AND m."active"
  LEFT JOIN "Tenant" t ON t."id" = m."tenantId"
  WHERE s."id" = $1
  ORDER BY m."createdAt" ASC, m."id" ASC`;

const DEPLOY_CONFIG = `
  SELECT "id", "tenantId", "provider"::text AS "provider", "appUrl", "status"::text AS "status", "dbUrlEncrypted", "dbUrlMasked",
         "jwtSecretEncrypted", "jwtSecretFingerprint", "encryptionKeyFingerprint", "sessionSecretFingerprint", "secretsGeneratedAt",
         "optionalKeysEncrypted", "revision", "liveAt", "liveByUserId", "updatedAt"
  FROM "DeployConfig" WHERE "tenantId" = $1`;

const MODULES = `SELECT "module" FROM "TenantModule" WHERE "tenantId" = $1 AND "enabled"`;

const LATEST_RUNS = `
  SELECT run."id", run."kind"::text AS "kind", run."status"::text AS "status", run."configRevision", run."resultsJson", run."finishedAt"
  FROM unnest(ARRAY['preflight', 'verify']::"DeployRunKind"[]) AS wanted("kind")
  CROSS JOIN LATERAL (
    SELECT "id", "kind", "status", "configRevision", "resultsJson", "finishedAt" FROM "DeployRun"
    WHERE "tenantId" = $1 AND "kind" = wanted."kind"
    ORDER BY "finishedAt" DESC, "id" DESC
    LIMIT 1
  ) AS run`;

const STATS = `
  SELECT
    (SELECT coalesce(json_object_agg(role, n), '{}'::json) FROM (
      SELECT "role"::text AS role, count(*)::int AS n FROM "Membership" WHERE "tenantId" = $1 AND "active" GROUP BY "role") AS members) AS "byRole",
    ARRAY(SELECT "key" FROM "SetupItem" WHERE "tenantId" = $1 AND "done") AS "setupDone",
    ARRAY(SELECT "module" FROM "TenantModule" WHERE "tenantId" = $1 AND "enabled" ORDER BY "module") AS "modules",
    (SELECT count(*)::int FROM "AuditLog" WHERE "tenantId" = $1 AND "createdAt" >= $2) AS "auditEvents",
    deploy."status"::text AS "deployStatus", deploy."liveAt"
  FROM (SELECT 1) AS one
  LEFT JOIN "DeployConfig" AS deploy ON deploy."tenantId" = $1`;

type IdentityRow = {
  expiresAt: Date;
  activeTenantId: string | null;
  userId: string;
  email: string;
  userName: string;
  role: string | null;
  tenantId: string | null;
  tenantName: string | null;
  tenantSlug: string | null;
};

const named = async <T>(name: string, text: string, values: unknown[]) => (await pool.query({ name, text, values })).rows as T[];

/** The signed-in person and their current workspace, as the app's requirePageContext has them; a thrown 401 otherwise. */
export async function identity(request: Request) {
  const sessionId = await cookie.parse(request.headers.get("Cookie"));
  if (typeof sessionId !== "string") throw new Response("signed out", { status: 401 });
  const rows = await named<IdentityRow>("identity", IDENTITY, [sessionId]);
  const first = rows[0];
  if (!first || new Date(first.expiresAt).getTime() <= Date.now()) throw new Response("signed out", { status: 401 });
  const memberships = rows.filter((row) => row.role && row.tenantId).map((row) => ({ tenantId: row.tenantId!, tenantName: row.tenantName!, role: row.role! }));
  const current = memberships.find((m) => m.tenantId === first.activeTenantId) ?? memberships[0];
  if (!current) throw new Response("no workspace", { status: 403 });
  return {
    user: { id: first.userId, email: first.email, name: first.userName },
    tenant: { id: current.tenantId, name: current.tenantName },
    role: current.role,
    memberships,
  };
}

/** What a wizard page reads besides identity: the configuration, the enabled modules, the latest run of each kind. */
export async function deployState(tenantId: string) {
  const [config, modules, runs] = await Promise.all([
    named<Record<string, unknown>>("deploy-config", DEPLOY_CONFIG, [tenantId]),
    named<{ module: string }>("modules", MODULES, [tenantId]),
    named<Record<string, unknown>>("latest-runs", LATEST_RUNS, [tenantId]),
  ]);
  const row = config[0] ?? null;
  return {
    status: (row?.status as string | undefined) ?? "draft",
    provider: (row?.provider as string | null | undefined) ?? null,
    revision: (row?.revision as number | undefined) ?? 1,
    modules: modules.map((m) => m.module),
    latest: Object.fromEntries(
      runs.map((run) => [run.kind, { id: run.id, status: run.status, configRevision: run.configRevision, finishedAt: run.finishedAt }]),
    ),
  };
}

/** The dashboard's figures in the app's one statement (activity since a week ago, to the minute). */
export async function stats(tenantId: string) {
  const since = new Date(Math.floor((Date.now() - 7 * 24 * 3600_000) / 60_000) * 60_000);
  const [row] = await named<{
    byRole: Record<string, number>;
    setupDone: string[];
    modules: string[];
    auditEvents: number;
    deployStatus: string | null;
    liveAt: Date | null;
  }>("stats", STATS, [tenantId, since]);
  return {
    members: { total: Object.values(row!.byRole).reduce((sum, n) => sum + n, 0), byRole: row!.byRole },
    setupDone: row!.setupDone.length,
    modulesEnabled: row!.modules,
    auditEventsLast7Days: row!.auditEvents,
    deploy: { status: row!.deployStatus ?? "draft", liveAt: row!.liveAt ? new Date(row!.liveAt).toISOString() : null },
  };
}
