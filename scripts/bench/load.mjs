// Load generator for scripts/bench.ts, run as its own process so it never shares an event loop
// with the server it measures. autocannon (a maintained HTTP benchmarking tool) does the work.
// Usage: node scripts/bench/load.mjs '<json job>'  → prints "started", then one JSON line of results.
import process from "node:process";
import autocannon from "autocannon";

const job = JSON.parse(process.argv[2] ?? "{}");
process.stdout.write("started\n");
const result = await autocannon({
  url: job.url,
  connections: job.connections ?? 16,
  duration: job.duration ?? 10,
  headers: job.headers ?? {},
  timeout: job.timeout ?? 10,
  ...(job.overallRate ? { overallRate: job.overallRate } : {}),
});
process.stdout.write(
  JSON.stringify({
    requestsPerSecond: result.requests.average,
    total: result.requests.total,
    p50: result.latency.p50,
    p99: result.latency.p99,
    max: result.latency.max,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    bytesPerRequest: result.requests.total ? Math.round(result.throughput.total / result.requests.total) : 0,
  }) + "\n",
);
