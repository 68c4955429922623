export interface QuantileScoreOptions {
  /** Number of scores, 1…bins. Default 5 (quintiles). */
  bins?: number;
  /** Lower values score higher (recency in days since the last purchase). Default false. */
  lowerIsBetter?: boolean;
  /** The values sorted ascending, when the caller has them already (ABC sorts the same spend). */
  sorted?: Float64Array;
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
  const flip = options.lowerIsBetter ?? false;
  if (integerRange(values)) return scoreByCounting(values, bins, flip);
  return scoreBySorting(values, options.sorted ?? Float64Array.from(values).sort(), bins, flip);
}

const scoreOf = (midRank: number, n: number, bins: number, flip: boolean) => {
  const score = Math.min(bins, Math.floor((midRank * bins) / n) + 1);
  return flip ? bins + 1 - score : score;
};

/** Whether all non-NaN values are integers within a range a counting pass can cover. */
function integerRange(values: Float64Array): boolean {
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (Number.isNaN(v)) continue;
    if (!Number.isInteger(v)) return false;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return max - min <= 4 * values.length + 1024;
}

/** Counts, purchases and days: a count per value replaces the sort. */
function scoreByCounting(values: Float64Array, bins: number, flip: boolean): Uint8Array {
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  let n = 0;
  // Indexed loops: for…of over a typed array is several times slower at a million values.
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (Number.isNaN(v)) continue;
    n++;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const scores = new Uint8Array(values.length);
  if (n === 0) return scores;
  const table = new Uint32Array(max - min + 1);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isNaN(v)) table[(v - min) | 0]++;
  }
  let below = 0;
  for (let k = 0; k < table.length; k++) {
    const count = table[k];
    if (count > 0) table[k] = scoreOf(below + count / 2, n, bins, flip);
    below += count;
  }
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isNaN(v)) scores[i] = table[(v - min) | 0];
  }
  return scores;
}

function scoreBySorting(values: Float64Array, sorted: Float64Array, bins: number, flip: boolean): Uint8Array {
  let n = sorted.length;
  while (n > 0 && Number.isNaN(sorted[n - 1])) n--;
  // Scores never decrease (or never increase, flipped) along the sorted values, so they form at
  // most `bins` runs: the smallest value of each run and its score settle every value.
  const from = new Float64Array(bins);
  const runScore = new Uint8Array(bins);
  let runs = 0;
  for (let i = 0; i < n; ) {
    const v = sorted[i];
    let j = i + 1;
    while (j < n && sorted[j] === v) j++;
    const score = scoreOf((i + j) / 2, n, bins, flip);
    if (runs === 0 || runScore[runs - 1] !== score) {
      from[runs] = v;
      runScore[runs++] = score;
    }
    i = j;
  }
  return lookUp(values, from.subarray(0, runs), runScore);
}

/** The score of every value: that of the last run starting at or below it (binary search). */
function lookUp(values: Float64Array, from: Float64Array, score: Uint8Array): Uint8Array {
  const scores = new Uint8Array(values.length);
  const runs = from.length;
  if (runs === 0) return scores;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (Number.isNaN(v)) continue;
    let lo = 0;
    let hi = runs - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (from[mid] <= v) lo = mid;
      else hi = mid - 1;
    }
    scores[i] = score[lo];
  }
  return scores;
}
