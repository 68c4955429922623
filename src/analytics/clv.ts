/**
 * Predictive customer lifetime value: expected purchases per period from a repeat-buying model times
 * the expected spend per purchase from Gamma-Gamma, times the margin share, discounted per period
 * (Fader, Hardie & Lee 2005b, "RFM and CLV", with a discrete discount factor per period).
 *
 * Historical CLV is the plain sum of a customer's past margin and belongs to the transaction summaries.
 */
import { type BgNbdParams, bgnbdConditionalExpectedPurchases } from './bgnbd.js';
import type { RepeatSummary } from './fit-result.js';
import { type GammaGammaParams, gammaGammaSpendEstimate } from './gamma-gamma.js';
import { type ParetoNbdParams, paretoNbdConditionalExpectedPurchases } from './pareto-nbd.js';
import { type RepeatModel, repeatModelExpectedPurchases } from './repeat-model.js';

export interface ClvOptions {
  /** Number of periods in the horizon, e.g. 12 months. */
  periods: number;
  /** Length of one period in the time unit of the summary, e.g. 52 / 12 weeks for a month. Default 1. */
  periodLength?: number;
  /** Discount rate per period, e.g. 0.01 a month. */
  discountRate: number;
  /** Share of spend that is margin, in [0, 1]. Default 1 (value = revenue). */
  margin?: number;
  /**
   * Spend of customers without a repeat purchase: `first-purchase` shrinks their first amount towards
   * the population mean (see gammaGammaSpendEstimate; needs `firstAmount`), `population` gives them
   * all the population mean. Default `population`.
   */
  oneTimeBuyerSpend?: 'first-purchase' | 'population';
}

export type ClvCustomers = Omit<RepeatSummary, 'weights'> & {
  monetaryValue: Float64Array;
  /** Net amount of each customer's first purchase (see CustomerSummary). */
  firstAmount?: Float64Array;
};

/** CLV over the horizon of each customer under BG/NBD for purchases and Gamma-Gamma for spend. */
export function clvBgNbdGammaGamma(
  bgnbd: BgNbdParams,
  gammaGamma: GammaGammaParams,
  customers: ClvCustomers,
  options: ClvOptions,
): Float64Array {
  return discountedValue(customers, gammaGamma, options, (t, x, tx, T) =>
    bgnbdConditionalExpectedPurchases(bgnbd, t, x, tx, T),
  );
}

/** CLV over the horizon of each customer under Pareto/NBD for purchases and Gamma-Gamma for spend. */
export function clvParetoNbdGammaGamma(
  paretoNbd: ParetoNbdParams,
  gammaGamma: GammaGammaParams,
  customers: ClvCustomers,
  options: ClvOptions,
): Float64Array {
  return discountedValue(customers, gammaGamma, options, (t, x, tx, T) =>
    paretoNbdConditionalExpectedPurchases(paretoNbd, t, x, tx, T),
  );
}

/** CLV over the horizon of each customer under any repeat model (see repeat-model.ts) and Gamma-Gamma. */
export function clvRepeatModelGammaGamma(
  model: RepeatModel,
  gammaGamma: GammaGammaParams,
  customers: ClvCustomers,
  options: ClvOptions,
): Float64Array {
  return discountedValue(customers, gammaGamma, options, (t, x, tx, T) =>
    repeatModelExpectedPurchases(model, t, x, tx, T),
  );
}

export type CumulativePurchases = (t: number, x: number, tx: number, T: number) => number;

/**
 * Σ_{i=1..periods} (E[Y(i·L)] − E[Y((i−1)·L)]) · E[M] · margin / (1 + d)^i: purchases expected in
 * period i are the increment of the cumulative conditional expectation.
 */
function discountedValue(
  customers: ClvCustomers,
  gammaGamma: GammaGammaParams,
  options: ClvOptions,
  expected: CumulativePurchases,
): Float64Array {
  const { periods, discountRate } = options;
  const length = options.periodLength ?? 1;
  const margin = options.margin ?? 1;
  if (!(Number.isInteger(periods) && periods >= 0)) throw new RangeError('periods must be an integer >= 0');
  if (!(discountRate > -1)) throw new RangeError('discountRate must be > -1');
  const { frequency, recency, T, monetaryValue } = customers;
  const first = options.oneTimeBuyerSpend === 'first-purchase' ? customers.firstAmount : undefined;
  const out = new Float64Array(frequency.length);
  for (let c = 0; c < frequency.length; c++) {
    const x = frequency[c];
    const spend = gammaGammaSpendEstimate(gammaGamma, x, x > 0 ? monetaryValue[c] : 0, first?.[c]).spend;
    out[c] =
      discountedPurchases(expected, x, recency[c], T[c], periods, length, discountRate) * spend * margin;
  }
  return out;
}

/** The purchases expected in each of `periods` periods of `length`, discounted per period and summed. */
export function discountedPurchases(
  expected: CumulativePurchases,
  x: number,
  tx: number,
  T: number,
  periods: number,
  length: number,
  discountRate: number,
): number {
  let previous = 0;
  let value = 0;
  for (let i = 1; i <= periods; i++) {
    const cumulative = expected(i * length, x, tx, T);
    value += (cumulative - previous) / (1 + discountRate) ** i;
    previous = cumulative;
  }
  return value;
}
