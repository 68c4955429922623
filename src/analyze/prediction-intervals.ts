/**
 * 90 % intervals of each customer's expected purchases and CLV from the uncertainty of the BG/NBD and
 * Gamma-Gamma parameters, by the delta method (see analytics/prediction-interval.ts). Expected
 * purchases depend on (x, t_x, T) alone, so they are differentiated once per distinct row. CLV is
 * spend × discounted purchases; the two fits are made on separate likelihoods and taken as
 * independent, so the variances of ln spend and ln purchases add.
 */
import { type BgNbdParams, bgnbdConditionalExpectedPurchases } from '../analytics/bgnbd.js';
import type { FitResult } from '../analytics/fit-result.js';
import { type GammaGammaParams, gammaGammaSpendEstimate } from '../analytics/gamma-gamma.js';
import { Z90 } from '../analytics/parameter-uncertainty.js';
import { deltaMethodInterval, type PredictionInterval } from '../analytics/prediction-interval.js';
import type { CustomerSummary } from '../analytics/summaries.js';
import type { ModelOptions } from './model-predictions.js';

export interface CustomerIntervals {
  expectedPurchases: PredictionInterval;
  clv?: PredictionInterval;
}

export function customerIntervals(
  bgnbd: FitResult<BgNbdParams>,
  gammaGamma: FitResult<GammaGammaParams> | undefined,
  summary: CustomerSummary,
  clv: Float64Array | undefined,
  options: ModelOptions,
): CustomerIntervals | undefined {
  if (!bgnbd.uncertainty) return undefined;
  const rows = distinctRows(summary);
  const bgTheta = Object.values(bgnbd.params).map(Math.log);
  const bgCovariance = Float64Array.from(bgnbd.uncertainty.logCovariance.flat());
  const bgAt = (t: Float64Array): BgNbdParams => ({
    r: Math.exp(t[0]),
    alpha: Math.exp(t[1]),
    a: Math.exp(t[2]),
    b: Math.exp(t[3]),
  });
  const perRow =
    (value: (p: BgNbdParams, x: number, tx: number, T: number) => number) => (t: Float64Array) => {
      const p = bgAt(t);
      return Float64Array.from(rows.x, (x, k) => value(p, x, rows.tx[k], rows.T[k]));
    };
  const purchases = deltaMethodInterval(
    perRow((p, x, tx, T) => bgnbdConditionalExpectedPurchases(p, options.horizon, x, tx, T)),
    bgTheta,
    bgCovariance,
  );
  const expectedPurchases = spread(purchases, rows.index);
  if (!(clv && gammaGamma?.uncertainty)) return { expectedPurchases };
  const length = options.horizon / options.clvPeriods;
  const discounted = deltaMethodInterval(
    perRow((p, x, tx, T) => {
      let previous = 0;
      let value = 0;
      for (let i = 1; i <= options.clvPeriods; i++) {
        const cumulative = bgnbdConditionalExpectedPurchases(p, i * length, x, tx, T);
        value += (cumulative - previous) / (1 + options.discountRate) ** i;
        previous = cumulative;
      }
      return value;
    }),
    bgTheta,
    bgCovariance,
  );
  const { frequency, monetaryValue, firstAmount } = summary;
  const spend = deltaMethodInterval(
    (t) => {
      const gg = { p: Math.exp(t[0]), q: Math.exp(t[1]), gamma: Math.exp(t[2]) };
      return Float64Array.from(
        frequency,
        (x, i) => gammaGammaSpendEstimate(gg, x, x > 0 ? monetaryValue[i] : 0, firstAmount[i]).spend,
      );
    },
    Object.values(gammaGamma.params).map(Math.log),
    Float64Array.from(gammaGamma.uncertainty.logCovariance.flat()),
  );
  const n = clv.length;
  const out: PredictionInterval = {
    lower: new Float64Array(n),
    upper: new Float64Array(n),
    logSe: new Float64Array(n),
  };
  for (let i = 0; i < n; i++) {
    if (!(clv[i] > 0)) continue;
    const se = Math.hypot(discounted.logSe[rows.index[i]], spend.logSe[i]);
    out.logSe[i] = se;
    out.lower[i] = clv[i] * Math.exp(-Z90 * se);
    out.upper[i] = clv[i] * Math.exp(Z90 * se);
  }
  return { expectedPurchases, clv: out };
}

/** The distinct (x, t_x, T) rows of the summary and each customer's row. */
function distinctRows(summary: CustomerSummary) {
  const { frequency, recency, T } = summary;
  const index = new Int32Array(frequency.length);
  const seen = new Map<string, number>();
  const x: number[] = [];
  const tx: number[] = [];
  const age: number[] = [];
  for (let i = 0; i < frequency.length; i++) {
    const key = `${frequency[i]} ${recency[i]} ${T[i]}`;
    let k = seen.get(key);
    if (k === undefined) {
      k = x.length;
      seen.set(key, k);
      x.push(frequency[i]);
      tx.push(recency[i]);
      age.push(T[i]);
    }
    index[i] = k;
  }
  return { index, x: Float64Array.from(x), tx: Float64Array.from(tx), T: Float64Array.from(age) };
}

function spread(distinct: PredictionInterval, index: Int32Array): PredictionInterval {
  const pick = (values: Float64Array) => Float64Array.from(index, (k) => values[k]);
  return { lower: pick(distinct.lower), upper: pick(distinct.upper), logSe: pick(distinct.logSe) };
}
