// Load generator for scripts/bench.ts, run as its own process so it never shares an event loop
// with the server it measures. autocannon (a maintained HTTP benchmarking tool) does the work.
// Usage: node scripts/bench/load.mjs '<json job>'  → prints "started", then one JSON line of results.
import process from "node:process";
import autocannon from "autocannon";
import { percentile, recordLatency } from "./latency.mjs";

const job = JSON.parse(process.argv[2] ?? "{}");
const connections = job.connections ?? 16;

// autocannon's own percentiles are whole milliseconds, and for paced load its coordinated-omission
// correction assumes one request per millisecond on every connection (Math.ceil(1 / rate), with the
// rate in requests per second), so one stall is counted several times over. The latencies are
// therefore also kept here as measured (fractions of a millisecond) and, for paced load, corrected
// with the interval the pacing actually has: a request answered late stands for the requests its
// connection would have sent meanwhile, one per interval (as HdrHistogram's
// recordValueWithExpectedInterval does).
const intervalMs = job.overallRate ? (1000 * connections) / job.overallRate : 0;
const samples = [];

const instance = autocannon({
  url: job.url,
  connections,
  duration: job.duration ?? 10,
  headers: job.headers ?? {},
  timeout: job.timeout ?? 10,
  ...(job.overallRate ? { overallRate: job.overallRate } : {}),
});
instance.on("response", (_client, statusCode, _bytes, responseTimeMs) => {
  if (statusCode < 200 || statusCode > 299) return;
  recordLatency(samples, responseTimeMs, intervalMs);
});
process.stdout.write("started\n");
const result = await instance;

const sorted = Float64Array.from(samples).sort();
const round = (ms) => Math.round(ms * 100) / 100;
process.stdout.write(
  JSON.stringify({
    requestsPerSecond: result.requests.average,
    total: result.requests.total,
    p50: result.latency.p50,
    p99: result.latency.p99,
    max: result.latency.max,
    precise: { p50: round(percentile(sorted, 0.5)), p99: round(percentile(sorted, 0.99)), max: round(sorted.at(-1) ?? 0), samples: sorted.length, intervalMs },
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    bytesPerRequest: result.requests.total ? Math.round(result.throughput.total / result.requests.total) : 0,
  }) + "\n",
);
