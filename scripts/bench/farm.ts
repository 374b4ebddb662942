/**
 * --farm (--farm-only alone): Stay LIVE at scale. A loopback farm (scripts/bench/farm-server.mjs,
 * one process answering at one 127.0.X.Y address per workspace) stands in for the workspaces' live
 * instances; 2,000 workspaces marked LIVE at it (seeded in SQL, owner included, each with its own
 * sealed JWT secret) are checked on their 5-minute cadence, on the embedded database (one platform
 * process) and on PostgreSQL (two platform processes on one database). For one full cycle: how late
 * each check starts (LiveCheck.startedAt − slotAt), that each workspace's /health was called once
 * per check and no slot twice, the platform's CPU per check, the rows and bytes it adds, and the
 * wizard step's p99 under load against the same load before any workspace was LIVE. Then 20 % of
 * the farm drops every connection for 2 minutes (those workspaces on a 1-minute cadence, so that a
 * 2-minute outage can be two failed checks in a row): each incident opened and closed once, one
 * alert each way, and no incident elsewhere.
 */
import { execFileSync, fork } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import pg from "pg";
import { deriveSecretBoxKey, SecretBox } from "../../app/crypto/secret-box.server";
import { startAppProcess, type AppProcess } from "../../tests/helpers/app-process";
import { cleanups, cpuTimes, createPlatformDatabase, freePort, load, log, settings, signIn, stopChild, track, waitForLine, type LoadResult } from "./harness";
import { FARM_FINGERPRINT, farmAddress, farmTenantId } from "./farm-server.mjs";

export const FARM_TARGETS = { latenessP99S: 10, pageRatio: 1.5 };
export type FarmOptions = { workspaces: number; floorS: number; wakeS: number; outageS: number; share: number; logDir: string };
export type FarmKind = "embedded" | "postgres";
type Rows = Record<string, unknown>[];
type Database = { query: (text: string, params?: unknown[]) => Promise<Rows>; close: () => Promise<void> };
type Calls = Record<"health" | "ready" | "stats" | "dropped", Record<number, number>>;
type Growth = { table: string; rows: number; bytes: number };

export type FarmResult = {
  kind: FarmKind;
  instances: number;
  workspaces: number;
  intervalS: number;
  cycleS: number;
  checks: number;
  statuses: Record<string, number>;
  lateness: { p50: number; p99: number; max: number };
  unchecked: number;
  miscounted: number;
  cpuMsPerCheck: number;
  farmCpuMsPerCheck: number;
  growth: Growth[];
  dataDirGrowth: number | null;
  perWorkspaceDay: { rows: number; bytes: number };
  page: { idle: LoadResult; busy: LoadResult };
  /** The machine's 1-minute load average at the idle page load, the busy one and the end (a shared machine). */
  loadAverage: number[];
  outage: {
    affected: number;
    failedTwice: number;
    opened: number;
    closed: number;
    wrong: string[];
    startAlerts: number;
    endAlerts: number;
    emails: number;
    otherIncidents: number;
    recoveredS: number;
    /** Lateness p99 (s) of the checks started from the outage's start to the end, of the workspaces down and of the others. */
    lateP99: { down: number; others: number };
  };
};

const MONITOR_TABLES = ["LiveCheck", "LiveRollup", "LiveMonitor", "LiveIncident", "Notification", "OutboxEmail", "AuditLog", "WebhookDelivery"];
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const percentile = (sorted: number[], p: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]! : NaN);
const num = (value: unknown) => Number(value ?? 0);

async function openDatabase(target: { dir?: string; url?: string }): Promise<Database> {
  if (target.url) {
    const client = new pg.Client({ connectionString: target.url });
    await client.connect();
    return { query: async (text, params) => (await client.query(text, params)).rows as Rows, close: () => client.end() };
  }
  const lite = new PGlite(target.dir!);
  await lite.waitReady;
  return { query: async (text, params) => (await lite.query(text, params)).rows as Rows, close: () => lite.close() };
}

/** The farm's workspaces, LIVE at their farm address, each with an owner and its JWT secret sealed with the platform's key. */
async function seed(database: Database, options: FarmOptions, port: number, encryptionKey: string) {
  const box = new SecretBox(deriveSecretBoxKey(Buffer.from(encryptionKey, "base64")));
  const jwtSecret = randomBytes(32).toString("base64");
  const rows = Array.from({ length: options.workspaces }, (_, n) => {
    const id = farmTenantId(n);
    return { id, n, url: `http://${farmAddress(n)}:${port}`, sealed: box.seal(jwtSecret, { tenantId: id, field: "jwtSecret" }) };
  });
  const from = `FROM jsonb_to_recordset($1::jsonb) AS x(id text, n int, url text, sealed text)`;
  const json = [JSON.stringify(rows)];
  await database.query("BEGIN");
  await database.query(`INSERT INTO "Tenant" ("id", "slug", "name", "updatedAt") SELECT id, 'farm-' || n, 'Farm ' || n, now() ${from}`, json);
  await database.query(
    `INSERT INTO "User" ("id", "email", "name", "passwordHash", "updatedAt") SELECT id || 'u', 'owner-' || n || '@farm.test', 'Farm owner ' || n, 'none', now() ${from}`,
    json,
  );
  await database.query(
    `INSERT INTO "Membership" ("id", "tenantId", "userId", "role", "updatedAt") SELECT id || 'm', id, id || 'u', 'OWNER', now() ${from}`,
    json,
  );
  await database.query(
    `INSERT INTO "DeployConfig" ("id", "tenantId", "provider", "appUrl", "status", "jwtSecretEncrypted", "jwtSecretFingerprint", "encryptionKeyFingerprint",
       "sessionSecretFingerprint", "secretsGeneratedAt", "liveAt", "updatedAt")
     SELECT id || 'd', id, 'DOCKER', url, 'live', sealed, 'farm-jwt', $2, 'farm-session', now(), now(), now() ${from}`,
    [...json, FARM_FINGERPRINT],
  );
  await database.query(`INSERT INTO "LiveMonitor" ("tenantId", "intervalMinutes", "updatedAt") SELECT id, 5, now() ${from}`, json);
  await database.query("COMMIT");
}

async function sizes(database: Database): Promise<Growth[]> {
  const out: Growth[] = [];
  for (const table of MONITOR_TABLES) {
    const [row] = await database.query(`SELECT count(*) AS n, pg_total_relation_size('"${table}"') AS bytes FROM "${table}"`);
    out.push({ table, rows: num(row?.n), bytes: num(row?.bytes) });
  }
  const [boss] = await database.query(
    `SELECT coalesce(sum(pg_total_relation_size(c.oid)), 0) AS bytes, (SELECT count(*) FROM pgboss.job) AS n
     FROM pg_class c JOIN pg_namespace s ON s.oid = c.relnamespace WHERE s.nspname = 'pgboss' AND c.relkind = 'r'`,
  );
  out.push({ table: "pgboss (job queue)", rows: num(boss?.n), bytes: num(boss?.bytes) });
  return out;
}

/** CPU time (ms) of the PostgreSQL backends serving a database now (a backend that ended since is not counted). */
async function backendCpu(url: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ pid: number }>(`SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()`);
    return rows.reduce((sum, row) => sum + (cpuTimes(row.pid)?.processMs ?? 0), 0);
  } finally {
    await client.end();
  }
}

const duBytes = (dir: string) => Number(execFileSync("du", ["-sb", dir], { encoding: "utf8" }).split("\t")[0]);

function startFarm(port: number) {
  const child = track(fork(path.join("scripts", "bench", "farm-server.mjs"), [String(port)], { stdio: ["ignore", "pipe", "inherit", "ipc"] }));
  const ask = <T>(message: object, reply: string) =>
    new Promise<T>((resolve) => {
      const on = (answer: { type?: string }) => {
        if (answer?.type !== reply) return;
        child.off("message", on);
        resolve(answer as T);
      };
      child.on("message", on);
      child.send(message);
    });
  return {
    child,
    ready: waitForLine(child, (line) => line === "listening", 10_000),
    counts: (reset = false) => ask<{ calls: Calls; cpu: NodeJS.CpuUsage }>({ type: "counts", reset }, "counts"),
    down: (indexes: number[], ms: number) => ask({ type: "down", indexes, ms }, "down"),
  };
}

type Platform = { apps: AppProcess[]; cpu: () => number };

async function startPlatform(kind: FarmKind, env: Record<string, string>, dataDirs: string[], options: FarmOptions, name: string): Promise<Platform> {
  const apps: AppProcess[] = [];
  for (const [i, dataDir] of dataDirs.entries()) {
    const app = await startAppProcess({
      port: await freePort(),
      env: { ...env, DATA_DIR: dataDir },
      logFile: path.join(options.logDir, `bench-farm-${kind}-${name}-${i + 1}.log`),
      appendLog: true,
      readyPath: "/ready",
      timeoutMs: 180_000,
    });
    track(app.child);
    apps.push(app);
  }
  return { apps, cpu: () => apps.reduce((sum, app) => sum + (cpuTimes(app.child.pid)?.processMs ?? NaN), 0) };
}

const stopPlatform = (platform: Platform) => Promise.all(platform.apps.map((app) => stopChild(app.child)));

async function pageLoad(platform: Platform, cookie: string) {
  const url = `${platform.apps[0]!.url}/dashboard/deploy/provider`;
  if (settings.warmupS > 0) await load(url, { Cookie: cookie }, settings.warmupS);
  return load(url, { Cookie: cookie }, settings.durationS);
}

export async function measureFarm(kind: FarmKind, options: FarmOptions): Promise<FarmResult> {
  const instances = kind === "postgres" ? 2 : 1;
  const secrets = Object.fromEntries(["ENCRYPTION_KEY", "SESSION_SECRET", "JWT_SECRET"].map((name) => [name, randomBytes(32).toString("base64")]));
  const dataDirs = Array.from({ length: instances }, () => mkdtempSync(path.join(os.tmpdir(), "golive-bench-farm-")));
  cleanups.push(() => dataDirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));
  const databaseUrl = kind === "postgres" ? await createPlatformDatabase("golive_farm") : undefined;
  const target = databaseUrl ? { url: databaseUrl } : { dir: path.join(dataDirs[0]!, "pglite") };
  const env: Record<string, string> = {
    ...secrets,
    ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
    SEED_DEMO: "true",
    ALLOW_LOCAL_TARGETS: "true",
    LOG_LEVEL: "info",
    DEPLOY_CHECK_TIMEOUT_MS: "2000",
    LIVE_WAKE_SECONDS: String(options.wakeS),
    LIVE_CHECK_INTERVAL_SECONDS: String(options.floorS),
  };
  const intervalS = options.floorS < 60 ? options.floorS : Math.max(300, options.floorS);
  const farmPort = await freePort();
  const farm = startFarm(farmPort);
  await farm.ready;

  // 1. The wizard step with the scheduler idle: the platform up, no workspace LIVE yet.
  log(`farm ${kind}: the wizard step with the scheduler idle (${instances} instance${instances > 1 ? "s" : ""})`);
  let platform = await startPlatform(kind, env, dataDirs, options, "idle");
  const cookie = await signIn(platform.apps[0]!.url, "owner@acme.test");
  const idle = await pageLoad(platform, cookie);
  const loadAverage = [os.loadavg()[0]!];
  await stopPlatform(platform);

  // 2. The farm's workspaces, seeded while the platform is down (the embedded database has one owner at a time).
  let database = await openDatabase(target);
  const seedStarted = performance.now();
  await seed(database, options, farmPort, secrets.ENCRYPTION_KEY!);
  log(`farm ${kind}: ${options.workspaces} LIVE workspaces seeded in ${((performance.now() - seedStarted) / 1000).toFixed(1)} s`);
  const before = await sizes(database);
  await database.close();
  const dirBefore = kind === "embedded" ? duBytes(target.dir!) : null;

  // 3. One full cycle of the schedule, the wizard step loaded half-way.
  await farm.counts(true);
  const farmCpu0 = (await farm.counts()).cpu;
  platform = await startPlatform(kind, env, dataDirs, options, "cycle");
  const t0 = Date.now();
  const cpuNow = async () => platform.cpu() + (databaseUrl ? await backendCpu(databaseUrl) : 0);
  const cpu0 = await cpuNow();
  log(`farm ${kind}: one cycle of ${intervalS} s with ${options.workspaces} workspaces`);
  await sleep((intervalS * 1000) / 2);
  const cpuLoad0 = await cpuNow();
  const loadFrom = Date.now();
  const busy = await pageLoad(platform, cookie);
  loadAverage.push(os.loadavg()[0]!);
  const loadTo = Date.now();
  const cpuLoad = (await cpuNow()) - cpuLoad0;
  await sleep(Math.max(0, t0 + (intervalS + 15) * 1000 - Date.now()));
  const cpuCycle = (await cpuNow()) - cpu0 - cpuLoad;
  const tEnd = Date.now();
  await stopPlatform(platform);
  const cycleCounts = await farm.counts(true);
  const farmCpuMs = (cycleCounts.cpu.user + cycleCounts.cpu.system - farmCpu0.user - farmCpu0.system) / 1000;

  database = await openDatabase(target);
  const checks = await database.query(
    `SELECT "tenantId", extract(epoch FROM "startedAt" - "slotAt")::float8 AS late, extract(epoch FROM "startedAt")::float8 * 1000 AS started, "status" FROM "LiveCheck"`,
  );
  const after = await sizes(database);
  const affected = Array.from({ length: options.workspaces }, (_, n) => n).filter((n) => n % Math.round(1 / options.share) === 0);
  // The outage's workspaces on a 1-minute cadence (a 2-minute outage is at most one failed check at 5 minutes),
  // and every queued check dropped with the slot it recorded: the sweep at start queues each workspace's next slot at its cadence.
  if (options.floorS >= 60)
    await database.query(`UPDATE "LiveMonitor" SET "intervalMinutes" = 1 WHERE "tenantId" IN (SELECT jsonb_array_elements_text($1::jsonb))`, [
      JSON.stringify(affected.map(farmTenantId)),
    ]);
  await database.query(`DELETE FROM pgboss.job WHERE "name" = 'live-check' AND "state" = 'created'`);
  await database.query(`UPDATE "LiveMonitor" SET "nextSlotAt" = NULL`);
  await database.close();
  const dirAfter = kind === "embedded" ? duBytes(target.dir!) : null;

  const late = checks.map((row) => num(row.late)).sort((a, b) => a - b);
  const perTenant = new Map<string, number>();
  for (const row of checks) perTenant.set(String(row.tenantId), (perTenant.get(String(row.tenantId)) ?? 0) + 1);
  let miscounted = 0;
  for (let n = 0; n < options.workspaces; n++) if ((cycleCounts.calls.health[n] ?? 0) !== (perTenant.get(farmTenantId(n)) ?? 0)) miscounted++;
  const statuses: Record<string, number> = {};
  for (const row of checks) statuses[String(row.status)] = (statuses[String(row.status)] ?? 0) + 1;
  const outsideLoad = checks.filter((row) => num(row.started) < loadFrom || num(row.started) > loadTo).length;
  const growth = after.map((row, i) => ({ table: row.table, rows: row.rows - before[i]!.rows, bytes: row.bytes - before[i]!.bytes }));
  const liveCheck = growth.find((row) => row.table === "LiveCheck")!;
  const rollup = after.find((row) => row.table === "LiveRollup")!;
  const checksPerDay = 86400 / intervalS;
  const perWorkspaceDay = {
    rows: checksPerDay + 1, // one LiveCheck row a check, one LiveRollup row a day
    bytes: (liveCheck.bytes / Math.max(1, liveCheck.rows)) * checksPerDay + rollup.bytes / Math.max(1, rollup.rows),
  };

  // 4. The outage: 20 % of the farm drops every connection, then answers again.
  platform = await startPlatform(kind, env, dataDirs, options, "outage");
  const outageFrom = Date.now();
  log(`farm ${kind}: ${affected.length} workspaces stop answering for ${options.outageS} s`);
  await farm.down(affected, options.outageS * 1000);
  await sleep(options.outageS * 1000);
  await farm.counts(true);
  const outageTo = Date.now();
  const deadline = outageTo + (intervalS + options.wakeS + 60) * 1000;
  let waiting = affected.length;
  while (Date.now() < deadline) {
    const { calls } = await farm.counts();
    waiting = affected.filter((n) => !calls.health[n]).length;
    if (!waiting) break;
    await sleep(2000);
  }
  const recoveredS = (Date.now() - outageTo) / 1000;
  await sleep(3000);
  await stopPlatform(platform);
  if (waiting) log(`farm ${kind}: ${waiting} workspaces had no call after the outage`);

  database = await openDatabase(target);
  const since = new Date(outageFrom).toISOString();
  const fails = new Map(
    (await database.query(`SELECT "tenantId", count(*) AS n FROM "LiveCheck" WHERE "status" = 'fail' AND "startedAt" >= $1 GROUP BY 1`, [since])).map((row) => [
      String(row.tenantId),
      num(row.n),
    ]),
  );
  const incidents = new Map(
    (await database.query(`SELECT "tenantId", count(*) AS opened, count("endedAt") AS closed FROM "LiveIncident" GROUP BY 1`)).map((row) => [
      String(row.tenantId),
      { opened: num(row.opened), closed: num(row.closed) },
    ]),
  );
  const alerts = new Map<string, number>(
    (await database.query(`SELECT "tenantId", "kind", count(*) AS n FROM "Notification" GROUP BY 1, 2`)).map((row) => [
      `${row.tenantId} ${row.kind}`,
      num(row.n),
    ]),
  );
  const outageChecks = await database.query(
    `SELECT "tenantId", extract(epoch FROM "startedAt" - "slotAt")::float8 AS late FROM "LiveCheck" WHERE "startedAt" >= $1`,
    [since],
  );
  const [mail] = await database.query(`SELECT count(*) AS n FROM "OutboxEmail" WHERE "tenantId" LIKE 'cfarm%'`);
  await database.close();
  const outage: FarmResult["outage"] = {
    affected: affected.length,
    failedTwice: 0,
    opened: 0,
    closed: 0,
    wrong: [],
    startAlerts: 0,
    endAlerts: 0,
    emails: num(mail?.n),
    otherIncidents: 0,
    recoveredS,
    lateP99: { down: NaN, others: NaN },
  };
  const affectedIds = new Set(affected.map(farmTenantId));
  for (const side of ["down", "others"] as const) {
    const values = outageChecks.filter((row) => affectedIds.has(String(row.tenantId)) === (side === "down")).map((row) => num(row.late));
    outage.lateP99[side] = percentile(
      values.sort((a, b) => a - b),
      99,
    );
  }
  for (let n = 0; n < options.workspaces; n++) {
    const id = farmTenantId(n);
    const { opened, closed } = incidents.get(id) ?? { opened: 0, closed: 0 };
    const started = alerts.get(`${id} incident_started`) ?? 0;
    const ended = alerts.get(`${id} incident_ended`) ?? 0;
    if (!affectedIds.has(id)) {
      outage.otherIncidents += opened + started + ended;
      continue;
    }
    const twice = (fails.get(id) ?? 0) >= 2;
    Object.assign(outage, {
      failedTwice: outage.failedTwice + (twice ? 1 : 0),
      opened: outage.opened + opened,
      closed: outage.closed + closed,
      startAlerts: outage.startAlerts + started,
      endAlerts: outage.endAlerts + ended,
    });
    if (opened !== (twice ? 1 : 0) || closed !== opened || started !== opened || ended !== closed)
      outage.wrong.push(`${farmAddress(n)}: ${fails.get(id) ?? 0} failed, ${opened} opened, ${closed} closed, ${started}/${ended} alerts`);
  }
  if (waiting) outage.wrong.push(`${waiting} affected workspaces were not called again within the wait`);
  await stopChild(farm.child);

  const result: FarmResult = {
    kind,
    instances,
    workspaces: options.workspaces,
    intervalS,
    cycleS: (tEnd - t0) / 1000,
    checks: checks.length,
    statuses,
    lateness: { p50: percentile(late, 50), p99: percentile(late, 99), max: late.at(-1) ?? NaN },
    unchecked: options.workspaces - perTenant.size,
    miscounted,
    cpuMsPerCheck: cpuCycle / Math.max(1, outsideLoad),
    farmCpuMsPerCheck: farmCpuMs / Math.max(1, checks.length),
    growth,
    dataDirGrowth: dirBefore === null || dirAfter === null ? null : dirAfter - dirBefore,
    perWorkspaceDay,
    page: { idle, busy },
    loadAverage: [...loadAverage, os.loadavg()[0]!],
    outage,
  };
  writeFileSync(path.join(options.logDir, `farm-${kind}.json`), JSON.stringify(result, null, 2));
  return result;
}

const fmt = (value: number, digits = 0) => (Number.isFinite(value) ? value.toFixed(digits) : "n/a");
const pageRatio = (r: FarmResult) => r.page.busy.p99 / Math.max(1, r.page.idle.p99);
const setup = (r: FarmResult) =>
  `${r.kind} (${r.instances} instance${r.instances > 1 ? "s" : ""}), ${r.workspaces} workspaces every ${r.intervalS % 60 ? `${r.intervalS} s` : `${r.intervalS / 60} min`}`;

export function farmVerdicts(results: FarmResult[]) {
  return results.flatMap((r) => [
    {
      target: `${setup(r)}: checks start p99 < ${FARM_TARGETS.latenessP99S} s after their slot`,
      measured: `p50 ${fmt(r.lateness.p50, 2)} s, p99 ${fmt(r.lateness.p99, 2)} s, max ${fmt(r.lateness.max, 2)} s over ${r.checks} checks`,
      pass: r.lateness.p99 < FARM_TARGETS.latenessP99S,
    },
    {
      target: `${setup(r)}: every workspace checked in the cycle, its /health called once per check`,
      measured: `${r.workspaces - r.unchecked} of ${r.workspaces} checked; ${r.miscounted} workspaces whose /health calls differ from their checks; ${JSON.stringify(r.statuses)}`,
      pass: r.unchecked === 0 && r.miscounted === 0 && r.checks === (r.statuses.pass ?? 0),
    },
    {
      target: `${setup(r)}: wizard step p99 during the checks ≤ ${FARM_TARGETS.pageRatio} × with the scheduler idle`,
      measured: `${r.page.busy.p99} vs ${r.page.idle.p99} ms = ${fmt(pageRatio(r), 2)}× (${fmt(r.page.busy.requestsPerSecond)} vs ${fmt(r.page.idle.requestsPerSecond)} req/s)`,
      pass: pageRatio(r) <= FARM_TARGETS.pageRatio && !r.page.busy.non2xx && !r.page.busy.errors,
    },
    {
      target: `${setup(r)}: 20 % of the farm down, then up: each incident opened and closed once, one alert each way, none elsewhere`,
      measured: `${r.outage.affected} down: ${r.outage.failedTwice} failed twice in a row, ${r.outage.opened} incidents opened, ${r.outage.closed} closed, ${r.outage.startAlerts} + ${r.outage.endAlerts} alerts, ${r.outage.emails} emails; ${r.outage.otherIncidents} incidents or alerts elsewhere${r.outage.wrong.length ? `; wrong: ${r.outage.wrong.slice(0, 3).join("; ")}` : ""}`,
      pass: r.outage.wrong.length === 0 && r.outage.otherIncidents === 0 && r.outage.opened > 0,
    },
  ]);
}

export function farmSection(results: FarmResult[], options: FarmOptions) {
  const lines = [
    "## Stay LIVE at scale (--farm)",
    "",
    `A loopback farm (scripts/bench/farm-server.mjs) answers /health, /ready and the signed stats call as each workspace's instance, one 127.0.X.Y address per workspace. LIVE_WAKE_SECONDS=${options.wakeS}, DEPLOY_CHECK_TIMEOUT_MS=2000, LIVE_CHECK_CONCURRENCY 16 (the default). One cycle of the schedule from the platform's start; the wizard step (GET /dashboard/deploy/provider, ${settings.connections} connections, ${settings.durationS} s after ${settings.warmupS} s of warm-up) half-way through, against the same load before any workspace was LIVE. CPU per check: the platform process(es) and, on PostgreSQL, the database's backends (the embedded database runs in a thread of the platform), outside the page load. Then ${Math.round(options.share * 100)} % of the farm drops every connection for ${options.outageS} s, those workspaces on a 1-minute cadence.`,
    "",
    "| Budget | Measured | Result |",
    "|---|---|---|",
    ...farmVerdicts(results).map((v) => `| ${v.target} | ${v.measured} | ${v.pass ? "PASS" : "MISS"} |`),
    "",
    "| Database | Checks in the cycle | Lateness p50 / p99 / max s | Platform CPU ms per check | Farm CPU ms per check | Rows per workspace a day | Bytes per workspace a day | Embedded data dir growth in the cycle | Back after the outage | Lateness p99 during the outage: down / others | Load average: idle page / busy page / end |",
    "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ...results.map(
      (r) =>
        `| ${r.kind} (${r.instances}) | ${r.checks} in ${fmt(r.cycleS)} s | ${fmt(r.lateness.p50, 2)} / ${fmt(r.lateness.p99, 2)} / ${fmt(r.lateness.max, 2)} | ${fmt(r.cpuMsPerCheck, 1)} | ${fmt(r.farmCpuMsPerCheck, 2)} | ${fmt(r.perWorkspaceDay.rows)} | ${fmt(r.perWorkspaceDay.bytes / 1024, 1)} KiB | ${r.dataDirGrowth === null ? "n/a" : `${fmt(r.dataDirGrowth / 1048576, 1)} MiB`} | ${fmt(r.outage.recoveredS)} s | ${fmt(r.outage.lateP99.down, 1)} / ${fmt(r.outage.lateP99.others, 1)} s | ${r.loadAverage.map((v) => fmt(v, 2)).join(" / ")} |`,
    ),
    "",
    "Rows and bytes added in the cycle (pg_total_relation_size, indexes included; the job queue keeps a finished job an hour, raw checks are kept 7 days, daily rollups 90):",
    "",
    `| Table | ${results.map((r) => `${r.kind}: rows / bytes`).join(" | ")} |`,
    `|---|${results.map(() => "---:").join("|")}|`,
    ...(results[0]?.growth ?? []).map((row, i) => `| ${row.table} | ${results.map((r) => `${r.growth[i]!.rows} / ${r.growth[i]!.bytes}`).join(" | ")} |`),
    "",
  ];
  return lines;
}
