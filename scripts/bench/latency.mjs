// @ts-check
// Latency statistics for scripts/bench/load.mjs.

/**
 * The q-quantile (0 < q ≤ 1) of ascending samples, nearest rank; 0 when there are none.
 * @param {ArrayLike<number>} sorted
 * @param {number} q
 */
export function percentile(sorted, q) {
  if (!sorted.length) return 0;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? 0;
}
