// Load generator for scripts/bench.ts, run as its own process so it never shares an event loop
// with the server it measures. Usage: node scripts/bench/load.mjs '<json job>' → prints "started",
// then one JSON line of results.
//
// A job with `rate` is an open-loop probe at that many requests per second (scripts/bench/paced.mjs);
// any other job is closed-loop load from autocannon (a maintained HTTP benchmarking tool), every
// connection sending again as soon as it has its answer.
import process from "node:process";
import autocannon from "autocannon";
import { summarise } from "./latency.mjs";
import { runPaced } from "./paced.mjs";

const job = JSON.parse(process.argv[2] ?? "{}");

async function paced() {
  const started = () => process.stdout.write("started\n");
  const run = await runPaced({ url: job.url, rate: job.rate, durationS: job.duration ?? 10, headers: job.headers ?? {}, timeoutMs: (job.timeout ?? 10) * 1000 }, started);
  const stats = summarise(run.latenciesMs);
  return {
    requestsPerSecond: (run.answered * 1000) / run.elapsedMs,
    total: run.sent,
    p50: stats.p50,
    p99: stats.p99,
    max: stats.max,
    precise: stats,
    non2xx: run.non2xx,
    errors: run.errors,
    timeouts: run.timeouts,
    bytesPerRequest: run.answered ? Math.round(run.bytes / run.answered) : 0,
    // Every answer, for the caller to take the percentiles of a window of its own.
    answers: { dueAtMs: run.dueAtMs, latenciesMs: run.latenciesMs },
    probeLoopDelayMs: run.ownLoopDelayMs,
  };
}

async function closedLoop() {
  const latenciesMs = [];
  process.stdout.write("started\n");
  const instance = autocannon({ url: job.url, connections: job.connections ?? 16, duration: job.duration ?? 10, headers: job.headers ?? {}, timeout: job.timeout ?? 10 });
  instance.on("response", (_client, statusCode, _bytes, responseTimeMs) => {
    if (statusCode >= 200 && statusCode <= 299) latenciesMs.push(responseTimeMs);
  });
  const result = await instance;
  return {
    requestsPerSecond: result.requests.average,
    total: result.requests.total,
    p50: result.latency.p50,
    p99: result.latency.p99,
    max: result.latency.max,
    precise: summarise(latenciesMs),
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    bytesPerRequest: result.requests.total ? Math.round(result.throughput.total / result.requests.total) : 0,
  };
}

process.stdout.write(JSON.stringify(await (job.rate ? paced() : closedLoop())) + "\n");
