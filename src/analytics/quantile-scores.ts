export interface QuantileScoreOptions {
  /** Number of scores, 1…bins. Default 5 (quintiles). */
  bins?: number;
  /** Lower values score higher (recency in days since the last purchase). Default false. */
  lowerIsBetter?: boolean;
}

/**
 * Scores each value 1…bins by its quantile. A value's position is the middle of its tie group in
 * sorted order (the mid-rank), so equal values always share a score, scores never decrease as the
 * value grows, and without ties every score holds n / bins values, give or take one. A large tie
 * group may leave some scores unused: a score is a quantile, not a guaranteed bucket size.
 * NaN values score 0 (not scored).
 *
 * @example quantileScores(Float64Array.of(1, 2, 2, 9), { bins: 2 }) // → [1, 2, 2, 2]
 */
export function quantileScores(values: Float64Array, options: QuantileScoreOptions = {}): Uint8Array {
  const bins = options.bins ?? 5;
  if (!Number.isInteger(bins) || bins < 1 || bins > 255) throw new RangeError('bins must be 1…255');
  const sorted = Float64Array.from(values).sort();
  let n = sorted.length;
  while (n > 0 && Number.isNaN(sorted[n - 1])) n--;
  const scores = new Uint8Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (Number.isNaN(v)) continue;
    const midRank = (lowerBound(sorted, n, v) + upperBound(sorted, n, v)) / 2;
    const score = Math.min(bins, Math.floor((midRank * bins) / n) + 1);
    scores[i] = options.lowerIsBetter ? bins + 1 - score : score;
  }
  return scores;
}

function lowerBound(sorted: Float64Array, n: number, v: number): number {
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function upperBound(sorted: Float64Array, n: number, v: number): number {
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] <= v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
