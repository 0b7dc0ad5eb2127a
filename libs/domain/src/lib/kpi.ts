/**
 * KPI maths for the statistics (R4.4-f: complaint information used to improve service quality).
 * All functions are pure; empty input gives `null`, never NaN.
 */

function sortedFinite(values: readonly number[]): number[] {
  return values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
}

function assertFraction(p: number): void {
  if (!(p >= 0 && p <= 1)) throw new RangeError(`percentile p must be in [0, 1], got ${p}`);
}

/**
 * Percentile by linear interpolation between closest ranks — the same method as PostgreSQL
 * `percentile_cont(p)`: position = p × (n − 1) in the sorted values (0-based), interpolated
 * between the neighbouring values. `p` in [0, 1]. Non-finite values are ignored. `null` when empty.
 */
export function percentile(values: readonly number[], p: number): number | null {
  assertFraction(p);
  const sorted = sortedFinite(values);
  if (sorted.length === 0) return null;
  const pos = p * (sorted.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

/** Median = `percentile(values, 0.5)` (the mean of the two middle values for an even count). */
export function median(values: readonly number[]): number | null {
  return percentile(values, 0.5);
}

export function mean(values: readonly number[]): number | null {
  const finite = sortedFinite(values);
  if (finite.length === 0) return null;
  return finite.reduce((a, b) => a + b, 0) / finite.length;
}

/** numerator / denominator, `null` when the denominator is 0 (no data — not 0 %). */
export function rate(numerator: number, denominator: number): number | null {
  if (denominator === 0) return null;
  return numerator / denominator;
}

// ---------------------------------------------------------------------------------------------
// Bounded log-scale histogram, for rollups (e.g. per client and day) whose percentiles can be
// merged without keeping every value.
//
// Buckets: bucket 0 = [0, 1 minute); bucket i ≥ 1 = [MIN × R^(i−1), MIN × R^i) with MIN = 1/60 h
// and R = 1.1, up to 10 000 h; the last bucket is the overflow [10 000 h, ∞).
// Precision: a value in a regular bucket is represented by the bucket's geometric midpoint, so the
// relative error is at most √1.1 − 1 ≈ 4.9 %; below 1 minute the absolute error is at most 30 s;
// overflow values are reported as 10 000 h (an underestimate).
// ---------------------------------------------------------------------------------------------

export const HISTOGRAM_MIN_HOURS = 1 / 60;
export const HISTOGRAM_MAX_HOURS = 10_000;
export const HISTOGRAM_RATIO = 1.1;
/** Maximum relative error of `percentileFromHistogram` for values in [1 minute, 10 000 h). */
export const HISTOGRAM_RELATIVE_PRECISION = Math.sqrt(HISTOGRAM_RATIO) - 1;

function buildBuckets(): readonly number[] {
  const lower = [0];
  for (let b = HISTOGRAM_MIN_HOURS; b < HISTOGRAM_MAX_HOURS; b *= HISTOGRAM_RATIO) lower.push(b);
  lower.push(HISTOGRAM_MAX_HOURS);
  return Object.freeze(lower);
}

/** Lower bounds (hours) of the buckets; bucket i covers [B[i], B[i+1]), the last is open-ended. */
export const HISTOGRAM_BUCKETS_HOURS: readonly number[] = buildBuckets();
export const HISTOGRAM_BUCKET_COUNT = HISTOGRAM_BUCKETS_HOURS.length;

/** Index of the bucket holding `hours` (negative values count as 0). */
export function bucketIndex(hours: number): number {
  const B = HISTOGRAM_BUCKETS_HOURS;
  if (!(hours > 0)) return 0;
  if (hours >= HISTOGRAM_MAX_HOURS) return B.length - 1;
  if (hours < HISTOGRAM_MIN_HOURS) return 0;
  let i = 1 + Math.floor(Math.log(hours / HISTOGRAM_MIN_HOURS) / Math.log(HISTOGRAM_RATIO));
  // correct floating-point error at bucket boundaries
  while (i > 1 && hours < B[i]) i--;
  while (i < B.length - 1 && hours >= B[i + 1]) i++;
  return i;
}

/** Representative value of a bucket: geometric midpoint; 30 s for bucket 0; 10 000 h for overflow. */
export function bucketValue(index: number): number {
  const B = HISTOGRAM_BUCKETS_HOURS;
  if (index <= 0) return HISTOGRAM_MIN_HOURS / 2;
  if (index >= B.length - 1) return HISTOGRAM_MAX_HOURS;
  return Math.sqrt(B[index] * B[index + 1]);
}

export function emptyHistogram(): number[] {
  return new Array<number>(HISTOGRAM_BUCKET_COUNT).fill(0);
}

export function histogramOf(hours: readonly number[]): number[] {
  const counts = emptyHistogram();
  for (const h of hours) if (Number.isFinite(h)) counts[bucketIndex(h)]++;
  return counts;
}

export function mergeHistograms(a: readonly number[], b: readonly number[]): number[] {
  return emptyHistogram().map((_, i) => (a[i] ?? 0) + (b[i] ?? 0));
}

/**
 * Percentile estimated from bucket counts with the same method as `percentile` (linear
 * interpolation at position p × (n − 1)), each order statistic taken as its bucket's value.
 * Relative error ≤ HISTOGRAM_RELATIVE_PRECISION for data in [1 minute, 10 000 h). `null` when empty.
 */
export function percentileFromHistogram(counts: readonly number[], p: number): number | null {
  assertFraction(p);
  const total = counts.reduce((a, b) => a + b, 0);
  if (total === 0) return null;
  const pos = p * (total - 1);
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  const lv = bucketValue(bucketOfRank(counts, lo));
  const hv = bucketValue(bucketOfRank(counts, hi));
  return lv + (hv - lv) * (pos - lo);
}

function bucketOfRank(counts: readonly number[], rank: number): number {
  let seen = 0;
  for (let i = 0; i < counts.length; i++) {
    seen += counts[i];
    if (rank < seen) return i;
  }
  return counts.length - 1;
}
