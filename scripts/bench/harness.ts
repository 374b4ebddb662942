/**
 * What every part of npm run bench (scripts/bench.ts) shares: child processes and their cleanup,
 * free ports, requests, signing in, CPU time per request, closed-loop load from another process
 * (scripts/bench/load.mjs) and fresh PostgreSQL databases.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import http from "node:http";
import net from "node:net";
import path from "node:path";
import pg from "pg";
import { stopAppProcess } from "../../tests/helpers/app-process";

export const ADMIN_PG_URL = process.env.BENCH_POSTGRES_URL ?? "postgresql://postgres@127.0.0.1:5432/test";
export const PASSWORD = "golive-demo-2026";
// What a phone browser sends: the app compresses, so the bytes measured are the bytes a phone gets.
export const ACCEPT_ENCODING = "gzip, deflate, br";
/** Set once by scripts/bench.ts from its options. */
export const settings = { connections: 16, durationS: 10, warmupS: 2 };

// ---------------------------------------------------------------------------------------------
// Processes, ports and requests
export const children = new Set<ChildProcess>();
export const cleanups: (() => Promise<void> | void)[] = [];
export const log = (message: string) => process.stderr.write(`[bench] ${message}\n`);
export const stopChild = (child: ChildProcess) => stopAppProcess(child, 10_000);

export function track(child: ChildProcess) {
  children.add(child);
  child.once("exit", () => children.delete(child));
  return child;
}

function listenOn(port: number): Promise<number | null> {
  return new Promise((resolve) => {
    const probe = net.createServer().once("error", () => resolve(null));
    probe.listen(port, "127.0.0.1", () => {
      const { port: bound } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(bound));
    });
  });
}

// BENCH_PORTS=4800-4899 keeps every server the bench starts within that range (a shared machine);
// without it, the system picks free ports.
const portRange = /^(\d+)-(\d+)$/.exec(process.env.BENCH_PORTS ?? "");
let nextPort = portRange ? Number(portRange[1]) : 0;

export async function freePort(): Promise<number> {
  if (!portRange) {
    const port = await listenOn(0);
    if (port === null) throw new Error("no free port");
    return port;
  }
  const [first, last] = [Number(portRange[1]), Number(portRange[2])];
  for (let tries = 0; tries <= last - first; tries++) {
    const port = nextPort;
    nextPort = port >= last ? first : port + 1;
    if ((await listenOn(port)) !== null) return port;
  }
  throw new Error(`no free port in ${process.env.BENCH_PORTS}`);
}

/** Reads a child's stdout until a line matches. */
export function waitForLine(child: ChildProcess, predicate: (line: string) => boolean, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    let buffer = "";
    const timer = setTimeout(() => reject(new Error("timed out waiting for the child process")), timeoutMs);
    const onData = (chunk: Buffer) => {
      buffer += chunk.toString();
      for (let index = buffer.indexOf("\n"); index >= 0; index = buffer.indexOf("\n")) {
        const line = buffer.slice(0, index);
        buffer = buffer.slice(index + 1);
        if (!predicate(line)) continue;
        clearTimeout(timer);
        child.stdout!.off("data", onData);
        return resolve(line);
      }
    };
    child.stdout!.on("data", onData);
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`child exited with ${code}`));
    });
  });
}

export type RawResponse = { status: number; headers: http.IncomingHttpHeaders; body: Buffer };
/** One request keeping the body bytes exactly as sent (compressed or not). */
export function rawRequest(url: string, headers: Record<string, string> = {}): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const request = http.request(url, { headers, agent: false }, (response) => {
      const chunks: Buffer[] = [];
      response.on("data", (chunk: Buffer) => chunks.push(chunk));
      response.on("end", () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks) }));
      response.on("error", reject);
    });
    request.on("error", reject).end();
  });
}

export async function api<T = Record<string, unknown>>(
  base: string,
  method: string,
  pathname: string,
  auth: { token?: string; cookie?: string },
  body?: unknown,
) {
  const headers: Record<string, string> = { Accept: "application/json" };
  if (auth.token) headers.Authorization = `Bearer ${auth.token}`;
  if (auth.cookie) headers.Cookie = auth.cookie;
  if (body !== undefined) headers["Content-Type"] = "application/json";
  const started = performance.now();
  const response = await fetch(`${base}${pathname}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await response.text();
  const ms = performance.now() - started;
  try {
    return { status: response.status, json: JSON.parse(text) as T, ms };
  } catch {
    return { status: response.status, json: { raw: text.slice(0, 200) } as T, ms };
  }
}

export async function postForm(base: string, pathname: string, form: Record<string, string>, cookie?: string) {
  const headers = { "Content-Type": "application/x-www-form-urlencoded", ...(cookie ? { Cookie: cookie } : {}) };
  const response = await fetch(`${base}${pathname}`, { method: "POST", headers, body: new URLSearchParams(form).toString(), redirect: "manual" });
  await response.arrayBuffer();
  return response;
}

export async function signIn(base: string, email: string) {
  const response = await postForm(base, "/login", { email, password: PASSWORD });
  const cookie = response.headers
    .getSetCookie()
    .map((value) => value.split(";")[0])
    .find((value) => value?.includes("session="));
  if (response.status !== 302 || !cookie) throw new Error(`sign-in as ${email} failed: ${response.status}`);
  return cookie;
}

/** CPU time of a process (all threads) and of its main thread, the one that runs the event loop, in ms. */
export function cpuTimes(pid: number | undefined) {
  if (!pid) return null;
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
    const mainNs = Number(readFileSync(`/proc/${pid}/task/${pid}/schedstat`, "utf8").split(" ")[0]);
    // utime and stime (fields 14 and 15 of /proc/<pid>/stat), in clock ticks of 10 ms.
    return { processMs: (Number(fields[11]) + Number(fields[12])) * 10, mainMs: mainNs / 1e6 };
  } catch {
    return null;
  }
}

export function perRequest(before: ReturnType<typeof cpuTimes>, after: ReturnType<typeof cpuTimes>, requests: number) {
  if (!before || !after || !requests) return { cpuMs: null, mainMs: null };
  return { cpuMs: (after.processMs - before.processMs) / requests, mainMs: (after.mainMs - before.mainMs) / requests };
}

// ---------------------------------------------------------------------------------------------
// Load, always from another process (scripts/bench/load.mjs)
export type LatencySummary = { p50: number; p99: number; max: number; samples: number };
export type LoadResult = { requestsPerSecond: number; total: number; p50: number; p99: number; max: number; non2xx: number; errors: number };
export type Answers = { dueAtMs: number[]; latenciesMs: number[] };
export type Probe = { sent: number; non2xx: number; errors: number; timeouts: number; answers: Answers };

export function startLoad<T>(job: Record<string, unknown>, durationS: number) {
  const child = track(spawn(process.execPath, [path.join("scripts", "bench", "load.mjs"), JSON.stringify(job)], { stdio: ["ignore", "pipe", "inherit"] }));
  const started = waitForLine(child, (line) => line === "started", 30_000);
  const result = waitForLine(child, (line) => line.startsWith("{"), (durationS + 60) * 1000).then((line) => JSON.parse(line) as T);
  return { started, result };
}

/** Closed loop: every connection sends again as soon as it has its answer. */
export async function load(url: string, headers: Record<string, string>, durationS: number, connections = settings.connections) {
  const run = startLoad<LoadResult>({ url, duration: durationS, connections, headers }, durationS);
  await run.started;
  return run.result;
}

/** A new, empty PostgreSQL database, dropped when the bench ends (`prefix` keeps one part's databases apart on a shared server). */
export async function createPlatformDatabase(prefix = "golive_bench") {
  const name = `${prefix}_${randomBytes(5).toString("hex")}`;
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

export type Side = { url: string; headers: Record<string, string>; pid?: number };
export type Measured = { result: LoadResult; cpuMs: number | null };

function combine(runs: { result: LoadResult; cpu: { ms: number; ok: boolean } }[], durationS: number): Measured {
  const total = runs.reduce((sum, run) => sum + run.result.total, 0);
  const mean = (pick: (r: LoadResult) => number) => runs.reduce((sum, run) => sum + pick(run.result), 0) / runs.length;
  const result: LoadResult = {
    requestsPerSecond: total / durationS,
    total,
    p50: mean((r) => r.p50),
    p99: Math.max(...runs.map((run) => run.result.p99)),
    max: Math.max(...runs.map((run) => run.result.max)),
    non2xx: runs.reduce((sum, run) => sum + run.result.non2xx, 0),
    errors: runs.reduce((sum, run) => sum + run.result.errors, 0),
  };
  const cpuMs = runs.every((run) => run.cpu.ok) && total ? runs.reduce((sum, run) => sum + run.cpu.ms, 0) / total : null;
  return { result, cpuMs };
}

/**
 * Two sides loaded in the order A, B, B, A (half the duration each, after a warm-up of each): a
 * drift of the machine's load during the pair (it is shared) falls on both sides alike, which one
 * run of each in turn does not give.
 */
export async function interleaved(a: Side, b: Side, durationS: number, warmupS: number): Promise<[Measured, Measured]> {
  const half = durationS / 2;
  const runs: Record<"a" | "b", { result: LoadResult; cpu: { ms: number; ok: boolean } }[]> = { a: [], b: [] };
  const sides = { a, b };
  if (warmupS > 0) for (const side of [a, b]) await load(side.url, side.headers, warmupS);
  for (const key of ["a", "b", "b", "a"] as const) {
    const side = sides[key];
    const before = cpuTimes(side.pid);
    const result = await load(side.url, side.headers, half);
    const after = cpuTimes(side.pid);
    runs[key].push({ result, cpu: before && after ? { ms: after.processMs - before.processMs, ok: true } : { ms: 0, ok: false } });
  }
  return [combine(runs.a, durationS), combine(runs.b, durationS)];
}
