/**
 * The diagnostics that the customer-base literature plots for a fitted repeat model (BG/NBD, MBG/NBD,
 * Pareto/NBD), as data: P(alive) and expected purchases over a frequency × recency grid for a
 * customer of the longest age T (lifetimes' plot_probability_alive_matrix and
 * plot_frequency_recency_matrix), and the calibration-period frequency histogram against the model's
 * (FHL 2005, fig. 2).
 */
import type { RepeatSummary } from './fit-result.js';
import {
  type RepeatModel,
  repeatModelExpectedPurchases,
  repeatModelPAlive,
  repeatModelProbabilityOfPurchases,
} from './repeat-model.js';

export interface FrequencyRecencyMatrices {
  /** Age of the customer the grid describes: the longest in the data. */
  T: number;
  frequencies: number[];
  recencies: number[];
  /** [recency index][frequency index]. */
  pAlive: number[][];
  /** Purchases expected over `horizon`, same layout. */
  expectedPurchases: number[][];
  horizon: number;
}

/**
 * The grid over frequencies 0..min(max x, maxFrequency) and `steps` + 1 recencies evenly from 0 to T
 * (T the longest age), rounded to 2 decimals.
 */
export function frequencyRecencyMatrices(
  model: RepeatModel,
  summary: Omit<RepeatSummary, 'weights'>,
  horizon: number,
  maxFrequency = 20,
  steps = 20,
): FrequencyRecencyMatrices {
  let maxX = 0;
  let T = 0;
  for (let i = 0; i < summary.T.length; i++) {
    maxX = Math.max(maxX, summary.frequency[i]);
    T = Math.max(T, summary.T[i]);
  }
  const frequencies = Array.from({ length: Math.min(maxX, maxFrequency) + 1 }, (_, x) => x);
  const recencies = Array.from({ length: steps + 1 }, (_, k) => Math.round((T * k * 100) / steps) / 100);
  const cell = (f: (x: number, tx: number) => number) =>
    recencies.map((tx) => frequencies.map((x) => f(x, tx)));
  return {
    T,
    frequencies,
    recencies,
    pAlive: cell((x, tx) => repeatModelPAlive(model, x, tx, T)),
    expectedPurchases: cell((x, tx) => repeatModelExpectedPurchases(model, horizon, x, tx, T)),
    horizon,
  };
}

export interface FrequencyHistogram {
  /** "0", "1", ..., and the last bucket "K+". */
  frequency: string[];
  actual: number[];
  /**
   * Σ over customers of P(X(T_i) = x): each customer observed for its own age T_i, as a new customer
   * (x = t_x = T = 0) is asked about the next T_i.
   */
  model: number[];
}

/** Customers by repeat purchases in the calibration period, 0..buckets−2 and the rest, actual and model. */
export function frequencyHistogram(
  repeat: RepeatModel,
  summary: Omit<RepeatSummary, 'weights'>,
  buckets = 8,
): FrequencyHistogram {
  const last = buckets - 1;
  const actual = new Array<number>(buckets).fill(0);
  const model = new Array<number>(buckets).fill(0);
  const ages = new Map<number, number>();
  for (let i = 0; i < summary.T.length; i++) {
    actual[Math.min(summary.frequency[i], last)]++;
    ages.set(summary.T[i], (ages.get(summary.T[i]) ?? 0) + 1);
  }
  // Customers of one age share their probabilities: real summaries hold few distinct ages.
  for (const [T, count] of ages) {
    let below = 0;
    for (let x = 0; x < last; x++) {
      const p = repeatModelProbabilityOfPurchases(repeat, T, x, 0, 0, 0);
      model[x] += count * p;
      below += p;
    }
    model[last] += count * (1 - below);
  }
  const frequency = actual.map((_, x) => (x === last ? `${last}+` : String(x)));
  return { frequency, actual, model };
}
