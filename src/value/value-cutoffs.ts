/**
 * The cut-offs behind the relative scores of a full recomputation, and the scoring of single
 * customers against them. Quantile scores, ABC classes and the Chinese classes all depend on every
 * customer; between daily recomputations a customer whose data changed is placed against the stored
 * cut-offs, which gives what a full recomputation would give as long as the cut-offs themselves did
 * not move.
 */

/** A workspace's RFM bins and ABC shares of revenue (value-scales.ts): the shape of the relative scores. */
export interface ValueScales {
  rfmBins: number;
  abcA: number;
  abcB: number;
}

/** Quintiles, and A up to 80 % of revenue and B the next 15 %, as the literature's examples use. */
export const DEFAULT_VALUE_SCALES: ValueScales = { rfmBins: 5, abcA: 0.8, abcB: 0.15 };

/** A score column as runs: the smallest value of each run and its score, ascending by value. */
export interface ScoreRuns {
  from: number[];
  score: number[];
}

export interface ValueCutoffs {
  r: ScoreRuns;
  f: ScoreRuns;
  m: ScoreRuns;
  /** The RFM bins the runs were made with; absent in cut-offs stored before bins were a setting (5). */
  bins?: number;
  /** Smallest revenue still in A and in B; null when nobody is (no positive revenue). */
  abcA: number | null;
  abcB: number | null;
  /** Means of the Chinese classes: days since the last purchase, purchase days, revenue. */
  meanRecency: number;
  meanFrequency: number;
  meanMonetary: number;
}

/**
 * The runs of a computed score column. Scores never decrease (or never increase, for recency) as the
 * value grows, so the smallest value holding each score starts its run, as quantileScores builds them.
 */
export function scoreRuns(values: Float64Array, scores: Uint8Array): ScoreRuns {
  const smallest = new Map<number, number>();
  for (let i = 0; i < values.length; i++) {
    const s = scores[i];
    if (s === 0) continue;
    const v = values[i];
    const seen = smallest.get(s);
    if (seen === undefined || v < seen) smallest.set(s, v);
  }
  const runs = [...smallest].sort((a, b) => a[1] - b[1]);
  return { from: runs.map(([, v]) => v), score: runs.map(([s]) => s) };
}

/** The score of a value: that of the last run starting at or below it (the first run's below all). */
export function scoreOn(runs: ScoreRuns, value: number): number {
  if (Number.isNaN(value) || runs.from.length === 0) return 0;
  let lo = 0;
  let hi = runs.from.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >>> 1;
    if (runs.from[mid] <= value) lo = mid;
    else hi = mid - 1;
  }
  return runs.score[lo];
}

/** The ABC thresholds of computed classes (0 = A, 1 = B): a B-less split has B start where A does. */
export function abcThresholds(
  revenue: Float64Array,
  classes: Uint8Array,
): { abcA: number | null; abcB: number | null } {
  let a = Number.POSITIVE_INFINITY;
  let b = Number.POSITIVE_INFINITY;
  for (let i = 0; i < revenue.length; i++) {
    if (classes[i] === 0 && revenue[i] < a) a = revenue[i];
    else if (classes[i] === 1 && revenue[i] < b) b = revenue[i];
  }
  if (!Number.isFinite(a)) return { abcA: null, abcB: null };
  return { abcA: a, abcB: Number.isFinite(b) ? b : a };
}

/** ABC class index of a revenue against stored thresholds, as abcClasses decides it. */
export function abcOn(cutoffs: Pick<ValueCutoffs, 'abcA' | 'abcB'>, revenue: number): number {
  if (!(revenue > 0) || cutoffs.abcA === null || cutoffs.abcB === null) return 2;
  return revenue >= cutoffs.abcA ? 0 : revenue >= cutoffs.abcB ? 1 : 2;
}

/** Chinese class index against stored means, as cnClasses decides it ("better" is strict). */
export function cnClassOn(
  cutoffs: ValueCutoffs,
  recency: number,
  frequency: number,
  monetary: number,
): number {
  return (
    (recency < cutoffs.meanRecency ? 4 : 0) |
    (frequency > cutoffs.meanFrequency ? 2 : 0) |
    (monetary > cutoffs.meanMonetary ? 1 : 0)
  );
}

export function mean(values: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i];
  return sum / values.length;
}
