// Load generator for scripts/bench.ts, run as its own process so it never shares an event loop
// with the server it measures. Usage: node scripts/bench/load.mjs '<json job>' → prints "started",
// then one JSON line of results.
//
// A job with `rate` probes each of its `urls` at that many requests per second, all on the same
// schedule in this one process (scripts/bench/paced.mjs), so a stall of the probe delays them alike;
// any other job is closed-loop load from autocannon (a maintained HTTP benchmarking tool), every
// connection sending again as soon as it has its answer.
import process from "node:process";
import autocannon from "autocannon";
import { runPaced } from "./paced.mjs";

const job = JSON.parse(process.argv[2] ?? "{}");

async function paced() {
  let starting = job.urls.length;
  const started = () => {
    if (--starting === 0) process.stdout.write("started\n");
  };
  const runs = await Promise.all(
    job.urls.map((url) =>
      runPaced({ url, rate: job.rate, durationS: job.duration ?? 10, headers: job.headers ?? {}, timeoutMs: (job.timeout ?? 10) * 1000 }, started),
    ),
  );
  // Every answer, for the caller to take the percentiles of a window of its own.
  return {
    probes: runs.map((run) => ({
      sent: run.sent,
      non2xx: run.non2xx,
      errors: run.errors,
      timeouts: run.timeouts,
      answers: { dueAtMs: run.dueAtMs, latenciesMs: run.latenciesMs },
    })),
  };
}

async function closedLoop() {
  process.stdout.write("started\n");
  const result = await autocannon({
    url: job.url,
    connections: job.connections ?? 16,
    duration: job.duration ?? 10,
    headers: job.headers ?? {},
    timeout: job.timeout ?? 10,
  });
  return {
    requestsPerSecond: result.requests.average,
    total: result.requests.total,
    p50: result.latency.p50,
    p99: result.latency.p99,
    max: result.latency.max,
    non2xx: result.non2xx,
    errors: result.errors,
  };
}

process.stdout.write(JSON.stringify(await (job.rate ? paced() : closedLoop())) + "\n");
