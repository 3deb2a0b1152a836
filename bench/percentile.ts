/**
 * Percentiles of a sample (D9 latency figures: p50 and p95), nearest-rank: the smallest
 * measured value with at least p % of the sample at or below it. Nearest-rank reports a value
 * that was actually observed, so "p95 of 2 blocks" means some request really took 2 blocks,
 * never an interpolated 1.6.
 */

export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) throw new RangeError('values must not be empty')
  if (!Number.isFinite(p) || p <= 0 || p > 100) throw new RangeError('p must be in (0, 100]')
  if (values.some((v) => !Number.isFinite(v))) throw new RangeError('values must be finite numbers')
  const sorted = [...values].sort((a, b) => a - b)
  const rank = Math.ceil((p / 100) * sorted.length)
  return sorted[rank - 1]!
}

/** p50 and p95 of a sample, as latest.json stores them. */
export function p50p95(values: readonly number[]): { p50: number; p95: number } {
  return { p50: percentile(values, 50), p95: percentile(values, 95) }
}
