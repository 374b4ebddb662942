// @ts-check
// Latency statistics for scripts/bench/load.mjs.

/**
 * Records one response time, and for paced load the requests its connection would have sent while
 * it waited: one per interval, each a little less late (coordinated-omission correction, as
 * HdrHistogram's recordValueWithExpectedInterval does).
 * @param {number[]} samples
 * @param {number} valueMs
 * @param {number} intervalMs the pacing interval of one connection; 0 for unpaced load
 */
export function recordLatency(samples, valueMs, intervalMs) {
  samples.push(valueMs);
  if (intervalMs > 0) for (let missed = valueMs - intervalMs; missed >= intervalMs; missed -= intervalMs) samples.push(missed);
}

/**
 * The q-quantile (0 < q ≤ 1) of ascending samples, nearest rank; 0 when there are none.
 * @param {ArrayLike<number>} sorted
 * @param {number} q
 */
export function percentile(sorted, q) {
  if (!sorted.length) return 0;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? 0;
}
