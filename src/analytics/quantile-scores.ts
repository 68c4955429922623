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
  // One score per distinct value, found by walking the tie groups of the sorted copy once.
  const scoreOf = new Map<number, number>();
  for (let i = 0; i < n; ) {
    const v = sorted[i];
    let j = i + 1;
    while (j < n && sorted[j] === v) j++;
    const score = Math.min(bins, Math.floor((((i + j) / 2) * bins) / n) + 1);
    scoreOf.set(v, options.lowerIsBetter ? bins + 1 - score : score);
    i = j;
  }
  const scores = new Uint8Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isNaN(v)) scores[i] = scoreOf.get(v)!;
  }
  return scores;
}
