// @ts-check
// Latency statistics for scripts/bench/load.mjs.
import { performance } from "node:perf_hooks";

/**
 * The q-quantile (0 < q ≤ 1) of ascending samples, nearest rank; 0 when there are none.
 * @param {ArrayLike<number>} sorted
 * @param {number} q
 */
export function percentile(sorted, q) {
  if (!sorted.length) return 0;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? 0;
}

const round = (/** @type {number} */ ms) => Math.round(ms * 100) / 100;

/**
 * p50, p99 and max to 0.01 ms, and the number of samples.
 * @param {ArrayLike<number>} latenciesMs
 */
export function summarise(latenciesMs) {
  const sorted = Float64Array.from(latenciesMs).sort();
  return { p50: round(percentile(sorted, 0.5)), p99: round(percentile(sorted, 0.99)), max: round(sorted.at(-1) ?? 0), samples: sorted.length };
}

/**
 * A monitorEventLoopDelay histogram's p50, p99 and max to 0.01 ms, and how many turns it timed.
 * @param {import("node:perf_hooks").IntervalHistogram} histogram
 */
export function summariseLoopDelay(histogram) {
  const ms = (/** @type {number} */ ns) => round(ns / 1e6);
  return { p50: ms(histogram.percentile(50)), p99: ms(histogram.percentile(99)), max: ms(histogram.max), samples: histogram.count };
}

/**
 * The same for the answers to requests due within [fromMs, toMs] (wall-clock milliseconds, as the
 * paced probe reports them).
 * @param {{ dueAtMs: number[], latenciesMs: number[] }} answers
 * @param {number} fromMs
 * @param {number} toMs
 */
export function summariseWindow(answers, fromMs, toMs) {
  return summarise(
    answers.latenciesMs.filter((_, i) => {
      const due = answers.dueAtMs[i] ?? NaN;
      return due >= fromMs && due <= toMs;
    }),
  );
}

/**
 * Add to performance.now() for wall-clock milliseconds at sub-millisecond resolution, taken when
 * Date.now() ticks over, so two processes agree to about a millisecond. performance.timeOrigin is
 * no substitute: it is fixed when a process starts, and the monotonic clock drifts from the wall
 * clock by tens of milliseconds over the minutes a bench run lasts on a virtual machine.
 */
export function wallClockOffset() {
  const first = Date.now();
  let now = first;
  while (now === first) now = Date.now();
  return now - performance.now();
}
