// npm run bench [-- --no-build --duration=10 --connections=16 --no-postgres --checks-only]
//
// Starts the built app (node server.js, NODE_ENV=production, default LOG_LEVEL=info) on the embedded
// database and, when PostgreSQL answers on 127.0.0.1:5432, on a fresh PostgreSQL database; loads it
// from a second process with autocannon (scripts/bench/load.mjs); loads a bare node:http server
// answering the same bytes (scripts/bench/bare-server.mjs) the same way in the same run, and a
// minimal Remix app serving the wizard step's markup (scripts/bench/floor: the framework's own
// cost per page on this machine); measures
// pre-flight and verification latency and /health under 50 slow verifications; prints a table and
// writes reports/perf.md. Not part of npm test: it takes a few minutes and needs a quiet machine.
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import http from "node:http";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { setTimeout as delay } from "node:timers/promises";
import { pathToFileURL } from "node:url";
import pg from "pg";
import { SETUP_CATALOGUE } from "../app/workspace/setup-catalogue";
import { summariseWindow, wallClockOffset } from "./bench/latency.mjs";
import { canConnectToPostgres, startAppProcess, stopAppProcess } from "../tests/helpers/app-process";

// ---------------------------------------------------------------------------------------------
// Settings
const argv = process.argv.slice(2);
const flag = (name: string) => argv.includes(`--${name}`);
const option = (name: string, fallback: number) => {
  const raw = argv.find((arg) => arg.startsWith(`--${name}=`));
  return raw ? Number(raw.split("=")[1]) : fallback;
};
const DURATION_S = option("duration", 10);
const WARMUP_S = option("warmup", 2);
const CONNECTIONS = option("connections", 16);
const CHECK_TIMEOUT_MS = option("check-timeout", 2000);
const VERIFICATIONS = 50;
const PREFLIGHT_RUNS = 5;
const VERIFY_RUNS = 3;
// RATE_LIMITS.verify in app/auth/rate-limit.server.ts: per person and workspace in 10 minutes.
const VERIFY_RATE_LIMIT = 30;
// Long enough to cover 50 verifications from the moment they are fired to their answers.
const STARVATION_WINDOW_S = Math.ceil((CHECK_TIMEOUT_MS + 3000) / 1000);
// The paced target is measured in this many rounds, each an idle window followed by a burst; its
// verdict is the median round, since one 5 s window on a shared machine can catch a stall of the
// machine's own (see RUN_TO_RUN_NOTES.starvation).
const STARVATION_ROUNDS = option("starvation-rounds", 3);
const PORTS = { from: 4700, to: 4799 };
const ADMIN_PG_URL = process.env.BENCH_POSTGRES_URL ?? "postgresql://postgres@127.0.0.1:5432/test";
const TENANT_DB_URL = "postgresql://golive_app:golive-app-password@127.0.0.1:5432/golive_tenant";
const PASSWORD = "golive-demo-2026";
// What a phone browser sends: the app compresses, so the bytes measured are the bytes a phone gets.
const ACCEPT_ENCODING = "gzip, deflate, br";
const LOG_DIR = path.join("reports", ".tmp");
// --checks-only skips the throughput table (for iterating on check latency and starvation); such a
// partial run writes its report under reports/.tmp instead of replacing reports/perf.md.
const CHECKS_ONLY = flag("checks-only");
const REPORT = CHECKS_ONLY ? path.join(LOG_DIR, "perf-checks-only.md") : path.join("reports", "perf.md");

const TARGETS = {
  healthRatio: 0.5,
  wizardRps: 300,
  wizardP99Ms: 100,
  preflightRatio: 1.2,
  verifySlackMs: 500,
  starvationRatio: 3,
};

type Endpoint = { id: string; label: string; path: string; auth: "none" | "cookie" };
const ENDPOINTS: Endpoint[] = [
  { id: "health", label: "GET /health", path: "/health", auth: "none" },
  { id: "ready", label: "GET /ready", path: "/ready", auth: "none" },
  { id: "home", label: "GET /dashboard (home)", path: "/dashboard", auth: "cookie" },
  { id: "wizard", label: "GET /dashboard/deploy/provider (wizard step A)", path: "/dashboard/deploy/provider", auth: "cookie" },
  { id: "stats", label: "GET /api/dashboard/stats", path: "/api/dashboard/stats", auth: "cookie" },
];

// ---------------------------------------------------------------------------------------------
// Small helpers
const children = new Set<ChildProcess>();
const cleanups: (() => Promise<void> | void)[] = [];
const log = (message: string) => process.stderr.write(`[bench] ${message}\n`);

const usedPorts = new Set<number>();
async function freePort(): Promise<number> {
  for (let port = PORTS.from; port <= PORTS.to; port++) {
    if (usedPorts.has(port)) continue;
    const free = await new Promise<boolean>((resolve) => {
      const probe = net.createServer();
      probe.once("error", () => resolve(false));
      probe.listen(port, "127.0.0.1", () => probe.close(() => resolve(true)));
    });
    if (free) {
      usedPorts.add(port);
      return port;
    }
  }
  throw new Error(`no free port in ${PORTS.from}-${PORTS.to}`);
}

function track(child: ChildProcess) {
  children.add(child);
  child.once("exit", () => children.delete(child));
  return child;
}

const stopChild = (child: ChildProcess) => stopAppProcess(child, 10_000);

/** Reads lines from a child's stdout until `predicate` matches one. */
function waitForLine(child: ChildProcess, predicate: (line: string) => boolean, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    let buffer = "";
    const timer = setTimeout(() => reject(new Error("timed out waiting for the child process")), timeoutMs);
    const onData = (chunk: Buffer) => {
      buffer += chunk.toString();
      let index: number;
      while ((index = buffer.indexOf("\n")) >= 0) {
        const line = buffer.slice(0, index);
        buffer = buffer.slice(index + 1);
        if (predicate(line)) {
          clearTimeout(timer);
          child.stdout!.off("data", onData);
          resolve(line);
          return;
        }
      }
    };
    child.stdout!.on("data", onData);
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`child exited with ${code}`));
    });
  });
}

type RawResponse = { status: number; headers: http.IncomingHttpHeaders; body: Buffer };
/** One request with node:http, keeping the body bytes exactly as sent (compressed or not). */
function rawRequest(url: string, init: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const request = http.request(url, { method: init.method ?? "GET", headers: init.headers, agent: false }, (response) => {
      const chunks: Buffer[] = [];
      response.on("data", (chunk: Buffer) => chunks.push(chunk));
      response.on("end", () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks) }));
      response.on("error", reject);
    });
    request.on("error", reject);
    request.end(init.body);
  });
}

async function api<T = Record<string, unknown>>(base: string, method: string, pathname: string, auth: { token?: string; cookie?: string }, body?: unknown) {
  const headers: Record<string, string> = { Accept: "application/json" };
  if (auth.token) headers.Authorization = `Bearer ${auth.token}`;
  if (auth.cookie) headers.Cookie = auth.cookie;
  if (body !== undefined) headers["Content-Type"] = "application/json";
  const started = performance.now();
  const response = await fetch(`${base}${pathname}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await response.text();
  const ms = performance.now() - started;
  let json: T;
  try {
    json = JSON.parse(text) as T;
  } catch {
    json = { raw: text.slice(0, 200) } as T;
  }
  return { status: response.status, json, ms };
}

async function postForm(base: string, pathname: string, form: Record<string, string>, cookie?: string) {
  const response = await fetch(`${base}${pathname}`, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded", ...(cookie ? { Cookie: cookie } : {}) },
    body: new URLSearchParams(form).toString(),
    redirect: "manual",
  });
  await response.arrayBuffer();
  return response;
}

async function signIn(base: string, email: string) {
  const response = await postForm(base, "/login", { email, password: PASSWORD });
  const cookie = response.headers.getSetCookie().map((value) => value.split(";")[0]).find((value) => value?.includes("session="));
  if (response.status !== 302 || !cookie) throw new Error(`sign-in as ${email} failed: ${response.status}`);
  return cookie;
}

function processCpuMs(pid: number | undefined) {
  if (!pid) return null;
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
    // utime and stime (fields 14 and 15 of /proc/<pid>/stat), in clock ticks of 10 ms.
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return null;
  }
}

// ---------------------------------------------------------------------------------------------
// Load generation (always in a child process)
type LoadResult = {
  requestsPerSecond: number;
  total: number;
  /** autocannon's percentiles, whole milliseconds. */
  p50: number;
  p99: number;
  max: number;
  /** The same latencies to 0.01 ms; for a paced probe, from when each request was due (scripts/bench/paced.mjs). */
  precise: LatencySummary;
  non2xx: number;
  errors: number;
  timeouts: number;
  bytesPerRequest: number;
  /** The paced probe's answers: when each request was due (wall-clock ms) and its latency. */
  answers?: { dueAtMs: number[]; latenciesMs: number[] };
  /** The paced probe's own event-loop delay (its process's stalls, not the server's). */
  probeLoopDelayMs?: LoopDelay;
};
type LatencySummary = { p50: number; p99: number; max: number; samples: number };

/** `rate`: an open-loop probe at that many requests per second instead of closed-loop load on `connections`. */
function startLoad(job: { url: string; duration: number; connections: number; headers: Record<string, string>; rate?: number }) {
  const child = track(spawn(process.execPath, [path.join("scripts", "bench", "load.mjs"), JSON.stringify(job)], { stdio: ["ignore", "pipe", "inherit"] }));
  const started = waitForLine(child, (line) => line === "started", 30_000);
  const result = waitForLine(child, (line) => line.startsWith("{"), (job.duration + 60) * 1000).then((line) => JSON.parse(line) as LoadResult);
  return { started, result, pid: child.pid };
}

async function load(url: string, headers: Record<string, string>, duration: number, connections = CONNECTIONS) {
  const run = startLoad({ url, duration, connections, headers });
  await run.started;
  return run.result;
}

// ---------------------------------------------------------------------------------------------
// The platform under test
type Platform = { kind: "embedded" | "postgres"; base: string; port: number; child: ChildProcess; logFile: string; loopDelayFile: string };

async function startPlatform(kind: Platform["kind"], extraEnv: Record<string, string>): Promise<Platform> {
  const port = await freePort();
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "golive-bench-"));
  cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
  const logFile = path.join(LOG_DIR, `bench-${kind}.log`);
  const loopDelayFile = path.join(dataDir, "loop-delay.jsonl");
  const app = await startAppProcess({
    port,
    env: { DATA_DIR: dataDir, ALLOW_LOCAL_TARGETS: "true", DEPLOY_CHECK_TIMEOUT_MS: String(CHECK_TIMEOUT_MS), LOG_LEVEL: "info", BENCH_LOOP_DELAY_FILE: loopDelayFile, ...extraEnv },
    logFile,
    timeoutMs: 90_000,
    // BENCH_SERVER_NODE_ARGS="--cpu-prof --cpu-prof-dir=reports/.tmp/prof" profiles the server.
    nodeArgs: ["--import", pathToFileURL(path.resolve("scripts/bench/loop-delay.mjs")).href, ...(process.env.BENCH_SERVER_NODE_ARGS?.split(" ").filter(Boolean) ?? [])],
  });
  track(app.child);
  return { kind, base: app.url, port, child: app.child, logFile, loopDelayFile };
}

/** The server's event-loop delay in ms (scripts/bench/loop-delay.mjs): `startLoopDelay` starts a
 * recording, `markLoopDelay` ends it with its figures and starts the next. */
type LoopDelay = { p50: number; p99: number; max: number; samples: number };
function startLoopDelay(platform: Platform) {
  platform.child.kill("SIGUSR2");
}

async function markLoopDelay(platform: Platform): Promise<LoopDelay | null> {
  const lines = () => (existsSync(platform.loopDelayFile) ? readFileSync(platform.loopDelayFile, "utf8").split("\n").filter(Boolean) : []);
  const before = lines().length;
  platform.child.kill("SIGUSR2");
  for (const deadline = Date.now() + 1000; Date.now() < deadline; await delay(10)) {
    const now = lines();
    if (now.length > before) return JSON.parse(now.at(-1)!) as LoopDelay;
  }
  return null;
}

function postgresAvailable() {
  return canConnectToPostgres(ADMIN_PG_URL);
}

async function createPlatformDatabase() {
  const name = `golive_bench_${randomBytes(5).toString("hex")}`;
  const admin = new pg.Client({ connectionString: ADMIN_PG_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  cleanups.push(async () => {
    const client = new pg.Client({ connectionString: ADMIN_PG_URL });
    await client.connect();
    await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await client.end();
  });
  const url = new URL(ADMIN_PG_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

/**
 * Time each thread of a process has run on a CPU and waited for one (ms), from
 * /proc/<pid>/task/<tid>/schedstat. The thread whose id is the process id is the server's own
 * thread, the one that runs the event loop; the others are the embedded database's thread, V8's
 * garbage-collection and compiler threads and libuv's pool.
 */
type ThreadTimes = { main: { runMs: number; waitMs: number }; others: { runMs: number; waitMs: number } };
function threadTimes(pid: number | undefined): ThreadTimes | null {
  if (!pid) return null;
  try {
    const times: ThreadTimes = { main: { runMs: 0, waitMs: 0 }, others: { runMs: 0, waitMs: 0 } };
    for (const tid of readdirSync(`/proc/${pid}/task`)) {
      const [run, wait] = readFileSync(`/proc/${pid}/task/${tid}/schedstat`, "utf8").split(" ").map(Number);
      const into = Number(tid) === pid ? times.main : times.others;
      into.runMs += run! / 1e6;
      into.waitMs += wait! / 1e6;
    }
    return times;
  } catch {
    return null;
  }
}

function threadTimesSince(pid: number | undefined, before: ThreadTimes | null): ThreadTimes | null {
  const after = threadTimes(pid);
  if (!after || !before) return null;
  // Threads that ended in between (rare: libuv's pool keeps its threads) make "others" a lower bound.
  const diff = (a: { runMs: number; waitMs: number }, b: { runMs: number; waitMs: number }) => ({ runMs: Math.max(0, a.runMs - b.runMs), waitMs: Math.max(0, a.waitMs - b.waitMs) });
  return { main: diff(after.main, before.main), others: diff(after.others, before.others) };
}

/** The machine's idle, stolen and total CPU ticks so far (/proc/stat). */
type MachineTicks = { idle: number; steal: number; total: number };
function machineTicks(): MachineTicks {
  const fields = readFileSync("/proc/stat", "utf8").split("\n")[0]!.trim().split(/\s+/).slice(1).map(Number);
  return { idle: fields[3]! + fields[4]!, steal: fields[7] ?? 0, total: fields.reduce((sum, v) => sum + v, 0) };
}
/** Shares of the machine's CPU time since an earlier machineTicks(): busy (not idle; stolen time
 * included) and stolen (a virtual machine's CPUs running other machines' work). */
function machineSharesSince(before: MachineTicks) {
  const after = machineTicks();
  const total = after.total - before.total;
  return { busy: total > 0 ? 1 - (after.idle - before.idle) / total : NaN, stolen: total > 0 ? (after.steal - before.steal) / total : NaN };
}

// ---------------------------------------------------------------------------------------------
// Throughput: the app and the bare baseline, endpoint by endpoint, in the same run
type Row = {
  endpoint: Endpoint;
  bytes: number;
  encoding: string;
  app: LoadResult;
  bare: LoadResult;
  cpuMsPerRequest: number | null;
  /** CPU time of the server's own thread (the event loop) per request. */
  mainThreadMsPerRequest: number | null;
};

/** One answer of the app, captured to be served again by the bare baseline. */
type CapturedAnswer = { path: string; status: number; contentType: string; contentEncoding: string | null; bodyBase64: string; bytes: number };

async function captureAnswer(platform: Platform, pathname: string, headers: Record<string, string> = {}): Promise<CapturedAnswer> {
  const response = await rawRequest(`${platform.base}${pathname}`, { headers });
  if (response.status !== 200) throw new Error(`${pathname} answered ${response.status}, expected 200`);
  return {
    path: pathname,
    status: response.status,
    contentType: String(response.headers["content-type"] ?? ""),
    contentEncoding: response.headers["content-encoding"] ? String(response.headers["content-encoding"]) : null,
    bodyBase64: response.body.toString("base64"),
    bytes: response.body.length,
  };
}

/** A bare node:http server (scripts/bench/bare-server.mjs) answering each path with its captured answer. */
async function startBareServer(captured: CapturedAnswer[], name: string) {
  const file = path.join(LOG_DIR, `${name}.json`);
  writeFileSync(file, JSON.stringify(captured));
  const port = await freePort();
  const child = track(spawn(process.execPath, [path.join("scripts", "bench", "bare-server.mjs"), String(port), file], { stdio: ["ignore", "pipe", "inherit"] }));
  await waitForLine(child, (line) => line === "listening", 10_000);
  return { base: `http://127.0.0.1:${port}`, stop: () => stopChild(child) };
}

async function throughput(platform: Platform, cookie: string): Promise<Row[]> {
  const captured: CapturedAnswer[] = [];
  for (const endpoint of ENDPOINTS) {
    captured.push(await captureAnswer(platform, endpoint.path, { "Accept-Encoding": ACCEPT_ENCODING, ...(endpoint.auth === "cookie" ? { Cookie: cookie } : {}) }));
  }
  const bare = await startBareServer(captured, `bare-${platform.kind}`);

  const rows: Row[] = [];
  try {
    for (const [index, endpoint] of ENDPOINTS.entries()) {
      const headers: Record<string, string> = { "Accept-Encoding": ACCEPT_ENCODING, ...(endpoint.auth === "cookie" ? { Cookie: cookie } : {}) };
      const appUrl = `${platform.base}${endpoint.path}`;
      const bareUrl = `${bare.base}${endpoint.path}`;
      log(`${platform.kind}: ${endpoint.label}: warm-up, then ${DURATION_S} s at ${CONNECTIONS} connections (app, then bare node:http)`);
      if (WARMUP_S > 0) await load(appUrl, headers, WARMUP_S);
      const cpuBefore = processCpuMs(platform.child.pid);
      const threadsBefore = threadTimes(platform.child.pid);
      const app = await load(appUrl, headers, DURATION_S);
      const cpuAfter = processCpuMs(platform.child.pid);
      const threads = threadTimesSince(platform.child.pid, threadsBefore);
      if (WARMUP_S > 0) await load(bareUrl, headers, WARMUP_S);
      const bareResult = await load(bareUrl, headers, DURATION_S);
      if (app.non2xx || app.errors) log(`  warning: the app answered ${app.non2xx} non-2xx and ${app.errors} errors`);
      rows.push({
        endpoint,
        bytes: captured[index]!.bytes,
        encoding: captured[index]!.contentEncoding ?? "identity",
        app,
        bare: bareResult,
        cpuMsPerRequest: cpuBefore !== null && cpuAfter !== null && app.total ? (cpuAfter - cpuBefore) / app.total : null,
        mainThreadMsPerRequest: threads && app.total ? threads.main.runMs / app.total : null,
      });
    }
  } finally {
    await bare.stop();
  }
  return rows;
}

// ---------------------------------------------------------------------------------------------
// Check latency and starvation
type Run = { id: string; status: string; startedAt: string; finishedAt: string; durationMs: number; checks: { id: string; status: string; timingMs?: number }[] };
type CheckLatency = {
  preflight: { wallMs: number; slowestMs: number; slowestId: string; sumMs: number; httpMs: number; status: string }[];
  verify: { wallMs: number; httpMs: number; status: string; checks: string }[];
  verifyUnavailable: string | null;
  /** Server CPU time per verification of the silent URL (request, checks, timeouts, run record). */
  verifyCpuMs?: number | null;
  starvation: {
    mode: StarvationMode;
    round: number;
    idle: LoadResult;
    loaded: LoadResult;
    /** The paced probe's answers to the requests due from firing the verifications to their last
     * answer: "while 50 verifications run". Null for autocannon's load, which has no per-request times. */
    during: LatencySummary | null;
    /** The server's own event-loop delay in the same windows. */
    idleLoop: LoopDelay | null;
    loadedLoop: LoopDelay | null;
    completed: number;
    refused: number;
    slowestMs: number;
    windowMs: number;
    /** From firing the verifications to their last answer: the server's threads and the machine. */
    threads: ThreadTimes | null;
    /** The same for the other two processes sharing the cores: the /health probe, and this one (the
     * client firing the verifications, and the silent target they call). */
    probeThreads: ThreadTimes | null;
    benchThreads: ThreadTimes | null;
    machineBusy: number;
    /** Share of the machine's CPU time its hypervisor gave to other machines (/proc/stat steal), idle and from firing to the last answer. */
    idleStolen: number;
    machineStolen: number;
  }[];
};

/**
 * /health is probed the way health checks and monitors call it: one request every millisecond,
 * sent when due whatever the server does (scripts/bench/paced.mjs), far below what it can answer,
 * so its latency shows whether the event loop answers promptly while verifications run: that is
 * starvation, and the target uses it. `connections` is only its warm-up's.
 * The control round probes, in the same way, a bare node:http server in a process of its own that
 * takes no part in the verifications, while the app runs the same burst: its p99 is what this
 * machine alone (two cores shared by the app, the probe and the client firing the burst) does to
 * a server that has nothing else to do, so the app's own share can be told from the machine's.
 */
type StarvationMode = { id: "paced" | "control"; label: string; connections: number; rate: number; target: boolean };
const STARVATION_MODES: StarvationMode[] = [
  { id: "paced", label: "paced, one request every millisecond", connections: 4, rate: 1000, target: true },
  { id: "control", label: "control: the same probe against a bare node:http /health in a process of its own", connections: 4, rate: 1000, target: false },
];

/** A never-answering target: accepts connections and never writes a byte. */
async function startSilentTarget() {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on("error", () => undefined);
    socket.on("close", () => sockets.delete(socket));
  });
  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  cleanups.push(
    () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  );
  return port;
}

type Actor = { label: string; cookie: string; token: string; tenant: "acme" | "northwind" };

async function prepareTenants(platform: Platform, silentPort: number, databaseReachable: boolean): Promise<Actor[]> {
  const base = platform.base;
  const ownerAcme = await signIn(base, "owner@acme.test");
  const ownerNorthwind = await signIn(base, "owner@acme.test");
  const adminAcme = await signIn(base, "admin@acme.test");
  const home = await (await fetch(`${base}/dashboard`, { headers: { Cookie: ownerNorthwind } })).text();
  const northwindId = /<option value="([^"]+)"[^>]*>Northwind Studio/.exec(home)?.[1];
  if (!northwindId) throw new Error("could not find the Northwind Studio workspace in the tenant switcher");
  const switched = await postForm(base, "/dashboard/switch-tenant", { tenantId: northwindId }, ownerNorthwind);
  if (switched.status !== 302) throw new Error(`switching to Northwind Studio failed: ${switched.status}`);

  // Rate limits allow VERIFY_RATE_LIMIT verifications per person and workspace in 10 minutes, and
  // the starvation rounds fire 50 at a time: the member and the viewer of Acme are made admins of
  // this bench instance, and its admin, member and viewer are added to Northwind as admins, for
  // eight verifying person-and-workspace pairs.
  const team = await api<{ members?: { userId: string; email: string }[] }>(base, "GET", "/api/team", { cookie: ownerAcme });
  for (const email of ["member@acme.test", "viewer@acme.test"]) {
    const member = team.json.members?.find((m) => m.email === email);
    const promoted = member && (await api(base, "PATCH", `/api/team/${member.userId}`, { cookie: ownerAcme }, { role: "ADMIN" }));
    if (!promoted || promoted.status !== 200) throw new Error(`making ${email} an admin failed: ${promoted?.status}`);
  }
  const memberAcme = await signIn(base, "member@acme.test");
  const viewerAcme = await signIn(base, "viewer@acme.test");
  const northwindAdmins: [string, string][] = [];
  for (const email of ["admin@acme.test", "member@acme.test", "viewer@acme.test"]) {
    const invited = await api<{ link?: string }>(base, "POST", "/api/team", { cookie: ownerNorthwind }, { email, role: "ADMIN" });
    if (invited.status !== 201 || !invited.json.link) throw new Error(`inviting ${email} to Northwind Studio failed: ${invited.status} ${JSON.stringify(invited.json)}`);
    const cookie = await signIn(base, email);
    const token = new URL(invited.json.link).searchParams.get("token") ?? "";
    const accepted = await postForm(base, `/invite?token=${encodeURIComponent(token)}`, { intent: "accept", token }, cookie);
    if (accepted.status !== 302) throw new Error(`${email} accepting the invitation to Northwind Studio failed: ${accepted.status}`);
    const moved = await postForm(base, "/dashboard/switch-tenant", { tenantId: northwindId }, cookie);
    if (moved.status !== 302) throw new Error(`switching ${email} to Northwind Studio failed: ${moved.status}`);
    northwindAdmins.push([email, cookie]);
  }

  const actors: Actor[] = [];
  for (const [label, cookie, tenant] of [
    ["owner@acme.test in Acme Bakery", ownerAcme, "acme"],
    ["admin@acme.test in Acme Bakery", adminAcme, "acme"],
    ["owner@acme.test in Northwind Studio", ownerNorthwind, "northwind"],
    ["member@acme.test (made admin) in Acme Bakery", memberAcme, "acme"],
    ["viewer@acme.test (made admin) in Acme Bakery", viewerAcme, "acme"],
    ...northwindAdmins.map(([email, cookie]) => [`${email} (added as admin) in Northwind Studio`, cookie, "northwind"] as const),
  ] as const) {
    const created = await api<{ token?: string }>(base, "POST", "/api/tokens", { cookie }, { name: `bench ${label}`.slice(0, 60) });
    if (created.status !== 201 || !created.json.token) throw new Error(`creating a token for ${label} failed: ${created.status}`);
    actors.push({ label, cookie, token: created.json.token, tenant });
  }

  for (const tenant of ["acme", "northwind"] as const) {
    const owner = actors.find((actor) => actor.tenant === tenant)!;
    for (const item of SETUP_CATALOGUE.filter((entry) => entry.required)) {
      const response = await postForm(base, "/dashboard/setup", { intent: "done", key: item.key }, owner.cookie);
      if (response.status !== 302) throw new Error(`marking ${item.key} done in ${tenant} failed: ${response.status}`);
    }
    const config = await api(base, "PUT", "/api/deploy/config", { token: owner.token }, { provider: "DOCKER", appUrl: `http://127.0.0.1:${silentPort}`, databaseUrl: TENANT_DB_URL });
    if (config.status !== 200) throw new Error(`configuring ${tenant} failed: ${config.status} ${JSON.stringify(config.json)}`);
    const secrets = await api(base, "POST", "/api/env/generate", { token: owner.token }, {});
    if (secrets.status !== 201) throw new Error(`generating secrets for ${tenant} failed: ${secrets.status}`);
    if (tenant === "northwind" && databaseReachable) {
      const run = await api<{ run?: Run }>(base, "POST", "/api/deploy/preflight", { token: owner.token });
      if (run.json.run?.status !== "passed") throw new Error(`pre-flight for ${tenant} did not pass: ${JSON.stringify(run.json).slice(0, 400)}`);
    }
  }
  return actors;
}

async function checkLatency(platform: Platform, databaseReachable: boolean): Promise<CheckLatency> {
  const silentPort = await startSilentTarget();
  const actors = await prepareTenants(platform, silentPort, databaseReachable);
  const owner = actors[0]!;
  const result: CheckLatency = { preflight: [], verify: [], verifyUnavailable: null, starvation: [] };

  log(`${platform.kind}: pre-flight ×${PREFLIGHT_RUNS}`);
  for (let i = 0; i < PREFLIGHT_RUNS; i++) {
    const response = await api<{ run?: Run }>(platform.base, "POST", "/api/deploy/preflight", { token: owner.token });
    const run = response.json.run;
    if (response.status !== 200 || !run) throw new Error(`pre-flight answered ${response.status}: ${JSON.stringify(response.json).slice(0, 300)}`);
    const timings = run.checks.map((check) => ({ id: check.id, ms: check.timingMs ?? 0 }));
    const slowest = timings.reduce((a, b) => (b.ms > a.ms ? b : a));
    result.preflight.push({
      wallMs: new Date(run.finishedAt).getTime() - new Date(run.startedAt).getTime(),
      slowestMs: slowest.ms,
      slowestId: slowest.id,
      sumMs: timings.reduce((sum, t) => sum + t.ms, 0),
      httpMs: response.ms,
      status: run.status,
    });
  }
  if (result.preflight.some((run) => run.status !== "passed")) {
    result.verifyUnavailable = "pre-flight did not pass (the tenant database golive_tenant on 127.0.0.1:5432 is needed: run scripts/prepare-postgres.sh), so verification cannot run";
    return result;
  }

  log(`${platform.kind}: verification against a URL that never answers (timeout ${CHECK_TIMEOUT_MS} ms) ×${VERIFY_RUNS}`);
  const cpuBefore = processCpuMs(platform.child.pid);
  for (let i = 0; i < VERIFY_RUNS; i++) {
    const response = await api<{ run?: Run }>(platform.base, "POST", "/api/deploy/verify", { token: owner.token });
    const run = response.json.run;
    if (response.status !== 200 || !run) throw new Error(`verify answered ${response.status}: ${JSON.stringify(response.json).slice(0, 300)}`);
    result.verify.push({
      wallMs: new Date(run.finishedAt).getTime() - new Date(run.startedAt).getTime(),
      httpMs: response.ms,
      status: run.status,
      checks: run.checks.map((check) => `${check.id} ${check.status} ${check.timingMs ?? "?"} ms`).join(", "),
    });
  }

  const cpuAfter = processCpuMs(platform.child.pid);
  result.verifyCpuMs = cpuBefore !== null && cpuAfter !== null ? (cpuAfter - cpuBefore) / VERIFY_RUNS : null;

  const windowS = STARVATION_WINDOW_S;
  // Tokens of different people and workspaces, so that no one's verify rate limit is reached; the
  // owner's token comes last, as it gets the fewest of each burst and has verified above already.
  const verifiers = [...actors.slice(1), actors[0]!].map((actor) => actor.token);
  const bursts = STARVATION_MODES.reduce((sum, mode) => sum + (mode.target ? STARVATION_ROUNDS : 1), 0);
  const perBurst = (j: number) => Math.ceil((VERIFICATIONS - j) / verifiers.length);
  const mostPerVerifier = Math.max(...verifiers.map((_, j) => perBurst(j) * bursts + (j === verifiers.length - 1 ? VERIFY_RUNS : 0)));
  if (mostPerVerifier > VERIFY_RATE_LIMIT) throw new Error(`--starvation-rounds=${STARVATION_ROUNDS} would need up to ${mostPerVerifier} verifications of one person in one workspace, over the rate limit of ${VERIFY_RATE_LIMIT}`);
  for (const mode of STARVATION_MODES) {
    const rounds = mode.target ? STARVATION_ROUNDS : 1;
    for (let round = 1; round <= rounds; round++) {
      log(`${platform.kind}: /health ${mode.label}, idle, then while ${VERIFICATIONS} verifications of the silent target run at once${rounds > 1 ? ` (round ${round} of ${rounds})` : ""}`);
      // The control round's server answers /health with the app's own bytes.
      const bareHealth = mode.id === "control" ? await startBareServer([await captureAnswer(platform, "/health")], `bare-health-${platform.kind}`) : null;
      const job = { url: `${bareHealth?.base ?? platform.base}/health`, duration: windowS, connections: mode.connections, headers: {}, rate: mode.rate };
      await load(job.url, {}, WARMUP_S || 1, mode.connections);
      const idleRun = startLoad(job);
      await idleRun.started;
      startLoopDelay(platform);
      const idleTicks = machineTicks();
      const idle = await idleRun.result;
      const idleStolen = machineSharesSince(idleTicks).stolen;
      const idleLoop = await markLoopDelay(platform);
      const busy = startLoad(job);
      await busy.started;
      startLoopDelay(platform);
      const wallOffset = wallClockOffset();
      const fired = performance.now();
      const threadsBefore = threadTimes(platform.child.pid);
      const probeBefore = threadTimes(busy.pid);
      const benchBefore = threadTimes(process.pid);
      const ticksBefore = machineTicks();
      const calls = Array.from({ length: VERIFICATIONS }, async (_, i) => {
        const response = await api(platform.base, "POST", "/api/deploy/verify", { token: verifiers[i % verifiers.length]! });
        return { status: response.status, doneMs: performance.now() - fired };
      });
      const answered = Promise.all(calls).then((outcomes) => ({
        outcomes,
        threads: threadTimesSince(platform.child.pid, threadsBefore),
        probeThreads: threadTimesSince(busy.pid, probeBefore),
        benchThreads: threadTimesSince(process.pid, benchBefore),
        machine: machineSharesSince(ticksBefore),
      }));
      const [loaded, { outcomes, threads, probeThreads, benchThreads, machine }] = await Promise.all([busy.result, answered]);
      const loadedLoop = await markLoopDelay(platform);
      await bareHealth?.stop();
      const slowestMs = Math.max(...outcomes.map((o) => o.doneMs));
      const firedAt = wallOffset + fired;
      // Every answer of the round, for a closer look than the report's percentiles.
      writeFileSync(path.join(LOG_DIR, `starvation-${platform.kind}-${mode.id}-${round}.json`), JSON.stringify({ firedAt, slowestMs, idle: idle.answers, loaded: loaded.answers }));
      result.starvation.push({
        mode,
        round,
        idle,
        loaded,
        during: loaded.answers ? summariseWindow(loaded.answers, firedAt, firedAt + slowestMs) : null,
        idleLoop,
        loadedLoop,
        completed: outcomes.filter((o) => o.status === 200).length,
        refused: outcomes.filter((o) => o.status !== 200).length,
        slowestMs,
        windowMs: windowS * 1000,
        threads,
        probeThreads,
        benchThreads,
        machineBusy: machine.busy,
        idleStolen,
        machineStolen: machine.stolen,
      });
    }
  }
  return result;
}

// ---------------------------------------------------------------------------------------------
// The framework floor: what a page of this size costs with this stack before the app does anything
type Floor = { appHtmlBytes: number; htmlBytes: number; bytes: number; encoding: string; result: LoadResult; cpuMsPerRequest: number | null; mainThreadMsPerRequest: number | null };

/**
 * A minimal Remix app with this project's packages and Remix options (scripts/bench/floor): a root
 * layout, one route with a loader, and as its body the wizard step's own markup from this run,
 * handed to React as finished HTML; served by Express with compression. Loaded like the app.
 */
async function frameworkFloor(platform: Platform, cookie: string): Promise<Floor> {
  const wizard = ENDPOINTS.find((endpoint) => endpoint.id === "wizard")!;
  const page = await rawRequest(`${platform.base}${wizard.path}`, { headers: { Cookie: cookie } });
  const body = /<body[^>]*>([\s\S]*)<\/body>/.exec(page.body.toString("utf8"))?.[1];
  if (page.status !== 200 || !body) throw new Error(`the wizard step answered ${page.status} without a <body>`);
  const bodyFile = path.join(LOG_DIR, "floor-body.html");
  // Remix's scripts are the floor's own to add.
  writeFileSync(bodyFile, body.replace(/<script\b[\s\S]*?<\/script>/g, ""));
  const buildDir = path.resolve(LOG_DIR, "floor-build");
  rmSync(buildDir, { recursive: true, force: true });
  execFileSync(path.join("node_modules", ".bin", "remix"), ["vite:build", ".", "--config", path.join("scripts", "bench", "floor", "vite.config.mjs")], {
    env: { ...process.env, NODE_ENV: "production", FLOOR_BUILD_DIR: buildDir, FLOOR_BODY_FILE: bodyFile },
    stdio: ["ignore", "ignore", "inherit"],
  });
  const port = await freePort();
  const server = track(spawn(process.execPath, [path.join("scripts", "bench", "floor", "server.mjs"), String(port), buildDir], { env: { ...process.env, NODE_ENV: "production" }, stdio: ["ignore", "pipe", "inherit"] }));
  try {
    await waitForLine(server, (line) => line === "listening", 30_000);
    const url = `http://127.0.0.1:${port}/`;
    const headers = { "Accept-Encoding": ACCEPT_ENCODING };
    const [compressed, plain] = [await rawRequest(url, { headers }), await rawRequest(url)];
    if (compressed.status !== 200) throw new Error(`the floor answered ${compressed.status}`);
    log(`framework floor: warm-up, then ${DURATION_S} s at ${CONNECTIONS} connections`);
    if (WARMUP_S > 0) await load(url, headers, WARMUP_S);
    const cpuBefore = processCpuMs(server.pid);
    const threadsBefore = threadTimes(server.pid);
    const result = await load(url, headers, DURATION_S);
    const cpuAfter = processCpuMs(server.pid);
    const threads = threadTimesSince(server.pid, threadsBefore);
    return {
      appHtmlBytes: page.body.length,
      htmlBytes: plain.body.length,
      bytes: compressed.body.length,
      encoding: String(compressed.headers["content-encoding"] ?? "identity"),
      result,
      cpuMsPerRequest: cpuBefore !== null && cpuAfter !== null && result.total ? (cpuAfter - cpuBefore) / result.total : null,
      mainThreadMsPerRequest: threads && result.total ? threads.main.runMs / result.total : null,
    };
  } finally {
    await stopChild(server);
  }
}

// ---------------------------------------------------------------------------------------------
// Report
type KindResult = { kind: Platform["kind"]; rows: Row[]; checks: CheckLatency | null; error: string | null; floor?: Floor; floorError?: string };

function fmt(value: number | null | undefined, digits = 0) {
  return value === null || value === undefined || Number.isNaN(value) ? "n/a" : value.toFixed(digits);
}

function tableLines(results: KindResult[]) {
  const lines = [
    "| Database | Endpoint | Bytes (enc.) | App req/s | App p50 ms | App p99 ms | Bare req/s | Bare p50 ms | Bare p99 ms | App/bare req/s | App/bare p99 | App CPU ms/req | Server thread ms/req |",
    "|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
  ];
  for (const result of results) {
    for (const row of result.rows) {
      lines.push(
        `| ${result.kind} | ${row.endpoint.label} | ${row.bytes} (${row.encoding}) | ${fmt(row.app.requestsPerSecond)} | ${fmt(row.app.p50)} | ${fmt(row.app.p99)} | ${fmt(row.bare.requestsPerSecond)} | ${fmt(row.bare.p50)} | ${fmt(row.bare.p99)} | ${fmt(row.app.requestsPerSecond / row.bare.requestsPerSecond, 3)} | ${fmt(row.bare.p99 ? row.app.p99 / row.bare.p99 : NaN, 1)} | ${fmt(row.cpuMsPerRequest, 2)} | ${fmt(row.mainThreadMsPerRequest, 2)} |`,
      );
    }
  }
  return lines;
}

type Verdict = { id: string; target: string; measured: string; pass: boolean | null };

function verdicts(results: KindResult[]): Verdict[] {
  const out: Verdict[] = [];
  for (const result of results) {
    const row = (id: string) => result.rows.find((r) => r.endpoint.id === id);
    const health = row("health");
    const wizard = row("wizard");
    const embedded = result.kind === "embedded";
    if (health) {
      const ratio = health.app.requestsPerSecond / health.bare.requestsPerSecond;
      out.push({ id: "healthRatio", target: `${result.kind}: /health ≥ ${TARGETS.healthRatio} × bare node:http req/s`, measured: `${fmt(health.app.requestsPerSecond)} vs ${fmt(health.bare.requestsPerSecond)} req/s = ${fmt(ratio, 2)}×`, pass: ratio >= TARGETS.healthRatio });
    }
    if (wizard && embedded) {
      out.push({ id: "wizardRps", target: `${result.kind}: wizard step ≥ ${TARGETS.wizardRps} req/s at ${CONNECTIONS} connections`, measured: `${fmt(wizard.app.requestsPerSecond)} req/s${cpuBudget(wizard)}`, pass: wizard.app.requestsPerSecond >= TARGETS.wizardRps });
      out.push({ id: "wizardP99", target: `${result.kind}: wizard step p99 < ${TARGETS.wizardP99Ms} ms at ${CONNECTIONS} connections`, measured: `${fmt(wizard.app.p99)} ms`, pass: wizard.app.p99 < TARGETS.wizardP99Ms });
    }
    const checks = result.checks;
    if (checks?.preflight.length) {
      const worst = checks.preflight.reduce((a, b) => (b.wallMs / Math.max(b.slowestMs, 1) > a.wallMs / Math.max(a.slowestMs, 1) ? b : a));
      const ratio = worst.wallMs / Math.max(worst.slowestMs, 1);
      out.push({ id: "preflightRatio", target: `${result.kind}: pre-flight wall ≤ ${TARGETS.preflightRatio} × its slowest check`, measured: `worst of ${checks.preflight.length}: ${worst.wallMs} ms wall, slowest check ${worst.slowestId} ${worst.slowestMs} ms = ${fmt(ratio, 2)}×`, pass: ratio <= TARGETS.preflightRatio });
    }
    if (checks?.verify.length) {
      const worst = Math.max(...checks.verify.map((v) => Math.max(v.wallMs, v.httpMs)));
      out.push({ id: "verifyTimeout", target: `${result.kind}: verify of a silent URL ≤ ${CHECK_TIMEOUT_MS} + ${TARGETS.verifySlackMs} ms`, measured: `worst ${fmt(worst)} ms (HTTP round trip included)`, pass: worst <= CHECK_TIMEOUT_MS + TARGETS.verifySlackMs });
    } else if (checks?.verifyUnavailable) {
      out.push({ id: "verifyTimeout", target: `${result.kind}: verify of a silent URL ≤ ${CHECK_TIMEOUT_MS} + ${TARGETS.verifySlackMs} ms`, measured: `not measured: ${checks.verifyUnavailable}`, pass: null });
    }
    const rounds = (checks?.starvation ?? []).filter((s) => s.mode.target);
    if (rounds.length) {
      const ratios = rounds.map(starvationRatio);
      const median = medianOf(ratios);
      const refused = rounds.reduce((sum, s) => sum + s.refused, 0);
      const control = checks?.starvation.find((s) => s.mode.id === "control");
      const controlText = control
        ? `; the control, a bare node:http server that took no part in the same burst: ${fmt(starvationRatio(control), 2)}× (${fmt(control.idle.precise.p99, 2)} ms idle, ${fmt((control.during ?? control.loaded.precise).p99, 2)} ms while they ran)`
        : "";
      out.push({
        id: "starvation",
        target: `${result.kind}: /health p99 (${rounds[0]!.mode.label}) while ${VERIFICATIONS} slow verifications run ≤ ${TARGETS.starvationRatio} × idle p99, median of ${rounds.length} rounds`,
        measured: `${fmt(median, 2)}× (rounds: ${ratios.map((r) => `${fmt(r, 2)}×`).join(", ")}; ${refused} of ${rounds.length * VERIFICATIONS} verifications refused${controlText})`,
        pass: median <= TARGETS.starvationRatio && refused === 0,
      });
    }
    if (result.error) out.push({ id: "error", target: `${result.kind}: run`, measured: result.error, pass: false });
  }
  return out;
}

/** /health's p99 while the verifications run (from firing them to their last answer; the whole
 * window for load without per-request times) over its idle p99 (0.1 ms at the least, so a 0
 * cannot divide). */
function starvationRatio(s: CheckLatency["starvation"][number]) {
  return (s.during ?? s.loaded.precise).p99 / Math.max(s.idle.precise.p99, 0.1);
}

function medianOf(values: number[]) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** What the target asks of the CPU: the rate the server's own thread allows at its time per page,
 * and the cores the target rate would take at the whole process's CPU time per page. */
function cpuBudget(row: Row) {
  const parts: string[] = [];
  if (row.mainThreadMsPerRequest !== null) {
    parts.push(`the server's own thread spends ${fmt(row.mainThreadMsPerRequest, 1)} ms per page, so it cannot answer more than ${fmt(1000 / row.mainThreadMsPerRequest)} pages/s whatever the other core does; ${TARGETS.wizardRps} req/s needs at most ${fmt(1000 / TARGETS.wizardRps, 1)} ms`);
  }
  if (row.cpuMsPerRequest !== null) {
    const cores = (row.cpuMsPerRequest * TARGETS.wizardRps) / 1000;
    parts.push(`all its threads ${fmt(row.cpuMsPerRequest, 1)} ms per page: ${TARGETS.wizardRps} req/s would take ${fmt(cores, 1)} cores of the machine's ${os.cpus().length}, one of them shared with the load generator`);
  }
  return parts.length ? ` (${parts.join("; ")})` : "";
}

// Why a target can be missed and what was tried, written from profiling this app (CPU profiles of the server
// under this load, taken with BENCH_SERVER_NODE_ARGS). Printed only for the targets a run misses.
const MISS_NOTES: Record<string, string | string[]> = {
  healthRatio:
    "/health is answered by the HTTP server's request listener before Express (no router, middleware, database or compression): what remains over bare node:http is one URL comparison and its headers. Both run in the same run with the same load, so a miss means the cores were busy with something else at that moment (see the load average above).",
  wizardRps:
    "The measured column sets the server's own thread's time per page (the event loop, which every request passes through) against the 3.3 ms that 300 pages/s allows. Within it is not enough: the other core is shared by V8's garbage-collection and compiler threads, compression in libuv's pool and the load generator, and every moment the server thread waits for a core is lost to it, so at this rate the thread needs a margin below 3.3 ms. Compare the bare node:http column across runs too: the same bytes from a bare server are a measure of the machine, and it has differed more than twofold between the machines these reports were written on; on one machine, runs minutes apart have differed by a third. The framework floor above separates what Remix, React, Express and compression cost on their own for a page of this size from the app's own work. Where the server thread's time goes now (CPU profiles under this load, BENCH_SERVER_NODE_ARGS): a step page touches no database in steady state; about half is React rendering the layouts and the form, then Remix's request pipeline and the loader data for hydration (turbo-stream), HTTP, Express and compression, the log line and GC. Done in this issue, from about 6 req/s at its start: Remix's route tables are built once per build instead of on every request (it matched the URL against all 36 routes three times per page, each time flattening, ranking and compiling every route's path, rebuilt the React route objects and their data-route copies, copied the Request twice per loader and serialised the route matches to JSON for every link; scripts/vite/remix-server-patches.ts, which bundles Remix into the server build and names each piece of text it replaces: 2.22 to 1.59 ms of server thread per page in an interleaved A/B); helmet's headers are decided once at start-up and only the CSP nonce changes per response; on the embedded database the reads every page repeats (session, memberships, deploy state) are answered from memory while nothing has been written since (app/db/read-cache.server.ts: this process is that database's only writer, and its driver adapter counts every write, so the answer is the one a live read gives and a removed member still loses access at once); the layouts and the step of one GET share one identity lookup and one deploy-state read, that read is two statements instead of four, memberships come with their tenant and user in one statement (Prisma's relationJoins), PGlite runs on its own worker thread (app/db/pglite-worker.mjs) and takes each statement in one call instead of six (app/db/pglite-one-trip.mjs), lazy route discovery is off (it matched every parent path again), and pages skip the static-file lookup and are compressed and written once. Measured and not kept: rendering with renderToString instead of the buffered stream (about 30% more pages per second, but Remix's single fetch sends the loader data for hydration inside a Suspense boundary that renderToString leaves as its fallback, so the page would reach the browser without its data), folding the session read into the membership read (no gain in an interleaved A/B), a larger young generation for V8 (--max-semi-space-size=32 or 64: no gain). Not done: replacing Remix or React on the hot path, or serving pages from a cache (they are per person and carry a fresh CSP nonce).",
  wizardP99:
    "The p99 follows from throughput: 16 connections queue on one busy server thread, so p99 is about 16 × the server thread's time per page plus the time it waits for a CPU, and it meets 100 ms only when a page costs the server's thread well under 6 ms. See the note on throughput.",
  preflightRatio:
    "Pre-flight used to read the deploy state again after the step guard had read it; it now takes the guard's (API route and page action), so its wall time is that of its concurrent checks. A miss at this scale is a scheduling delay of a few milliseconds on a busy machine.",
  verifyTimeout:
    "Every outbound call is bounded by DEPLOY_CHECK_TIMEOUT_MS and the calls run concurrently; time beyond the timeout is the request's own handling, recording the run and the HTTP round trip, which a busy machine can stretch.",
  starvation: [
    "The control (in the table above and in the verdict): the same probe against a bare node:http server in a process of its own, answering /health with the app's bytes, while the app runs the same burst. That server does nothing but answer /health and takes no part in the verifications, yet its own p99 rose from 2.0–4.2 ms idle to 6.3–9.0 ms while they ran, in the runs described above (1.56–3.55×): the app, the probe and the client firing the burst share two cores, and whatever waits for a core waits the same, whether it is the app's /health or another process's. So on this machine the target is at the level of a server with nothing to do; the app's p99 in the same runs, 9.9–14.4 ms, is 1.3–2× the control's, and that excess is the app's own share. The experiments in the next item took out, one at a time, the database's work, the outbound calls and the simultaneous start of the checks, and none moved it beyond the run-to-run spread; what is left is taking in 50 requests at once through Express, Remix and the API token check while the event loop's thread is one of the busiest on the machine (with the earlier probe, 50 POSTs that do nothing already lifted the p99, see the last item).",
    "Tried on 2026-11-27 with the current probe and not kept: starting the verifications' checks at most one per 15 ms instead of as they arrive (3 rounds, an experiment switch, not committed): the intake spread over 750 ms and the last answer came 400 ms later, yet the p99 while they ran stayed at 13–15 ms (and 39 ms in a round with 21% of the CPU stolen), with the slow answers moved to where the runs time out and are recorded. Nor did taking the database out of the verification path (no rate-limit counter, no run stored; an experiment switch, one run): 9.8–11.6 ms in its two rounds with under 2% stolen, with the server's other threads (the database's, V8's and libuv's) running 115–123 ms instead of 310–340 ms while they ran, and the control's p99 fell to 3.8 ms; so the database's work adds to what the machine does to every process rather than to the app's own share. Nor did leaving out the outbound calls (each check only waiting out its timeout, no socket; an experiment switch, 2 runs interleaved with one without): 7.3–12.5 ms without them, 9.0–9.1 ms with them in the run between. Nor did the embedded database's thread at a lower scheduling priority (nice 10, set by that thread for itself; 2 interleaved pairs of runs): 9.0–13.4 ms with it, 7.9–16.1 ms without. In a CPU profile of the burst (BENCH_SERVER_NODE_ARGS with --cpu-prof-interval=200), no turn of the server's event loop ran longer than about 6 ms; the samples missing in between (gaps of 2–11 ms) are the times its thread waited for a core.",
    "The probe: /health is called once a millisecond on a schedule, each request sent when it is due and timed from then (scripts/bench/paced.mjs). Until 2026-11-27 the target was measured with autocannon's rate option, which sends each second's 1000 requests in that second's first 100 ms; the figures measured with it (below, and in earlier reports: 1.6–5.3×, burst p99 7.5–15 ms) understated the wait, because most requests were not sent while the verifications were taken in. Until the same day's second change the loaded p99 was taken over the whole 5 s window from firing, of which the verifications ran about half; it is now taken over the requests due while they run, and the verdict is the median of three rounds.",
    "Found on 2026-11-27 by timing every /health request on both sides (due, sent, connected, accepted by the server, read by the server, answered) and with strace: libuv accepts one connection per event-loop iteration (since 1.45, libuv/libuv#3696: one accept4 per epoll_pwait, never until EAGAIN), and the app's turns scheduler (app/server/turns.server.ts) released one piece of work per iteration, so when the 50 verifications' connections arrived together a health check's new connection waited in the kernel's accept queue behind all of them, one piece of work each: 150–250 ms, while no turn of the server's loop took longer than 25 ms. This was the wait of 45–77 ms \"between accepting a connection and reading its first request\" that earlier reports could not explain (it was before the accept). Now an iteration that accepted a connection releases no piece, up to 32 in a row, so a burst of connections is taken in within milliseconds (a unit test queues 30 work requests and a /health connection in the kernel: without the change /health was answered after all 30 pieces of work, now before 5). The probe's new connections are now accepted as they connect.",
    "Also done on 2026-11-27: a run and its audit entry are stored in one INSERT statement instead of an interactive transaction (BEGIN, two compiled Prisma creates, COMMIT): 0.7 ms of the server thread per run instead of about 4.5 ms, so when the 50 verifications time out together, the stretch in which the server's thread is busy without pause shrank from about 900 ms to about 300 ms in CPU profiles. And recording a run now takes a turn of the event loop of its own, as request starts and database replies do, since runs that time out together finish together: in 3 interleaved pairs of checks-only runs (9 rounds each), the p99 while the verifications ran, in the rounds with under 3% of the CPU stolen, was 22–27 ms with it and 18–51 ms (median 35) without.",
    "Measured earlier the same day with node:http's client as the probe, on the Intel machine, from the same per-request records: the probe itself waits for a core while the burst is taken in (its sends up to 15–30 ms late, its connects completing up to 50 ms after they were due); the server's loop still has single pauses of 20–45 ms at the start of a burst and while 150 outbound calls time out and 50 answers are composed and compressed; the server's thread waits for a core about 400 ms of the 2.5 s (the table above: the embedded database's thread, V8's helper threads, the client firing the 50 requests with the silent target in the same process, and the probe share the two cores); and the hypervisor took 0–36% of the CPU time in some windows (idle p99 from 4 to 52 ms between rounds of one run). In the rounds with under 3% stolen in both windows (7 checks-only runs of 3 rounds, embedded), the p99 while the verifications ran was 21–27 ms and once 55 ms, against 3.7–6.4 ms idle: 3.4–6.7× and once 12×. With the probe at nice -10 (2 runs, not kept: it cleans the idle baseline rather than the server's answers), idle p99 was 2.4–8.2 ms and the p99 during the burst 14–26 ms. So on this machine the server answers /health within about 25 ms at p99 while 50 verifications are taken in and time out, against about 5 ms idle.",
    "The server thread also waits for a core while the verifications are taken in: the last table under Check latency shows how long it ran and how long it was ready to run but waited. V8's own pauses add to it: with --trace-gc, the intake holds young-generation collections of 4–12 ms and old-space collections of 2–7 ms (the heap stays under 55 MB).",
    "Done in this issue before: the intake costs the server thread about 5 ms per verification, of which its three outbound calls (address checks, connections, requests) take about 1.5 ms in a CPU profile of the burst; on the embedded database a verification's token, memberships and deploy state come from the read cache: a single write to a table no foreign key refers to (a rate-limit counter, a token's last use, an audit entry) makes only the cached reads of that table read again (recording a run writes two tables in one statement and counts as a write to all), requests that arrive together share one read, the token path reads memberships through the same cached read as sessions, and a token's use is recorded once a minute per process rather than by every request that arrives with it in the same moment; in the burst, the statements sent before the checks went from about 130 to about 75, 50 of them the rate-limit counters; on PostgreSQL the cache stays off, because other instances write too, so a verification still sends five statements before its checks, whose wire protocol runs on the server thread and whose execution runs in PostgreSQL's own processes on the same two cores; the route tables and headers work under the throughput note applies to these requests too; PGlite runs on its own thread, so no statement holds the event loop, and takes each statement in one call; verification and pre-flight read the deploy state once.",
    "Measured with the earlier probe and not kept, in one to six runs each, none of which moved /health's p99 during the burst beyond the run-to-run spread: a lower scheduling priority (nice 10) for the database thread alone and for every thread but the server's, a different young generation for V8 (--max-semi-space-size=2 or 4: shorter collections, as many slow answers; =32 with and without --min-semi-space-size), each outbound request started on its own turn of the event loop, a warm-up burst of 25 verifications before the measured one, a single V8 helper thread (--v8-pool-size=1), garbage collection on the server thread alone (--single-threaded-gc), one outbound connection pool per verification shared by its three calls instead of one per call (16% less CPU to start the calls and 29% less to end them in a micro-benchmark, yet the loaded p99 stayed within the spread; undici 7 also opens a new connection after a call is aborted mid-request, nodejs/undici#5845), verifications started at most one per 8 ms instead of as they arrive, the load generator at a higher scheduling priority (nice -10), the server's main thread at real-time priority (SCHED_FIFO: it stopped waiting for a core, yet the burst's p99 rose to 21.8 ms, because the load generator and the database thread then waited for it), and the server's main thread alone on one core with every other thread on the other (idle p99 5.1 ms, burst 11.4 ms).",
    "Where the excess over idle came from with the earlier probe, in 3 runs of each variant on the same day: a burst of 50 POSTs that do nothing (a 404 through Express and Remix) already lifts the p99 during the burst to 5.5–6.3 ms; verifications that skip their outbound calls (the same wait, no sockets) to 7.2–9.5 ms; real verifications to 7.5–10.9 ms. So about half of it comes from taking in 50 requests at once at all, and the outbound connections are the smaller part of the rest.",
  ]
};

// Targets that pass in some runs and miss in others on this machine, however the code stands: their note
// is printed even when this run passed, so a passing report does not read as a margin the target lacks.
const RUN_TO_RUN_NOTES: Record<string, string> = {
  starvation:
    "Checks-only runs late on 2026-11-27 with the current code, probe and control (npm run bench -- --no-build --no-postgres --checks-only, embedded database, 3 rounds each, on a 2-core AMD EPYC virtual machine with under 2% of the CPU time stolen in most windows): medians 3.93×, 4.45× and 3.79×, single rounds 1.29× to 7.43×; the app's p99 while the verifications ran was 9.9–14.4 ms, against 1.6–3.1 ms idle (a round whose idle window caught a stall of the machine, 10 ms and more, divides by it and passes); the control in the same runs, a bare node:http server that took no part in the burst, went from 2.0–4.2 ms idle to 6.3–9.0 ms: 1.56×, 1.77× and 3.55×. Before the probe read its answers itself (node:http's client), idle p99 was 3.3–5.5 ms and the ratios 2.5–9.5×; earlier the same day, on a 2-core Intel machine whose hypervisor took up to 37% of the CPU time in some windows, medians were 1.34–6.70×. A round's ratio is only as good as its idle window: see the stolen share beside each round.",
};

/** A target's notes as one list item, or as an item with sub-items when a note comes in parts. */
function noteLines(id: string, notes: (string | string[] | undefined)[]) {
  const parts = notes.flatMap((note) => note ?? []);
  if (parts.length === 1) return [`- **${id}**: ${parts[0]}`];
  return [`- **${id}**:`, ...parts.map((part) => `  - ${part}`)];
}

function latencies(summary: LatencySummary) {
  const { p50, p99, max } = summary;
  return `${fmt(p50, 2)} / ${fmt(p99, 2)} / ${fmt(max, 2)}`;
}

function renderReport(results: KindResult[], context: { started: Date; loadBefore: number[]; loadAfter: number[]; seconds: number }) {
  const verdictList = verdicts(results);
  const lines: string[] = [];
  lines.push("# Performance report", "");
  lines.push(`Written by \`npm run bench\` on ${context.started.toISOString()} (${Math.round(context.seconds)} s). Regenerate it with \`npm run bench\`; do not edit by hand.`, "");
  lines.push("## How it was measured", "");
  lines.push(
    `- Machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? "CPU"}, Node ${process.version}, load average ${context.loadBefore.map((v) => v.toFixed(2)).join(" / ")} before and ${context.loadAfter.map((v) => v.toFixed(2)).join(" / ")} after (1/5/15 min; anything above ~0.5 means other processes shared the cores).`,
    `- The app: the production build started with \`node server.js\`, NODE_ENV=production, on 127.0.0.1, a fresh DATA_DIR (embedded PGlite) or a fresh PostgreSQL database, demo data seeded. LOG_LEVEL=info, the default production runs with: one JSON log line per request, written to a file.`,
    `- Load: autocannon ${autocannonVersion()} in a separate process (scripts/bench/load.mjs), ${CONNECTIONS} connections, ${WARMUP_S} s warm-up then ${DURATION_S} s per endpoint, keep-alive, \`Accept-Encoding: ${ACCEPT_ENCODING}\` as a phone browser sends (so pages are compressed as they would be), the owner's session cookie for signed-in pages.`,
    "- Baseline: for each endpoint the exact status, content type, encoding and body bytes the app answered were captured once, then served by a bare `node:http` server (scripts/bench/bare-server.mjs) and loaded the same way, right after the app, in the same run. Ratios are app ÷ bare.",
    "- Framework floor: a minimal Remix app (scripts/bench/floor) built in the run with this project's packages and Remix options, serving the wizard step's markup from the same run, loaded the same way; see its section below.",
    "- App CPU ms/req: the server process's user+system CPU time during the measured run divided by the requests it answered (from /proc). Server thread ms/req: the same for the server's own thread alone, the one that runs the event loop (from /proc/<pid>/task/<pid>/schedstat); the rest is the embedded database's thread, V8's garbage-collection and compiler threads and libuv's pool.",
    `- Check latency: pre-flight through POST /api/deploy/preflight (the run's finishedAt − startedAt against its slowest check's timingMs); verification through POST /api/deploy/verify against a loopback TCP server that accepts and never answers, with DEPLOY_CHECK_TIMEOUT_MS=${CHECK_TIMEOUT_MS}.`,
    `- Starvation: in each of ${STARVATION_ROUNDS} rounds, /health for ${STARVATION_WINDOW_S} s idle, then again while ${VERIFICATIONS} verifications of the silent target are fired at once (spread over eight owner/admin tokens of four people in two workspaces, within the rate limits). The target's p99 is that of the requests due from firing the verifications to their last answer, "while they run"; the table also gives the whole ${STARVATION_WINDOW_S} s window from firing, which includes idle time after the last answer. Its verdict is the median of the rounds' ratios, each round against its own idle window. The probe calls /health once a millisecond, as health checks do. A control round follows: the same probe against a bare node:http server in a process of its own, answering /health with the app's bytes, while the app runs the same burst; that server takes no part in the verifications, so its p99 is what the machine alone (the app, the probe and the client firing the burst sharing two cores) does to a server with nothing else to do. The probe (scripts/bench/paced.mjs) sends each request when it is due, on a new keep-alive connection when the others are all waiting, and times it from when it was due to the end of its answer, as wrk2 does, so a stall delays every request due during it and nothing needs correcting afterwards; it writes each request and reads each answer itself, which takes about half the CPU time of node:http's client, since every millisecond it uses is taken from the cores the server runs on; autocannon's own rate option cannot do this, because it lets each connection send a second's share of requests as soon as the second begins. Latencies here are to 0.01 ms (autocannon's own are whole milliseconds). For the time from firing the verifications to their last answer, the machine's busy share and the share of its CPU time the hypervisor gave to other machines (/proc/stat steal; also for the idle window), and how long the server's threads ran and waited, ready, for a CPU (schedstat) are shown too, and the probe's own event-loop delay beside the server's. Every answer of every round is written to reports/.tmp/starvation-*.json.`,
    "",
  );
  lines.push("## Throughput and latency", "", ...tableLines(results), "");
  lines.push(...floorLines(results));
  lines.push("## Check latency", "");
  for (const result of results) {
    const checks = result.checks;
    if (!checks) continue;
    lines.push(`### ${result.kind}`, "");
    lines.push("| Pre-flight run | Status | Wall ms | Slowest check | Slowest ms | Wall ÷ slowest | Sum of checks ms | HTTP ms |", "|---:|---|---:|---|---:|---:|---:|---:|");
    checks.preflight.forEach((run, i) =>
      lines.push(`| ${i + 1} | ${run.status} | ${run.wallMs} | ${run.slowestId} | ${run.slowestMs} | ${fmt(run.wallMs / Math.max(run.slowestMs, 1), 2)} | ${run.sumMs} | ${fmt(run.httpMs)} |`),
    );
    lines.push("");
    if (checks.verify.length) {
      lines.push(`| Verify run (silent URL, timeout ${CHECK_TIMEOUT_MS} ms) | Status | Wall ms | HTTP ms | Checks |`, "|---:|---|---:|---:|---|");
      checks.verify.forEach((run, i) => lines.push(`| ${i + 1} | ${run.status} | ${run.wallMs} | ${fmt(run.httpMs)} | ${run.checks} |`));
      lines.push("", `Server CPU time per verification: ${fmt(checks.verifyCpuMs, 1)} ms.`, "");
    } else if (checks.verifyUnavailable) {
      lines.push(`Verification not measured: ${checks.verifyUnavailable}.`, "");
    }
    if (checks.starvation.length) {
      const label = (s: CheckLatency["starvation"][number]) => `${s.mode.label}${s.mode.target ? ` (target), round ${s.round}` : ""}`;
      lines.push(
        `| /health load | Idle ${fmt(checks.starvation[0]!.windowMs / 1000)} s: p50 / p99 / max ms | Idle req/s | While the ${VERIFICATIONS} verifications ran (fired to last answer): p50 / p99 / max ms | The whole ${fmt(checks.starvation[0]!.windowMs / 1000)} s window from firing: p50 / p99 / max ms | p99 ratio | Verifications answered / refused | Last answered after ms |`,
        "|---|---|---:|---|---|---:|---|---:|",
      );
      for (const s of checks.starvation) {
        lines.push(
          `| ${label(s)} | ${latencies(s.idle.precise)} | ${fmt(s.idle.requestsPerSecond)} | ${s.during ? `${latencies(s.during)} (${s.during.samples} requests)` : "— (no per-request times)"} | ${latencies(s.loaded.precise)} | ${fmt(starvationRatio(s), 2)} | ${s.completed} / ${s.refused} | ${fmt(s.slowestMs)} |`,
        );
      }
      lines.push("");
      const loop = (d: LoopDelay | null) => (d ? `${fmt(d.p50, 2)} / ${fmt(d.p99, 2)} / ${fmt(d.max, 2)}` : "—");
      const probeLoop = (r: LoadResult) => (r.probeLoopDelayMs ? `${fmt(r.probeLoopDelayMs.p99, 2)} / ${fmt(r.probeLoopDelayMs.max, 2)}` : "—");
      lines.push(
        `| Event loops in the same windows, between turns of a 1 ms timer | The server's (scripts/bench/loop-delay.mjs), idle: p50 / p99 / max ms | The server's, whole window from firing | The probe's own, idle: p99 / max ms | The probe's own, whole window from firing |`,
        "|---|---|---|---|---|",
      );
      for (const s of checks.starvation) lines.push(`| /health ${label(s)} | ${loop(s.idleLoop)} | ${loop(s.loadedLoop)} | ${probeLoop(s.idle)} | ${probeLoop(s.loaded)} |`);
      lines.push("");
      const processTimes = (p: ThreadTimes | null) => (p ? `${fmt(p.main.runMs + p.others.runMs)} / ${fmt(p.main.waitMs + p.others.waitMs)}` : "—");
      lines.push(
        `| While the ${VERIFICATIONS} verifications ran (fired to last answer) | Machine busy | Stolen by the hypervisor (idle window) | Server thread ran ms | Server thread waited for a CPU ms | Other threads ran ms | Other threads waited ms | The probe ran / waited ms | The bench's client and silent target ran / waited ms |`,
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
      );
      for (const s of checks.starvation) {
        const t = s.threads;
        lines.push(`| /health ${label(s)} | ${fmt(s.machineBusy * 100)}% of ${os.cpus().length} cores | ${fmt(s.machineStolen * 100, 1)}% (${fmt(s.idleStolen * 100, 1)}%) | ${fmt(t?.main.runMs)} | ${fmt(t?.main.waitMs)} | ${fmt(t?.others.runMs)} | ${fmt(t?.others.waitMs)} | ${processTimes(s.probeThreads)} | ${processTimes(s.benchThreads)} |`);
      }
      lines.push("");
    }
  }
  lines.push("## Targets", "", "| Target | Measured | Result |", "|---|---|---|");
  for (const verdict of verdictList) lines.push(`| ${verdict.target} | ${verdict.measured} | ${verdict.pass === null ? "NOT MEASURED" : verdict.pass ? "PASS" : "MISS"} |`);
  lines.push("");
  const missed = [...new Set(verdictList.filter((v) => v.pass === false).map((v) => v.id))];
  if (missed.length) {
    lines.push("## Why targets were missed and what was tried", "");
    for (const id of missed) if (MISS_NOTES[id]) lines.push(...noteLines(id, [RUN_TO_RUN_NOTES[id], MISS_NOTES[id]]));
    lines.push("");
  }
  const variable = [...new Set(verdictList.filter((v) => v.pass === true && RUN_TO_RUN_NOTES[v.id] && !missed.includes(v.id)).map((v) => v.id))];
  if (variable.length) {
    lines.push("## Targets this run passed that other runs miss", "");
    for (const id of variable) lines.push(...noteLines(id, [RUN_TO_RUN_NOTES[id], MISS_NOTES[id]]));
    lines.push("");
  }
  return { markdown: lines.join("\n"), verdictList };
}

function floorLines(results: KindResult[]) {
  const result = results.find((r) => r.floor || r.floorError);
  if (!result) return [];
  const lines = ["## Framework floor", ""];
  if (!result.floor) return [...lines, `Not measured: ${result.floorError}.`, ""];
  const floor = result.floor;
  const wizard = result.rows.find((row) => row.endpoint.id === "wizard");
  lines.push(
    "What a page of the wizard step's size costs with this stack before the app does anything: a minimal Remix app with this project's packages and Remix options (scripts/bench/floor), a root layout and one route with a loader whose body is the wizard step's markup from this run handed to React as finished HTML, served by Express with compression, no database, no session, no security headers, no log line. Loaded the same way, in the same run.",
    "",
    "| Page | HTML bytes | Bytes (enc.) | req/s | p50 ms | p99 ms | CPU ms/req | Server thread ms/req |",
    "|---|---:|---|---:|---:|---:|---:|---:|",
    `| framework floor (minimal Remix app, the step's markup) | ${floor.htmlBytes} | ${floor.bytes} (${floor.encoding}) | ${fmt(floor.result.requestsPerSecond)} | ${fmt(floor.result.p50)} | ${fmt(floor.result.p99)} | ${fmt(floor.cpuMsPerRequest, 2)} | ${fmt(floor.mainThreadMsPerRequest, 2)} |`,
  );
  if (wizard) {
    lines.push(
      `| ${result.kind}: ${wizard.endpoint.label} (from the table above) | ${floor.appHtmlBytes} | ${wizard.bytes} (${wizard.encoding}) | ${fmt(wizard.app.requestsPerSecond)} | ${fmt(wizard.app.p50)} | ${fmt(wizard.app.p99)} | ${fmt(wizard.cpuMsPerRequest, 2)} | ${fmt(wizard.mainThreadMsPerRequest, 2)} |`,
    );
  }
  lines.push("");
  if (wizard && floor.mainThreadMsPerRequest !== null && wizard.mainThreadMsPerRequest !== null) {
    const own = wizard.mainThreadMsPerRequest - floor.mainThreadMsPerRequest;
    const budget = 1000 / TARGETS.wizardRps;
    const appAllowance = Math.max(budget - floor.mainThreadMsPerRequest, 0);
    lines.push(
      `On this machine the framework alone costs the server's thread ${fmt(floor.mainThreadMsPerRequest, 2)} ms per page (at most ${fmt(1000 / floor.mainThreadMsPerRequest)} pages/s from that thread), and the wizard step ${fmt(own, 2)} ms more: the app's own work (identity and deploy state from the read cache, the layouts' and the form's React components instead of finished markup, security headers with a fresh CSP nonce, the request scope, the log line). ${TARGETS.wizardRps} pages/s leaves ${fmt(budget, 2)} ms per page, so ${own <= appAllowance ? "the app's share fits within it" : `the app's share would have to fall to ${fmt(appAllowance, 2)} ms`}.`,
      "",
    );
  }
  return lines;
}

function autocannonVersion() {
  try {
    return (JSON.parse(readFileSync(path.join("node_modules", "autocannon", "package.json"), "utf8")) as { version: string }).version;
  } catch {
    return "";
  }
}

// ---------------------------------------------------------------------------------------------
async function main() {
  const started = new Date();
  const loadBefore = os.loadavg();
  if (!flag("no-build")) {
    log("building (flock /tmp/golive-build.lock npm run build)");
    execFileSync("flock", ["/tmp/golive-build.lock", "npm", "run", "-s", "build"], { stdio: ["ignore", "ignore", "inherit"] });
  }
  if (!existsSync(path.join("build", "server", "index.js"))) throw new Error("no build: run npm run build first, or drop --no-build");

  // PostgreSQL serves two purposes: the tenant database pre-flight checks (always, when it answers)
  // and a second run of the platform on it (unless --no-postgres).
  const postgresUp = await postgresAvailable();
  const havePostgres = postgresUp && !flag("no-postgres");
  let tenantDatabase = false;
  if (postgresUp) {
    try {
      execFileSync("bash", ["scripts/prepare-postgres.sh"], { stdio: ["ignore", "ignore", "inherit"] });
      tenantDatabase = true;
    } catch {
      log("scripts/prepare-postgres.sh failed: pre-flight will not pass, verification will not be measured");
    }
  } else {
    log("PostgreSQL is not reachable on 127.0.0.1:5432: embedded database only");
  }

  const kinds: Platform["kind"][] = havePostgres ? ["embedded", "postgres"] : ["embedded"];
  const results: KindResult[] = [];
  for (const kind of kinds) {
    const result: KindResult = { kind, rows: [], checks: null, error: null };
    results.push(result);
    let platform: Platform | undefined;
    try {
      const env: Record<string, string> =
        kind === "postgres"
          ? {
              DATABASE_URL: await createPlatformDatabase(),
              ENCRYPTION_KEY: randomBytes(32).toString("base64"),
              SESSION_SECRET: randomBytes(32).toString("base64"),
              JWT_SECRET: randomBytes(32).toString("base64"),
              SEED_DEMO: "true",
            }
          : {};
      log(`starting the platform on the ${kind} database`);
      platform = await startPlatform(kind, env);
      const cookie = await signIn(platform.base, "owner@acme.test");
      if (!CHECKS_ONLY) result.rows = await throughput(platform, cookie);
      // Once: the wizard step's markup is the same on either database.
      if (!CHECKS_ONLY && kind === "embedded") {
        try {
          result.floor = await frameworkFloor(platform, cookie);
        } catch (error) {
          result.floorError = (error as Error).message;
          log(`framework floor: ${result.floorError}`);
        }
      }
      result.checks = await checkLatency(platform, tenantDatabase);
    } catch (error) {
      result.error = (error as Error).message;
      log(`${kind}: ${(error as Error).message}`);
    } finally {
      if (platform) await stopChild(platform.child);
    }
  }

  const { markdown, verdictList } = renderReport(results, { started, loadBefore, loadAfter: os.loadavg(), seconds: (Date.now() - started.getTime()) / 1000 });
  mkdirSync(path.dirname(REPORT), { recursive: true });
  writeFileSync(REPORT, markdown + "\n");
  console.log(markdown);
  console.log(`\nWrote ${REPORT}.`);
  return verdictList.some((v) => v.id === "error") ? 1 : 0;
}

async function cleanup() {
  for (const child of children) await stopChild(child);
  for (const step of cleanups.reverse()) await Promise.resolve(step()).catch(() => undefined);
}

process.on("SIGINT", () => {
  void cleanup().finally(() => process.exit(130));
});

main()
  .then(async (code) => {
    await cleanup();
    process.exit(code);
  })
  .catch(async (error) => {
    console.error(error);
    await cleanup();
    process.exit(1);
  });
