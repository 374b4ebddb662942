/**
 * --scale (also part of a full run): does a request cost the same when its workspace has a long
 * history and the platform has many workspaces? On a fresh PostgreSQL platform with the demo data,
 * scripts/bench/scale-fill.sql adds 9,998 workspaces and gives Acme Bakery 50,000 deploy runs and
 * 200,000 audit rows; a new workspace gets one page of history (50 runs, 100 audit rows: every page
 * and API then shows a full page, so the two differ in how much lies behind the page, not in what
 * it shows). Each page and API is loaded for both, and the budget is the big one's time per
 * request against the new one's.
 */
import { execFileSync } from "node:child_process";
import pg from "pg";
import { ACCEPT_ENCODING, interleaved, log, postForm, rawRequest, settings, signIn, type LoadResult } from "./harness";

export const SCALE_TARGET = 1.2;
export const SCALE_ENDPOINTS = [
  "/dashboard",
  "/dashboard/deploy/provider",
  "/dashboard/team",
  "/dashboard/audit",
  "/api/dashboard/stats",
  "/api/deploy/config",
  "/api/deploy/runs",
  "/api/audit",
] as const;

export type ScaleRow = { path: string; big: LoadResult; small: LoadResult; bigBytes: number; smallBytes: number };
export type ScaleResult = { rows: ScaleRow[]; counts: Record<string, number>; fillSeconds: number };

/** The fill, the new workspace and a session in each workspace (both as owner@acme.test). */
async function prepare(base: string, databaseUrl: string) {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const big = (await client.query<{ id: string }>(`SELECT "id" FROM "Tenant" WHERE "slug" = 'acme'`)).rows[0]?.id;
    if (!big) throw new Error("no demo workspace (slug acme): the app must run with SEED_DEMO=true");
    const started = performance.now();
    log(`scale: filling (10,000 workspaces; Acme Bakery with 50,000 runs and 200,000 audit rows)`);
    execFileSync("psql", ["-q", "-v", "ON_ERROR_STOP=1", "-v", `big=${big}`, "-d", databaseUrl, "-f", "scripts/bench/scale-fill.sql"], {
      stdio: ["ignore", "ignore", "inherit"],
    });
    const fillSeconds = (performance.now() - started) / 1000;
    const small = "c" + "benchnewworkspace".padEnd(24, "0");
    await client.query(
      `WITH owner AS (SELECT "id" FROM "User" WHERE "email" = 'owner@acme.test'),
            tenant AS (INSERT INTO "Tenant" ("id", "slug", "name", "updatedAt") VALUES ($1, 'bench-new', 'New Workspace', now()) RETURNING "id")
       INSERT INTO "Membership" ("id", "tenantId", "userId", "role", "updatedAt") SELECT $1 || 'm', tenant."id", owner."id", 'OWNER', now() FROM tenant, owner`,
      [small],
    );
    // The same people, setup and modules as the big workspace: the two differ in their history only.
    for (const [table, columns] of [
      ["Membership", `"userId", "role", "active", "createdAt", "updatedAt"`],
      ["SetupItem", `"key", "done", "completedAt", "completedBy"`],
      ["TenantModule", `"module", "enabled", "updatedAt"`],
    ])
      await client.query(
        `INSERT INTO "${table}" ("id", "tenantId", ${columns}) SELECT "id" || 'n', $1, ${columns} FROM "${table}" WHERE "tenantId" = $2 ON CONFLICT DO NOTHING`,
        [small, big],
      );
    await client.query(
      `INSERT INTO "DeployConfig" ("id", "tenantId", "provider", "appUrl", "status", "updatedAt") VALUES ($1 || 'd', $1, 'DOCKER', 'https://new-workspace.example.com', 'configured', now())`,
      [small],
    );
    // One page of history, copied from the big workspace's newest rows.
    await client.query(
      `INSERT INTO "DeployRun" ("id", "tenantId", "deployConfigId", "kind", "configRevision", "status", "resultsJson", "errorText", "actorUserId", "startedAt", "finishedAt")
       SELECT "id" || 'n', $1, $1 || 'd', "kind", 1, "status", "resultsJson", "errorText", "actorUserId", "startedAt", "finishedAt"
       FROM "DeployRun" WHERE "tenantId" = $2 ORDER BY "startedAt" DESC LIMIT 50`,
      [small, big],
    );
    await client.query(
      `INSERT INTO "AuditLog" ("id", "tenantId", "actorUserId", "actorLabel", "action", "origin", "metadata", "createdAt")
       SELECT "id" || 'n', $1, "actorUserId", "actorLabel", "action", "origin", "metadata", "createdAt"
       FROM "AuditLog" WHERE "tenantId" = $2 ORDER BY "createdAt" DESC LIMIT 100`,
      [small, big],
    );
    await client.query("ANALYZE");
    const counts: Record<string, number> = {};
    for (const table of ["Tenant", "Membership", "DeployRun", "AuditLog"])
      counts[table] = Number((await client.query(`SELECT count(*) AS n FROM "${table}"`)).rows[0].n);
    counts.bigRuns = Number((await client.query(`SELECT count(*) AS n FROM "DeployRun" WHERE "tenantId" = $1`, [big])).rows[0].n);
    counts.bigAudit = Number((await client.query(`SELECT count(*) AS n FROM "AuditLog" WHERE "tenantId" = $1`, [big])).rows[0].n);
    const cookies = [];
    for (const tenantId of [big, small]) {
      const cookie = await signIn(base, "owner@acme.test");
      const switched = await postForm(base, "/dashboard/switch-tenant", { tenantId }, cookie);
      if (switched.status !== 302) throw new Error(`switching to ${tenantId} answered ${switched.status}`);
      cookies.push(cookie);
    }
    return { cookies: cookies as [string, string], counts, fillSeconds };
  } finally {
    await client.end();
  }
}

export async function measureScale(base: string, databaseUrl: string): Promise<ScaleResult> {
  const { cookies, counts, fillSeconds } = await prepare(base, databaseUrl);
  const durationS = Math.min(settings.durationS, 6);
  const rows: ScaleRow[] = [];
  for (const pathname of SCALE_ENDPOINTS) {
    const sides = cookies.map((cookie) => ({ url: `${base}${pathname}`, headers: { "Accept-Encoding": ACCEPT_ENCODING, Cookie: cookie } }));
    const bytes: number[] = [];
    for (const side of sides) {
      const answer = await rawRequest(side.url, side.headers);
      if (answer.status !== 200) throw new Error(`${pathname} answered ${answer.status}`);
      bytes.push(answer.body.length);
    }
    // Warm-up (plans, buffers), then big, new, new, big.
    const [bigRun, smallRun] = await interleaved(sides[0]!, sides[1]!, durationS, 1);
    const big = { result: bigRun.result, bytes: bytes[0]! };
    const small = { result: smallRun.result, bytes: bytes[1]! };
    log(`scale: ${pathname}: ${big.result.requestsPerSecond.toFixed(0)} req/s (big) vs ${small.result.requestsPerSecond.toFixed(0)} req/s (new)`);
    rows.push({ path: pathname, big: big.result, small: small.result, bigBytes: big.bytes, smallBytes: small.bytes });
  }
  return { rows, counts, fillSeconds };
}

/** Time per request, big against new: at a fixed number of connections, the inverse ratio of requests per second. */
const ratioOf = (row: ScaleRow) => row.small.requestsPerSecond / row.big.requestsPerSecond;
const clean = (run: LoadResult) => !run.non2xx && !run.errors;
const fmt = (value: number, digits = 0) => (Number.isNaN(value) ? "n/a" : value.toFixed(digits));

export function scaleVerdicts(result: ScaleResult) {
  return result.rows.map((row) => ({
    target: `postgres: ${row.path} for a workspace with 50,000 runs and 200,000 audit rows among 10,000 ≤ ${SCALE_TARGET} × a new workspace's time per request`,
    measured: `${fmt(row.big.requestsPerSecond)} vs ${fmt(row.small.requestsPerSecond)} req/s = ${fmt(ratioOf(row), 2)}×${clean(row.big) && clean(row.small) ? "" : " (some answers were errors)"}`,
    pass: ratioOf(row) <= SCALE_TARGET && clean(row.big) && clean(row.small),
  }));
}

export function scaleSection(result: ScaleResult) {
  const { counts } = result;
  return [
    "## Scale (PostgreSQL)",
    "",
    `The platform's database after the fill (${fmt(result.fillSeconds, 1)} s): ${counts.Tenant} workspaces, ${counts.Membership} memberships, ${counts.DeployRun} deploy runs and ${counts.AuditLog} audit rows; the big workspace (Acme Bakery) has ${counts.bigRuns} runs and ${counts.bigAudit} audit rows, the new one 50 and 100, and the same members, setup and modules as the big one. ${Math.min(settings.durationS, 6)} s per endpoint and workspace (big, new, new, big, a quarter each) after 1 s of warm-up of each, ${settings.connections} connections, the same person signed in to each.`,
    "",
    "| Endpoint | Big: bytes (enc.) | Big req/s | Big p50 / p99 ms | New: bytes (enc.) | New req/s | New p50 / p99 ms | Time ratio |",
    "|---|---:|---:|---:|---:|---:|---:|---:|",
    ...result.rows.map(
      (row) =>
        `| ${row.path} | ${row.bigBytes} | ${fmt(row.big.requestsPerSecond)} | ${row.big.p50} / ${row.big.p99} | ${row.smallBytes} | ${fmt(row.small.requestsPerSecond)} | ${row.small.p50} / ${row.small.p99} | ${fmt(ratioOf(row), 2)} |`,
    ),
    "",
  ];
}
