import { createCookie } from "@remix-run/node";
import pg from "pg";
import type { Statement } from "~/db/statements.server";
import { CONFIG_WITH_MODULES, LATEST_RUNS } from "~/deploy/config/deploy-state-statements.server";
import { SESSION_IDENTITY } from "~/tenancy/identity-statements.server";
import { ACTIVITY_COUNT_CAP, TENANT_FIGURES } from "~/workspace/figures-statements.server";

/**
 * The reads the app makes for the dashboard, a wizard step and GET /api/dashboard/stats: the app's
 * own statements (imported from app/: identity, the deploy state, the figures), sent through `pg` as
 * named prepared statements: PostgreSQL
 * parses and plans each once per connection. Same database, same rows, same session cookie as the
 * app under test (DATABASE_URL, SESSION_SECRET).
 */
const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 10, idleTimeoutMillis: 60_000 });
const cookie = createCookie("golive_session", { secrets: [process.env.SESSION_SECRET ?? ""] });

const named = async <Row>({ name, text }: Statement<Row>, values: unknown[]) => (await pool.query({ name, text, values })).rows as Row[];

/** The signed-in person and their current workspace, as the app's requirePageContext has them; a thrown 401 otherwise. */
export async function identity(request: Request) {
  const sessionId = await cookie.parse(request.headers.get("Cookie"));
  if (typeof sessionId !== "string") throw new Response("signed out", { status: 401 });
  const rows = await named(SESSION_IDENTITY, [sessionId]);
  const first = rows[0];
  if (!first?.expiresAt || new Date(first.expiresAt).getTime() <= Date.now()) throw new Response("signed out", { status: 401 });
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

/** What a wizard page reads besides identity: the configuration with the enabled modules, and the latest run of each kind. */
export async function deployState(tenantId: string) {
  const [[row], runs] = await Promise.all([named(CONFIG_WITH_MODULES, [tenantId]), named(LATEST_RUNS, [tenantId])]);
  return {
    status: row?.status ?? "draft",
    provider: row?.provider ?? null,
    revision: row?.revision ?? 1,
    modules: row?.modules ?? [],
    latest: Object.fromEntries(
      runs.map((run) => [run.kind, { id: run.id, status: run.status, configRevision: run.configRevision, finishedAt: run.finishedAt }]),
    ),
  };
}

/** The dashboard's figures in the app's one statement (activity since a week ago, to the minute). */
export async function stats(tenantId: string) {
  const since = new Date(Math.floor((Date.now() - 7 * 24 * 3600_000) / 60_000) * 60_000);
  const [row] = await named(TENANT_FIGURES, [tenantId, since.toISOString(), ACTIVITY_COUNT_CAP]);
  return {
    members: { total: Object.values(row!.byRole).reduce((sum, n) => sum + n, 0), byRole: row!.byRole },
    setupDone: row!.setupDone.length,
    modulesEnabled: row!.modules,
    auditEventsLast7Days: Math.min(row!.auditEvents, ACTIVITY_COUNT_CAP - 1),
    deploy: { status: row!.deployStatus ?? "draft", liveAt: row!.liveAt ? new Date(row!.liveAt).toISOString() : null },
  };
}
