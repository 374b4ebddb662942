// @ts-check
// An open-loop probe for scripts/bench/load.mjs: requests sent on a fixed schedule, whatever the
// server does, the way a health checker or monitor calls an endpoint.
//
// autocannon's `overallRate` is not pacing: each connection may send its share of a second's
// requests as soon as the second begins (a counter reset once a second), so "1000 req/s" arrives as
// about 1000 requests in the first 100 ms of every second and none in the rest (measured here in
// November 2026). A stall of the server then mostly delays requests that were not sent yet, and a
// percentile of such load describes those bursts, not a steady caller.
//
// Here request i is due at start + i × interval. It is sent when due on a free keep-alive
// connection, or on a new one when every connection is waiting, so a slow answer never delays the
// requests after it; its latency runs from when it was due to the end of its answer, as wrk2
// measures, so a late send by this process counts too and nothing is left out (no
// coordinated omission to correct). One untimed request opens the first connection before the
// schedule starts, so that the probe's own start-up is not counted.
import http from "node:http";
import { monitorEventLoopDelay, performance } from "node:perf_hooks";
import { setTimeout } from "node:timers";
import { summariseLoopDelay, wallClockOffset } from "./latency.mjs";

/**
 * How many requests are due by `nowMs`: those whose time (startMs + i × intervalMs) has come, up to
 * `total`.
 * @param {number} startMs
 * @param {number} intervalMs
 * @param {number} nowMs
 * @param {number} total
 */
export function requestsDue(startMs, intervalMs, nowMs, total) {
  if (nowMs < startMs) return 0;
  return Math.min(total, Math.floor((nowMs - startMs) / intervalMs) + 1);
}

/**
 * @param {{ url: string, rate: number, durationS: number, headers?: Record<string, string>, timeoutMs?: number }} job
 * @param {() => void} [onStarted] called when the schedule starts
 * @returns {Promise<{ latenciesMs: number[], dueAtMs: number[], ownLoopDelayMs: { p50: number, p99: number, max: number, samples: number }, sent: number, answered: number, non2xx: number, errors: number, timeouts: number, connections: number, bytes: number, elapsedMs: number }>}
 * `dueAtMs[i]` is when the request answered in `latenciesMs[i]` was due, as a wall-clock time in
 * milliseconds (latency.mjs: wallClockOffset), so that another process can pick out the requests
 * due within a window it timed itself. `ownLoopDelayMs` is this process's own event-loop delay over
 * the run: a stall of the probe itself shows there, not in the server.
 */
export async function runPaced(job, onStarted) {
  const intervalMs = 1000 / job.rate;
  const total = Math.round(job.rate * job.durationS);
  const timeoutMs = job.timeoutMs ?? 10_000;
  const agent = new http.Agent({ keepAlive: true, maxSockets: Infinity });
  await new Promise((resolve, reject) => {
    http.get(job.url, { agent, headers: job.headers, timeout: timeoutMs }, (response) => response.resume().on("end", resolve)).on("error", reject);
  });
  const sockets = new Set();
  /** @type {number[]} */
  const latenciesMs = [];
  /** @type {number[]} */
  const dueAtMs = [];
  let sent = 0;
  let settled = 0;
  let non2xx = 0;
  let errors = 0;
  let timeouts = 0;
  let bytes = 0;
  const wallOffset = wallClockOffset();
  const ownLoop = monitorEventLoopDelay({ resolution: 1 });
  ownLoop.enable();
  const startMs = performance.now();
  onStarted?.();

  return new Promise((resolve) => {
    const finish = () => {
      if (settled < total) return;
      agent.destroy();
      ownLoop.disable();
      resolve({ latenciesMs, dueAtMs, ownLoopDelayMs: summariseLoopDelay(ownLoop), sent, answered: latenciesMs.length, non2xx, errors, timeouts, connections: sockets.size, bytes, elapsedMs: performance.now() - startMs });
    };

    /** @param {number} dueMs */
    const send = (dueMs) => {
      const request = http.get(job.url, { agent, headers: job.headers, timeout: timeoutMs }, (response) => {
        response.on("data", (chunk) => (bytes += chunk.length));
        response.on("end", () => {
          if (response.statusCode !== undefined && response.statusCode >= 200 && response.statusCode < 300) {
            latenciesMs.push(performance.now() - dueMs);
            dueAtMs.push(wallOffset + dueMs);
          } else non2xx++;
          settled++;
          finish();
        });
      });
      request.on("socket", (socket) => sockets.add(socket));
      request.on("timeout", () => {
        timeouts++;
        request.destroy(new Error("timeout"));
      });
      request.on("error", () => {
        errors++;
        settled++;
        finish();
      });
    };

    const tick = () => {
      const due = requestsDue(startMs, intervalMs, performance.now(), total);
      while (sent < due) send(startMs + sent++ * intervalMs);
      if (sent < total) setTimeout(tick, Math.max(0, startMs + sent * intervalMs - performance.now()));
    };
    tick();
  });
}
