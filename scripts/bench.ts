/**
 * npm run bench: measures the performance budgets (TARGETS below) on the production build and
 * writes reports/perf.md. Not part of npm test: it takes a few minutes and needs a quiet machine.
 * Run it on Node 24, the runtime the project supports (Node 20 pays for the read cache's
 * AsyncLocalStorage on every promise: docs/decisions/010-performance-budgets.md).
 * Why these budgets and how each is measured: docs/decisions/010-performance-budgets.md; the
 * starvation budget: docs/decisions/011-starvation-budget.md.
 *
 * On the embedded database, and on PostgreSQL when it answers on 127.0.0.1:5432 (scripts/prepare-
 * postgres.sh also creates the tenant database that pre-flight checks), it measures:
 * - /health and the wizard step under closed-loop load (autocannon in its own process), beside a
 *   bare node:http server answering the same bytes, and the framework floor (scripts/bench/floor);
 * - pre-flight's wall time against its slowest check, and verification of a URL that never answers;
 * - /health's p99 while 50 such verifications run, against a bare server probed in the same burst.
 * And on PostgreSQL, each part in its own module under scripts/bench/:
 * - the dashboard, a wizard step and the stats API against the reference (reference.ts);
 * - every page and API for a workspace with a long history among 10,000, against a new one (scale.ts);
 * - two instances started at once, then mixed reads and writes on both (starts.ts).
 * With --farm, on both databases: 2,000 LIVE workspaces checked on their schedule against a loopback
 * farm, and an outage of a fifth of it (farm.ts).
 */
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { SETUP_CATALOGUE } from "../app/workspace/setup-catalogue";
import { summariseWindow, wallClockOffset } from "./bench/latency.mjs";
import { canConnectToPostgres, startAppProcess } from "../tests/helpers/app-process";
import {
  ACCEPT_ENCODING,
  ADMIN_PG_URL,
  api,
  children,
  cleanups,
  cpuTimes,
  createPlatformDatabase,
  freePort,
  load,
  log,
  perRequest,
  postForm,
  rawRequest,
  settings,
  signIn,
  startLoad,
  stopChild,
  track,
  waitForLine,
  type Answers,
  type LatencySummary,
  type LoadResult,
  type Probe,
} from "./bench/harness";
import { measureReference, referenceSection, referenceVerdicts } from "./bench/reference";
import { farmSection, farmVerdicts, measureFarm, type FarmKind, type FarmOptions, type FarmResult } from "./bench/farm";
import { measureScale, scaleSection, scaleVerdicts } from "./bench/scale";
import { measureStarts, startsSection, startsVerdicts } from "./bench/starts";

const USAGE = `npm run bench [-- options]
  --no-build               use the existing build (default: npm run build first)
  --no-postgres            the embedded database only
  --checks-only            pre-flight, verification and starvation only (no load tests, no floor)
  --quick                  a smoke run: 2 s per load test, no warm-up, one starvation round
  --duration=S             seconds per load test (default 10), --warmup=S (default 2)
  --connections=N          closed-loop connections (default 16)
  --starvation-rounds=N    starvation bursts, the verdict takes their median (default 3)
  --reference              PostgreSQL only: the dashboard, a wizard step and the stats API against
                           the reference (scripts/bench/reference/README.md)
  --scale                  PostgreSQL only: each page and API for a workspace with 50,000 runs and
                           200,000 audit rows among 10,000 workspaces, against a new workspace
  --starts                 PostgreSQL only: two instances started at once (x10, with and without the
                           demo seed), then page loads and configuration writes on both
  (--reference, --scale and --starts combine; a full run has them all)
  --farm                   also Stay LIVE at scale, on both databases (about 10 minutes each): 2,000
                           LIVE workspaces on a 5-minute cadence against a loopback farm
                           (scripts/bench/farm.ts): lateness, CPU per check, rows and bytes, the
                           wizard step's p99 against the scheduler idle; then 20 % of the farm down
                           for 2 minutes (incidents and alerts counted)
  --farm-only              that part alone; at its full size it replaces its section of reports/perf.md
  --farm-workspaces=N      farm size (default 2000); --farm-interval=S sets LIVE_CHECK_INTERVAL_SECONDS
                           (default 60: each workspace's own 5 minutes; under 60 every workspace every
                           S seconds, for quick runs); --farm-wake=S LIVE_WAKE_SECONDS (default 15);
                           --farm-outage=S (default 120)
A run with any of --no-postgres, --checks-only, --quick, --reference, --scale, --starts, --duration,
--connections or --starvation-rounds writes reports/.tmp/perf-partial.md; only a full run replaces reports/perf.md.
Exits 1 when a budget is missed or a part of the run failed.
BENCH_SERVER_NODE_ARGS="--cpu-prof --cpu-prof-dir=reports/.tmp/prof" profiles the app's server.
BENCH_PORTS=4800-4899 keeps every server the bench starts in that range (default: any free port).`;

const argv = process.argv.slice(2);
if (argv.includes("--help") || argv.includes("-h")) {
  console.log(USAGE);
  process.exit(0);
}
const flag = (name: string) => argv.includes(`--${name}`);
const given = (name: string) => argv.some((arg) => arg.startsWith(`--${name}=`));
const option = (name: string, fallback: number) => Number(argv.find((arg) => arg.startsWith(`--${name}=`))?.split("=")[1] ?? fallback);
const QUICK = flag("quick");
const DURATION_S = option("duration", QUICK ? 2 : 10);
const WARMUP_S = option("warmup", QUICK ? 0 : 2);
const CONNECTIONS = option("connections", 16);
const ROUNDS = option("starvation-rounds", QUICK ? 1 : 3);
const CHECKS_ONLY = flag("checks-only");
// --reference, --scale, --starts: only those parts, on PostgreSQL; a full run has them all.
const ONLY = (["reference", "scale", "starts"] as const).filter(flag);
const part = (name: (typeof ONLY)[number]) => ONLY.length === 0 || ONLY.includes(name);
const FARM_ONLY = flag("farm-only");
const FARM = FARM_ONLY || flag("farm");
const FARM_OPTIONS: FarmOptions = {
  workspaces: option("farm-workspaces", 2000),
  floorS: option("farm-interval", 60),
  wakeS: option("farm-wake", 15),
  outageS: option("farm-outage", 120),
  share: 0.2,
  logDir: path.join("reports", ".tmp"),
};
const FARM_FULL_SIZE = FARM_OPTIONS.workspaces === 2000 && FARM_OPTIONS.floorS === 60 && FARM_OPTIONS.outageS === 120;
const PARTIAL =
  QUICK ||
  CHECKS_ONLY ||
  ONLY.length > 0 ||
  FARM_ONLY ||
  flag("no-postgres") ||
  ["duration", "connections", "starvation-rounds", "farm-workspaces", "farm-interval", "farm-wake", "farm-outage"].some(given);
const LOG_DIR = path.join("reports", ".tmp");
const REPORT = PARTIAL ? path.join(LOG_DIR, "perf-partial.md") : path.join("reports", "perf.md");

const CHECK_TIMEOUT_MS = 2000;
const VERIFICATIONS = 50;
const PREFLIGHT_RUNS = 5;
const VERIFY_RUNS = 3;
// Long enough for 50 verifications to be taken in, time out and be answered (about 2.5 s on a quiet machine).
const BURST_WINDOW_S = Math.ceil((CHECK_TIMEOUT_MS + 5000) / 1000);
const TENANT_DB_URL = "postgresql://golive_app:golive-app-password@127.0.0.1:5432/golive_tenant";
Object.assign(settings, { connections: CONNECTIONS, durationS: DURATION_S, warmupS: WARMUP_S });

const TARGETS = { healthRatio: 0.5, wizardRps: 300, wizardP99Ms: 100, preflightRatio: 1.2, verifySlackMs: 500, starvationRatio: 1.5 };
const ENDPOINTS = [
  { id: "health", label: "GET /health", path: "/health", cookie: false },
  { id: "wizard", label: "GET /dashboard/deploy/provider (wizard step A)", path: "/dashboard/deploy/provider", cookie: true },
] as const;
type Endpoint = (typeof ENDPOINTS)[number];

// ---------------------------------------------------------------------------------------------
// The app under test
type Kind = "embedded" | "postgres";
type Platform = { kind: Kind; base: string; child: ChildProcess; env: Record<string, string> };

async function startPlatform(kind: Kind, name: string): Promise<Platform> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "golive-bench-"));
  cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
  const env: Record<string, string> = { DATA_DIR: dataDir, ALLOW_LOCAL_TARGETS: "true", DEPLOY_CHECK_TIMEOUT_MS: String(CHECK_TIMEOUT_MS), LOG_LEVEL: "info" };
  if (kind === "postgres") {
    Object.assign(env, { DATABASE_URL: await createPlatformDatabase(), SEED_DEMO: "true" });
    for (const secret of ["ENCRYPTION_KEY", "SESSION_SECRET", "JWT_SECRET"]) env[secret] = randomBytes(32).toString("base64");
  }
  const app = await startAppProcess({
    port: await freePort(),
    env,
    logFile: path.join(LOG_DIR, `bench-${kind}-${name}.log`),
    timeoutMs: 90_000,
    nodeArgs: process.env.BENCH_SERVER_NODE_ARGS?.split(" ").filter(Boolean),
  });
  track(app.child);
  return { kind, base: app.url, child: app.child, env };
}

/** A bare node:http server (scripts/bench/bare-server.mjs) answering each path with the app's captured answer. */
async function startBareServer(platform: Platform, endpoints: readonly Endpoint[], cookie: string) {
  const captured = [];
  for (const endpoint of endpoints) {
    const response = await rawRequest(`${platform.base}${endpoint.path}`, {
      "Accept-Encoding": ACCEPT_ENCODING,
      ...(endpoint.cookie ? { Cookie: cookie } : {}),
    });
    if (response.status !== 200) throw new Error(`${endpoint.path} answered ${response.status}, expected 200`);
    const contentEncoding = response.headers["content-encoding"] ? String(response.headers["content-encoding"]) : null;
    captured.push({
      path: endpoint.path,
      status: 200,
      contentType: String(response.headers["content-type"]),
      contentEncoding,
      bodyBase64: response.body.toString("base64"),
      bytes: response.body.length,
    });
  }
  const file = path.join(LOG_DIR, `bare-${platform.kind}.json`);
  writeFileSync(file, JSON.stringify(captured));
  const port = await freePort();
  const child = track(
    spawn(process.execPath, [path.join("scripts", "bench", "bare-server.mjs"), String(port), file], { stdio: ["ignore", "pipe", "inherit"] }),
  );
  await waitForLine(child, (line) => line === "listening", 10_000);
  return { base: `http://127.0.0.1:${port}`, captured, stop: () => stopChild(child) };
}

// ---------------------------------------------------------------------------------------------
// Throughput: the app, then the bare server, endpoint by endpoint
type Row = { endpoint: Endpoint; bytes: number; encoding: string; app: LoadResult; bare: LoadResult; cpuMs: number | null; mainMs: number | null };

async function throughput(platform: Platform, cookie: string): Promise<Row[]> {
  const bare = await startBareServer(platform, ENDPOINTS, cookie);
  const rows: Row[] = [];
  try {
    for (const [index, endpoint] of ENDPOINTS.entries()) {
      const headers = { "Accept-Encoding": ACCEPT_ENCODING, ...(endpoint.cookie ? { Cookie: cookie } : {}) };
      log(`${platform.kind}: ${endpoint.label}: ${WARMUP_S} s warm-up, then ${DURATION_S} s at ${CONNECTIONS} connections (app, then bare node:http)`);
      if (WARMUP_S > 0) await load(`${platform.base}${endpoint.path}`, headers, WARMUP_S);
      const before = cpuTimes(platform.child.pid);
      const app = await load(`${platform.base}${endpoint.path}`, headers, DURATION_S);
      const cost = perRequest(before, cpuTimes(platform.child.pid), app.total);
      if (WARMUP_S > 0) await load(`${bare.base}${endpoint.path}`, headers, WARMUP_S);
      const bareResult = await load(`${bare.base}${endpoint.path}`, headers, DURATION_S);
      if (app.non2xx || app.errors) log(`  warning: the app answered ${app.non2xx} non-2xx and ${app.errors} errors`);
      const answer = bare.captured[index]!;
      rows.push({ endpoint, bytes: answer.bytes, encoding: answer.contentEncoding ?? "identity", app, bare: bareResult, ...cost });
    }
  } finally {
    await bare.stop();
  }
  return rows;
}

/**
 * The framework floor (scripts/bench/floor/README.md): a minimal Remix app with this project's
 * packages and Remix options, serving the wizard step's markup from this run, loaded like the app.
 */
type Floor = { htmlBytes: number; appHtmlBytes: number; bytes: number; encoding: string; result: LoadResult; cpuMs: number | null; mainMs: number | null };

async function frameworkFloor(platform: Platform, cookie: string): Promise<Floor> {
  const page = await rawRequest(`${platform.base}/dashboard/deploy/provider`, { Cookie: cookie });
  const body = /<body[^>]*>([\s\S]*)<\/body>/.exec(page.body.toString("utf8"))?.[1];
  if (page.status !== 200 || !body) throw new Error(`the wizard step answered ${page.status} without a <body>`);
  const bodyFile = path.join(LOG_DIR, "floor-body.html");
  writeFileSync(bodyFile, body.replace(/<script\b[\s\S]*?<\/script>/g, "")); // Remix's scripts are the floor's own to add
  const buildDir = path.resolve(LOG_DIR, "floor-build");
  rmSync(buildDir, { recursive: true, force: true });
  execFileSync(path.join("node_modules", ".bin", "remix"), ["vite:build", ".", "--config", path.join("scripts", "bench", "floor", "vite.config.mjs")], {
    env: { ...process.env, NODE_ENV: "production", FLOOR_BUILD_DIR: buildDir, FLOOR_BODY_FILE: bodyFile },
    stdio: ["ignore", "ignore", "inherit"],
  });
  const port = await freePort();
  const server = track(
    spawn(process.execPath, [path.join("scripts", "bench", "floor", "server.mjs"), String(port), buildDir], {
      env: { ...process.env, NODE_ENV: "production" },
      stdio: ["ignore", "pipe", "inherit"],
    }),
  );
  try {
    await waitForLine(server, (line) => line === "listening", 30_000);
    const url = `http://127.0.0.1:${port}/`;
    const headers = { "Accept-Encoding": ACCEPT_ENCODING };
    const [compressed, plain] = [await rawRequest(url, headers), await rawRequest(url)];
    if (compressed.status !== 200) throw new Error(`the floor answered ${compressed.status}`);
    log(`framework floor: ${WARMUP_S} s warm-up, then ${DURATION_S} s at ${CONNECTIONS} connections`);
    if (WARMUP_S > 0) await load(url, headers, WARMUP_S);
    const before = cpuTimes(server.pid);
    const result = await load(url, headers, DURATION_S);
    const encoding = String(compressed.headers["content-encoding"] ?? "identity");
    return {
      htmlBytes: plain.body.length,
      appHtmlBytes: page.body.length,
      bytes: compressed.body.length,
      encoding,
      result,
      ...perRequest(before, cpuTimes(server.pid), result.total),
    };
  } finally {
    await stopChild(server);
  }
}

// ---------------------------------------------------------------------------------------------
// Check latency and starvation
type Run = { status: string; startedAt: string; finishedAt: string; checks: { id: string; status: string; timingMs?: number }[] };
type Burst = { round: number; app: LatencySummary; control: LatencySummary; unanswered: number; answered: number; refused: number; lastAnswerMs: number };
type Checks = {
  preflight: { wallMs: number; slowestMs: number; slowestId: string; httpMs: number; status: string }[];
  verify: { wallMs: number; httpMs: number; status: string; checks: string }[];
  verifyCpuMs: number | null;
  unavailable: string | null;
  bursts: Burst[];
};
const wallMs = (run: Run) => new Date(run.finishedAt).getTime() - new Date(run.startedAt).getTime();

/** A never-answering verification target: accepts connections and never writes a byte. */
async function startSilentTarget() {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket.on("error", () => undefined).on("close", () => sockets.delete(socket)));
  });
  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  cleanups.push(() => new Promise<void>((resolve) => (sockets.forEach((socket) => socket.destroy()), server.close(() => resolve()))));
  return port;
}

/**
 * Both demo workspaces (the owner belongs to both) configured to go live at the silent target,
 * with a passing pre-flight, and a token for each: 25 verifications per workspace and person per
 * burst stay within the app's rate limits (30 per person, 40 per workspace, in 10 minutes).
 */
async function prepareWorkspaces(platform: Platform, silentPort: number) {
  const tokens: string[] = [];
  for (const workspace of ["Acme Bakery", "Northwind Studio"]) {
    const cookie = await signIn(platform.base, "owner@acme.test");
    if (workspace !== "Acme Bakery") {
      const home = await (await fetch(`${platform.base}/dashboard`, { headers: { Cookie: cookie } })).text();
      const tenantId = new RegExp(`<option value="([^"]+)"[^>]*>${workspace}`).exec(home)?.[1];
      if (!tenantId || (await postForm(platform.base, "/dashboard/switch-tenant", { tenantId }, cookie)).status !== 302)
        throw new Error(`switching to ${workspace} failed`);
    }
    for (const item of SETUP_CATALOGUE.filter((entry) => entry.required)) {
      const done = await postForm(platform.base, "/dashboard/setup", { intent: "done", key: item.key }, cookie);
      if (done.status !== 302) throw new Error(`marking ${item.key} done in ${workspace} failed: ${done.status}`);
    }
    const created = await api<{ token?: string }>(platform.base, "POST", "/api/tokens", { cookie }, { name: "bench" });
    if (!created.json.token) throw new Error(`creating a token in ${workspace} failed: ${created.status}`);
    const auth = { token: created.json.token };
    const config = await api(platform.base, "PUT", "/api/deploy/config", auth, {
      provider: "DOCKER",
      appUrl: `http://127.0.0.1:${silentPort}`,
      databaseUrl: TENANT_DB_URL,
    });
    if (config.status !== 200) throw new Error(`configuring ${workspace} failed: ${config.status} ${JSON.stringify(config.json)}`);
    if ((await api(platform.base, "POST", "/api/env/generate", auth, {})).status !== 201) throw new Error(`generating secrets for ${workspace} failed`);
    tokens.push(created.json.token);
  }
  return tokens;
}

async function preflightAndVerify(platform: Platform, tokens: string[]): Promise<Omit<Checks, "bursts">> {
  const checks: Omit<Checks, "bursts"> = { preflight: [], verify: [], verifyCpuMs: null, unavailable: null };
  log(`${platform.kind}: pre-flight ×${PREFLIGHT_RUNS}`);
  for (let i = 0; i < PREFLIGHT_RUNS; i++) {
    const response = await api<{ run?: Run }>(platform.base, "POST", "/api/deploy/preflight", { token: tokens[0] });
    const run = response.json.run;
    if (!run) throw new Error(`pre-flight answered ${response.status}: ${JSON.stringify(response.json).slice(0, 300)}`);
    const slowest = run.checks.reduce((a, b) => ((b.timingMs ?? 0) > (a.timingMs ?? 0) ? b : a));
    checks.preflight.push({ wallMs: wallMs(run), slowestMs: slowest.timingMs ?? 0, slowestId: slowest.id, httpMs: response.ms, status: run.status });
  }
  if (checks.preflight.some((run) => run.status !== "passed")) {
    checks.unavailable = "pre-flight did not pass (it needs the tenant database golive_tenant on 127.0.0.1:5432: run scripts/prepare-postgres.sh as root)";
    return checks;
  }
  log(`${platform.kind}: verification of a URL that never answers (timeout ${CHECK_TIMEOUT_MS} ms) ×${VERIFY_RUNS}`);
  const before = cpuTimes(platform.child.pid);
  for (let i = 0; i < VERIFY_RUNS; i++) {
    const response = await api<{ run?: Run }>(platform.base, "POST", "/api/deploy/verify", { token: tokens[0] });
    const run = response.json.run;
    if (!run) throw new Error(`verify answered ${response.status}: ${JSON.stringify(response.json).slice(0, 300)}`);
    checks.verify.push({
      wallMs: wallMs(run),
      httpMs: response.ms,
      status: run.status,
      checks: run.checks.map((c) => `${c.id} ${c.status} ${c.timingMs ?? "?"} ms`).join(", "),
    });
  }
  checks.verifyCpuMs = perRequest(before, cpuTimes(platform.child.pid), VERIFY_RUNS).cpuMs;
  return checks;
}

/**
 * One starvation round on its own fresh instance (so the rate limits start at zero): 50
 * verifications of the silent target fired at once while one probe process calls /health once a
 * millisecond on the app and, in the same process and on the same schedule, on a bare node:http
 * server answering the app's bytes (the control). Each side's p99 is taken over the requests due
 * from firing to the last answer.
 */
async function starvationRound(kind: Kind, round: number, silentPort: number): Promise<Burst> {
  const platform = await startPlatform(kind, `starvation-${round}`);
  try {
    const tokens = await prepareWorkspaces(platform, silentPort);
    for (const token of tokens) {
      const run = await api<{ run?: Run }>(platform.base, "POST", "/api/deploy/preflight", { token });
      if (run.json.run?.status !== "passed") throw new Error(`pre-flight did not pass: ${JSON.stringify(run.json).slice(0, 300)}`);
      // One verification per workspace first, as a platform that has been running has done: the
      // burst then measures verifications, not a fresh process compiling their code on first use.
      const warm = await api<{ run?: Run }>(platform.base, "POST", "/api/deploy/verify", { token });
      if (!warm.json.run) throw new Error(`the warm-up verification answered ${warm.status}`);
    }
    const control = await startBareServer(platform, [ENDPOINTS[0]], "");
    try {
      log(`${kind}: /health on the app and on a bare server while ${VERIFICATIONS} verifications run (round ${round} of ${ROUNDS})`);
      const urls = [`${platform.base}/health`, `${control.base}/health`];
      await load(urls[0]!, {}, 1); // warm-up
      const probe = startLoad<{ probes: Probe[] }>({ urls, rate: 1000, duration: BURST_WINDOW_S }, BURST_WINDOW_S);
      await probe.started;
      const firedAt = wallClockOffset() + performance.now();
      const fired = performance.now();
      const outcomes = await Promise.all(
        Array.from({ length: VERIFICATIONS }, async (_, i) => {
          const response = await api(platform.base, "POST", "/api/deploy/verify", { token: tokens[i % tokens.length] });
          return { status: response.status, doneMs: performance.now() - fired };
        }),
      );
      const { probes } = await probe.result;
      const lastAnswerMs = Math.max(...outcomes.map((o) => o.doneMs));
      writeFileSync(
        path.join(LOG_DIR, `starvation-${kind}-${round}.json`),
        JSON.stringify({ firedAt, lastAnswerMs, app: probes[0]!.answers, control: probes[1]!.answers }),
      );
      const during = (answers: Answers) => summariseWindow(answers, firedAt, firedAt + lastAnswerMs);
      const answered = outcomes.filter((o) => o.status === 200).length;
      const unanswered = probes.reduce((sum, p) => sum + p.non2xx + p.errors + p.timeouts, 0);
      return {
        round,
        app: during(probes[0]!.answers),
        control: during(probes[1]!.answers),
        unanswered,
        answered,
        refused: VERIFICATIONS - answered,
        lastAnswerMs,
      };
    } finally {
      await control.stop();
    }
  } finally {
    await stopChild(platform.child);
  }
}

// ---------------------------------------------------------------------------------------------
// Verdicts and report
type KindResult = { kind: Kind; rows: Row[]; checks: Checks | null; floor?: Floor | string; error?: string };
type Verdict = { target: string; measured: string; pass: boolean | null };
/** The parts in their own modules (scripts/bench/reference.ts, scale.ts, starts.ts): their budgets and report sections. */
type Extra = { verdicts: Verdict[]; sections: string[] };
const fmt = (value: number | null | undefined, digits = 0) => (value === null || value === undefined || Number.isNaN(value) ? "n/a" : value.toFixed(digits));
const burstRatio = (burst: Burst) => burst.app.p99 / Math.max(burst.control.p99, 0.1);
const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};

function verdicts(results: KindResult[]): Verdict[] {
  const out: Verdict[] = [];
  for (const { kind, rows, checks, error } of results) {
    const health = rows.find((row) => row.endpoint.id === "health");
    const wizard = rows.find((row) => row.endpoint.id === "wizard");
    if (health) {
      const ratio = health.app.requestsPerSecond / health.bare.requestsPerSecond;
      const measured = `${fmt(health.app.requestsPerSecond)} vs ${fmt(health.bare.requestsPerSecond)} req/s = ${fmt(ratio, 2)}×`;
      out.push({ target: `${kind}: /health ≥ ${TARGETS.healthRatio} × bare node:http req/s`, measured, pass: ratio >= TARGETS.healthRatio });
    }
    if (wizard && kind === "embedded") {
      const thread = wizard.mainMs === null ? "" : ` (the server's thread: ${fmt(wizard.mainMs, 2)} ms per page, at most ${fmt(1000 / wizard.mainMs)} pages/s)`;
      const rps = wizard.app.requestsPerSecond;
      out.push({
        target: `${kind}: wizard step ≥ ${TARGETS.wizardRps} req/s at ${CONNECTIONS} connections`,
        measured: `${fmt(rps)} req/s${thread}`,
        pass: rps >= TARGETS.wizardRps,
      });
      out.push({
        target: `${kind}: wizard step p99 < ${TARGETS.wizardP99Ms} ms at ${CONNECTIONS} connections`,
        measured: `${fmt(wizard.app.p99)} ms`,
        pass: wizard.app.p99 < TARGETS.wizardP99Ms,
      });
    }
    if (checks?.preflight.length) {
      const ratioOf = (run: Checks["preflight"][number]) => run.wallMs / Math.max(run.slowestMs, 1);
      const worst = checks.preflight.reduce((a, b) => (ratioOf(b) > ratioOf(a) ? b : a));
      const measured = `worst of ${checks.preflight.length}: ${worst.wallMs} ms wall, slowest check ${worst.slowestId} ${worst.slowestMs} ms = ${fmt(ratioOf(worst), 2)}×`;
      out.push({
        target: `${kind}: pre-flight wall ≤ ${TARGETS.preflightRatio} × its slowest check`,
        measured,
        pass: ratioOf(worst) <= TARGETS.preflightRatio,
      });
    }
    const verifyTarget = `${kind}: verify of a silent URL ≤ ${CHECK_TIMEOUT_MS} + ${TARGETS.verifySlackMs} ms`;
    if (checks?.verify.length) {
      const worst = Math.max(...checks.verify.map((v) => Math.max(v.wallMs, v.httpMs)));
      out.push({
        target: verifyTarget,
        measured: `worst ${fmt(worst)} ms (HTTP round trip included)`,
        pass: worst <= CHECK_TIMEOUT_MS + TARGETS.verifySlackMs,
      });
    } else if (checks?.unavailable) {
      out.push({ target: verifyTarget, measured: `not measured: ${checks.unavailable}`, pass: null });
    }
    if (checks?.bursts.length) {
      const ratios = checks.bursts.map(burstRatio);
      const refused = checks.bursts.reduce((sum, burst) => sum + burst.refused, 0);
      const unanswered = checks.bursts.reduce((sum, burst) => sum + burst.unanswered, 0);
      const outlasted = checks.bursts.filter((burst) => burst.lastAnswerMs > BURST_WINDOW_S * 1000).length;
      const rounds = checks.bursts.map((b) => `${fmt(b.app.p99, 2)} / ${fmt(b.control.p99, 2)} ms = ${fmt(burstRatio(b), 2)}×`).join("; ");
      out.push({
        target: `${kind}: /health p99 while ${VERIFICATIONS} slow verifications run ≤ ${TARGETS.starvationRatio} × a bare server's in the same burst, median of ${ratios.length}`,
        measured: `${fmt(median(ratios), 2)}× (app / bare p99 by round: ${rounds}; ${refused} of ${ratios.length * VERIFICATIONS} verifications refused; ${unanswered} /health probes failed${outlasted ? `; ${outlasted} bursts outlasted the ${BURST_WINDOW_S} s probe` : ""})`,
        pass: median(ratios) <= TARGETS.starvationRatio && refused === 0 && unanswered === 0 && outlasted === 0,
      });
    }
    if (error) out.push({ target: `${kind}: run`, measured: error, pass: false });
  }
  return out;
}

function renderReport(results: KindResult[], extra: Extra, context: { started: Date; seconds: number; loadBefore: number[]; loadAfter: number[] }) {
  const verdictList = [...verdicts(results), ...extra.verdicts];
  const load = (values: number[]) => values.map((v) => v.toFixed(2)).join(" / ");
  const latencies = (s: LatencySummary) => `${fmt(s.p50, 2)} / ${fmt(s.p99, 2)} / ${fmt(s.max, 2)}`;
  const lines = [
    "# Performance report",
    "",
    `Written by \`npm run bench\` on ${context.started.toISOString()} (${Math.round(context.seconds)} s); do not edit by hand. What each budget means and how it is measured: [docs/decisions/010-performance-budgets.md](../docs/decisions/010-performance-budgets.md); the starvation budget: [011](../docs/decisions/011-starvation-budget.md).`,
    "",
    `Machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? "CPU"}, Node ${process.version}; load average ${load(context.loadBefore)} before, ${load(context.loadAfter)} after (1/5/15 min). The app: \`node server.js\`, NODE_ENV=production, LOG_LEVEL=info, a fresh embedded database or PostgreSQL database with the demo data. Load: autocannon, ${CONNECTIONS} connections, ${WARMUP_S} s warm-up then ${DURATION_S} s, \`Accept-Encoding: ${ACCEPT_ENCODING}\`.`,
    "",
    "## Budgets",
    "",
    "| Budget | Measured | Result |",
    "|---|---|---|",
    ...verdictList.map((v) => `| ${v.target} | ${v.measured} | ${v.pass === null ? "NOT MEASURED" : v.pass ? "PASS" : "MISS"} |`),
    "",
  ];
  const rows = results.flatMap((r) => r.rows.map((row) => ({ kind: r.kind, row })));
  if (rows.length) {
    lines.push(
      "## Throughput",
      "",
      "| Database | Endpoint | Bytes (enc.) | App req/s | App p50 / p99 ms | Bare req/s | Bare p50 / p99 ms | App CPU ms/req | Server thread ms/req |",
    );
    lines.push("|---|---|---|---:|---:|---:|---:|---:|---:|");
    for (const { kind, row } of rows) {
      lines.push(
        `| ${kind} | ${row.endpoint.label} | ${row.bytes} (${row.encoding}) | ${fmt(row.app.requestsPerSecond)} | ${row.app.p50} / ${row.app.p99} | ${fmt(row.bare.requestsPerSecond)} | ${row.bare.p50} / ${row.bare.p99} | ${fmt(row.cpuMs, 2)} | ${fmt(row.mainMs, 2)} |`,
      );
    }
    lines.push("");
  }
  lines.push(...extra.sections);
  const withFloor = results.find((r) => r.floor);
  if (typeof withFloor?.floor === "string") lines.push("## Framework floor", "", `${withFloor.floor}.`, "");
  if (withFloor?.floor && typeof withFloor.floor !== "string") {
    const { floor } = withFloor;
    const wizard = withFloor.rows.find((row) => row.endpoint.id === "wizard");
    lines.push(
      "## Framework floor",
      "",
      "A minimal Remix app of this stack serving the wizard step's markup (scripts/bench/floor/README.md), loaded the same way in the same run.",
      "",
    );
    lines.push("| Page | HTML bytes | Bytes (enc.) | req/s | p50 / p99 ms | CPU ms/req | Server thread ms/req |", "|---|---:|---|---:|---:|---:|---:|");
    lines.push(
      `| framework floor | ${floor.htmlBytes} | ${floor.bytes} (${floor.encoding}) | ${fmt(floor.result.requestsPerSecond)} | ${floor.result.p50} / ${floor.result.p99} | ${fmt(floor.cpuMs, 2)} | ${fmt(floor.mainMs, 2)} |`,
    );
    if (wizard) {
      lines.push(
        `| the app's wizard step A | ${floor.appHtmlBytes} | ${wizard.bytes} (${wizard.encoding}) | ${fmt(wizard.app.requestsPerSecond)} | ${wizard.app.p50} / ${wizard.app.p99} | ${fmt(wizard.cpuMs, 2)} | ${fmt(wizard.mainMs, 2)} |`,
      );
      if (floor.mainMs !== null && wizard.mainMs !== null) {
        const budget = 1000 / TARGETS.wizardRps;
        lines.push(
          "",
          `The framework alone costs the server's thread ${fmt(floor.mainMs, 2)} ms per page; the app adds ${fmt(wizard.mainMs - floor.mainMs, 2)} ms. ${TARGETS.wizardRps} pages/s allows ${fmt(budget, 2)} ms in all.`,
        );
      }
    }
    lines.push("");
  }
  for (const { kind, checks } of results) {
    if (!checks) continue;
    lines.push(`## Checks (${kind})`, "", "| Pre-flight run | Status | Wall ms | Slowest check | Slowest ms | HTTP ms |", "|---:|---|---:|---|---:|---:|");
    checks.preflight.forEach((run, i) => lines.push(`| ${i + 1} | ${run.status} | ${run.wallMs} | ${run.slowestId} | ${run.slowestMs} | ${fmt(run.httpMs)} |`));
    lines.push("");
    if (checks.verify.length) {
      lines.push(`| Verify run (silent URL, timeout ${CHECK_TIMEOUT_MS} ms) | Status | Wall ms | HTTP ms | Checks |`, "|---:|---|---:|---:|---|");
      checks.verify.forEach((run, i) => lines.push(`| ${i + 1} | ${run.status} | ${run.wallMs} | ${fmt(run.httpMs)} | ${run.checks} |`));
      lines.push("", `Server CPU time per verification: ${fmt(checks.verifyCpuMs, 1)} ms.`, "");
    }
    if (checks.bursts.length) {
      lines.push(
        `| Round: /health once a millisecond while ${VERIFICATIONS} verifications run | App p50 / p99 / max ms | Bare server p50 / p99 / max ms | p99 ratio | Verifications answered / refused | Last answer after ms |`,
      );
      lines.push("|---|---|---|---:|---|---:|");
      for (const b of checks.bursts) {
        lines.push(
          `| ${b.round} | ${latencies(b.app)} (${b.app.samples} requests) | ${latencies(b.control)} (${b.control.samples}) | ${fmt(burstRatio(b), 2)} | ${b.answered} / ${b.refused} | ${fmt(b.lastAnswerMs)} |`,
        );
      }
      lines.push("");
    }
  }
  return { markdown: lines.join("\n"), verdictList };
}

// ---------------------------------------------------------------------------------------------
async function main() {
  const started = new Date();
  const loadBefore = os.loadavg();
  mkdirSync(LOG_DIR, { recursive: true });
  if (!flag("no-build")) {
    log("building (flock /tmp/golive-build.lock npm run build)");
    execFileSync("flock", ["/tmp/golive-build.lock", "npm", "run", "-s", "build"], { stdio: ["ignore", "ignore", "inherit"] });
  }
  if (!existsSync(path.join("build", "http", "index.js"))) throw new Error("no build: run npm run build first, or drop --no-build");

  // PostgreSQL holds the tenant database pre-flight checks, and a second run of the app (unless --no-postgres).
  const postgresUp = await canConnectToPostgres(ADMIN_PG_URL);
  if (postgresUp) execFileSync("bash", ["scripts/prepare-postgres.sh"], { stdio: ["ignore", "ignore", "inherit"] });
  else log("PostgreSQL is not reachable on 127.0.0.1:5432: the embedded database only, and pre-flight will not pass");
  const kinds: Kind[] = postgresUp && !flag("no-postgres") ? (ONLY.length ? ["postgres"] : ["embedded", "postgres"]) : ["embedded"];
  const silentPort = await startSilentTarget();

  const results: KindResult[] = [];
  const extra: Extra = { verdicts: [], sections: [] };
  const failed = (what: string, error: unknown) => {
    extra.verdicts.push({ target: `postgres: ${what}`, measured: (error as Error).message, pass: false });
    log(`postgres: ${what}: ${(error as Error).message}`);
  };
  for (const kind of kinds) {
    if ((ONLY.length && !part("reference")) || FARM_ONLY) break;
    const result: KindResult = { kind, rows: [], checks: null };
    results.push(result);
    try {
      log(`starting the app on the ${kind} database`);
      const platform = await startPlatform(kind, "main");
      try {
        const cookie = await signIn(platform.base, "owner@acme.test");
        if (!CHECKS_ONLY && !ONLY.length) result.rows = await throughput(platform, cookie);
        if (!CHECKS_ONLY && kind === "postgres" && part("reference")) {
          const rows = await measureReference({ base: platform.base, pid: platform.child.pid, env: platform.env }, cookie, LOG_DIR).catch((error) =>
            failed("the reference", error),
          );
          if (rows) {
            extra.verdicts.push(...referenceVerdicts(rows));
            extra.sections.push(...referenceSection(rows));
          }
        }
        if (ONLY.length) continue;
        if (!CHECKS_ONLY && kind === "embedded")
          result.floor = await frameworkFloor(platform, cookie).catch((error: Error) => `not measured: ${error.message}`);
        result.checks = { ...(await preflightAndVerify(platform, await prepareWorkspaces(platform, silentPort))), bursts: [] };
      } finally {
        await stopChild(platform.child);
      }
      if (!result.checks.unavailable) for (let round = 1; round <= ROUNDS; round++) result.checks.bursts.push(await starvationRound(kind, round, silentPort));
    } catch (error) {
      result.error = (error as Error).message;
      log(`${kind}: ${result.error}`);
    }
  }

  if (postgresUp && !flag("no-postgres") && !CHECKS_ONLY && !FARM_ONLY && part("scale")) {
    try {
      log("scale: starting the app on a fresh PostgreSQL database");
      const platform = await startPlatform("postgres", "scale");
      try {
        const scale = await measureScale(platform.base, platform.env.DATABASE_URL!);
        extra.verdicts.push(...scaleVerdicts(scale));
        extra.sections.push(...scaleSection(scale));
      } finally {
        await stopChild(platform.child);
      }
    } catch (error) {
      failed("scale", error);
    }
  }
  if (postgresUp && !flag("no-postgres") && !CHECKS_ONLY && !FARM_ONLY && part("starts")) {
    try {
      const starts = await measureStarts(LOG_DIR);
      extra.verdicts.push(...startsVerdicts(starts));
      extra.sections.push(...startsSection(starts));
    } catch (error) {
      failed("concurrent starts", error);
    }
  }

  if (FARM) {
    const farmResults: FarmResult[] = [];
    for (const kind of (postgresUp && !flag("no-postgres") ? ["embedded", "postgres"] : ["embedded"]) as FarmKind[]) {
      try {
        farmResults.push(await measureFarm(kind, FARM_OPTIONS));
      } catch (error) {
        extra.verdicts.push({ target: `${kind}: Stay LIVE at scale`, measured: (error as Error).message, pass: false });
        log(`farm ${kind}: ${(error as Error).stack ?? error}`);
      }
    }
    if (farmResults.length) {
      extra.verdicts.push(...farmVerdicts(farmResults));
      const section = farmSection(farmResults, FARM_OPTIONS);
      extra.sections.push(...section);
      if (FARM_ONLY && FARM_FULL_SIZE) spliceSection(path.join("reports", "perf.md"), section);
    }
  }

  const { markdown, verdictList } = renderReport(results, extra, {
    started,
    seconds: (Date.now() - started.getTime()) / 1000,
    loadBefore,
    loadAfter: os.loadavg(),
  });
  writeFileSync(REPORT, markdown + "\n");
  console.log(markdown);
  console.log(`\nWrote ${REPORT}.`);
  return verdictList.some((v) => v.pass === false) ? 1 : 0;
}

/** Replaces a section of a report (from its "## " heading to the next) or appends it. */
function spliceSection(file: string, section: string[]) {
  const lines = existsSync(file) ? readFileSync(file, "utf8").trimEnd().split("\n") : ["# Performance report", ""];
  const start = lines.indexOf(section[0]!);
  const end = start < 0 ? -1 : lines.findIndex((line, i) => i > start && line.startsWith("## "));
  const kept = start < 0 ? [...lines, ""] : [...lines.slice(0, start), ...(end < 0 ? [] : lines.slice(end))];
  const at = start < 0 ? kept.length : start;
  kept.splice(at, 0, ...section);
  writeFileSync(file, kept.join("\n").trimEnd() + "\n");
  log(`wrote the section "${section[0]}" into ${file}`);
}

async function cleanup() {
  for (const child of children) await stopChild(child);
  for (const step of cleanups.reverse()) await Promise.resolve(step()).catch(() => undefined);
}

process.on("SIGINT", () => void cleanup().finally(() => process.exit(130)));
main().then(
  async (code) => {
    await cleanup();
    process.exit(code);
  },
  async (error) => {
    console.error(error);
    await cleanup();
    process.exit(1);
  },
);
