import { quantileScores } from './quantile-scores.js';

/** Per-customer recency, frequency and monetary columns. */
export interface RfmInput {
  /** Days since the last purchase: fewer is better. */
  recency: Float64Array;
  /** Number of purchases. */
  frequency: Float64Array;
  /** Spend (total or mean, as the caller decides). */
  monetary: Float64Array;
}

export interface RfmScores {
  r: Uint8Array;
  f: Uint8Array;
  m: Uint8Array;
}

/**
 * R, F and M scores 1…bins by quantiles; see {@link quantileScores} for ties. `sortedMonetary`
 * (the monetary column sorted ascending) spares a sort when the caller has one.
 */
export function rfmScores(input: RfmInput, bins = 5, sortedMonetary?: Float64Array): RfmScores {
  return { ...recencyFrequencyScores(input, bins), m: monetaryScores(input.monetary, bins, sortedMonetary) };
}

/** The R and F scores alone: they need no sort, so a caller can have them while spend is sorted. */
export function recencyFrequencyScores(input: Omit<RfmInput, 'monetary'>, bins = 5): Omit<RfmScores, 'm'> {
  return {
    r: quantileScores(input.recency, { bins, lowerIsBetter: true }),
    f: quantileScores(input.frequency, { bins }),
  };
}

/** The M scores alone (see {@link rfmScores}). */
export function monetaryScores(monetary: Float64Array, bins = 5, sorted?: Float64Array): Uint8Array {
  return quantileScores(monetary, { bins, sorted });
}

export const RFM_SEGMENTS = [
  'Champions',
  'Loyal',
  'Potential Loyalist',
  'New',
  'Promising',
  'Need Attention',
  'About to Sleep',
  'At Risk',
  "Can't Lose Them",
  'Hibernating',
  'Lost',
] as const;

export type RfmSegment = (typeof RFM_SEGMENTS)[number];

/**
 * The segment of each (R, F) cell of the 5×5 grid, rows R = 1…5, columns F = 1…5:
 *
 * ```
 *        F=1                F=2                F=3                F=4               F=5
 * R=5   New                Potential Loyalist Potential Loyalist Champions         Champions
 * R=4   Promising          Potential Loyalist Potential Loyalist Loyal             Loyal
 * R=3   About to Sleep     About to Sleep     Need Attention     Loyal             Loyal
 * R=2   Hibernating        Hibernating        At Risk            At Risk           Can't Lose Them
 * R=1   Lost               Lost               At Risk            At Risk           Can't Lose Them
 * ```
 *
 * M does not enter: the common segment names describe how recently and how often a customer buys,
 * and M is reported beside them.
 */
const GRID: readonly (readonly RfmSegment[])[] = [
  ['Lost', 'Lost', 'At Risk', 'At Risk', "Can't Lose Them"],
  ['Hibernating', 'Hibernating', 'At Risk', 'At Risk', "Can't Lose Them"],
  ['About to Sleep', 'About to Sleep', 'Need Attention', 'Loyal', 'Loyal'],
  ['Promising', 'Potential Loyalist', 'Potential Loyalist', 'Loyal', 'Loyal'],
  ['New', 'Potential Loyalist', 'Potential Loyalist', 'Champions', 'Champions'],
];

/** Scores on another scale are mapped linearly onto the five-point grid first, ends onto ends. */
export function rfmSegment(r: number, f: number, bins = 5): RfmSegment {
  const onFive = (s: number) => (bins === 1 ? 3 : 1 + Math.round(((s - 1) * 4) / (bins - 1)));
  return GRID[onFive(r) - 1][onFive(f) - 1];
}

/** Segment index (into {@link RFM_SEGMENTS}) of every customer. */
export function rfmSegments(scores: RfmScores, bins = 5): Uint8Array {
  // Every (r, f) cell once, then a table lookup per customer.
  const cell = new Uint8Array((bins + 1) * (bins + 1));
  for (let r = 1; r <= bins; r++) {
    for (let f = 1; f <= bins; f++) cell[r * (bins + 1) + f] = RFM_SEGMENTS.indexOf(rfmSegment(r, f, bins));
  }
  const out = new Uint8Array(scores.r.length);
  for (let i = 0; i < out.length; i++) out[i] = cell[scores.r[i] * (bins + 1) + scores.f[i]];
  return out;
}

/**
 * The eight classes of the Chinese RFM map, indexed by three bits: R better than its mean (4),
 * F above its mean (2), M above its mean (1). 重要 (important) classes have M above the mean.
 */
export const CN_CLASSES = [
  '一般挽留客户', // R worse, F below, M below
  '重要挽留客户', // R worse, F below, M above
  '一般保持客户', // R worse, F above, M below
  '重要保持客户', // R worse, F above, M above
  '一般发展客户', // R better, F below, M below
  '重要发展客户', // R better, F below, M above
  '一般价值客户', // R better, F above, M below
  '重要价值客户', // R better, F above, M above
] as const;

export type CnClass = (typeof CN_CLASSES)[number];

/**
 * Class index (into {@link CN_CLASSES}) of every customer. "Better" is strict: a value equal to the
 * mean counts as worse, so a column where everyone is equal puts everyone on the worse side.
 * Better recency is fewer days since the last purchase.
 */
export function cnClasses(input: RfmInput): Uint8Array {
  const r = mean(input.recency);
  const f = mean(input.frequency);
  const m = mean(input.monetary);
  const out = new Uint8Array(input.recency.length);
  for (let i = 0; i < out.length; i++) {
    out[i] =
      (input.recency[i] < r ? 4 : 0) | (input.frequency[i] > f ? 2 : 0) | (input.monetary[i] > m ? 1 : 0);
  }
  return out;
}

function mean(values: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i];
  return sum / values.length;
}
