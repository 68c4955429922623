import { type BgNbdParams, bgnbdConditionalExpectedPurchases, bgnbdPAlive } from '../analytics/bgnbd.js';
import { clvBgNbdGammaGamma } from '../analytics/clv.js';
import { type GammaGammaParams, gammaGammaConditionalExpectedSpend } from '../analytics/gamma-gamma.js';
import { bgnbdNoPurchaseProbability } from '../analytics/no-purchase-probability.js';
import type { CustomerSummary } from '../analytics/summaries.js';

export interface PredictionOptions {
  /** Horizon of the expected purchases and no-purchase probability, in days. */
  horizon: number;
  /** CLV horizon in days, in `clvPeriods` discounting steps at `discountRate` each. */
  clvDays: number;
  clvPeriods: number;
  discountRate: number;
}

export interface CustomerPredictions {
  pAlive: Float64Array;
  expectedPurchases: Float64Array;
  pNoPurchase: Float64Array;
  /** Without a Gamma-Gamma fit there is no spend, so no CLV either. */
  expectedAvgSpend: Float64Array | null;
  clv: Float64Array | null;
}

/** Per-customer predictions from fitted parameters (summary in days). */
export function predictCustomers(
  summary: CustomerSummary,
  bgnbd: BgNbdParams,
  gammaGamma: GammaGammaParams | null,
  options: PredictionOptions,
): CustomerPredictions {
  const n = summary.customer.length;
  const { frequency: x, recency, T, monetaryValue } = summary;
  const pAlive = new Float64Array(n);
  const expectedPurchases = new Float64Array(n);
  const pNoPurchase = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    pAlive[i] = bgnbdPAlive(bgnbd, x[i], recency[i], T[i]);
    expectedPurchases[i] = bgnbdConditionalExpectedPurchases(bgnbd, options.horizon, x[i], recency[i], T[i]);
    pNoPurchase[i] = bgnbdNoPurchaseProbability(bgnbd, options.horizon, x[i], recency[i], T[i]);
  }
  if (!gammaGamma) return { pAlive, expectedPurchases, pNoPurchase, expectedAvgSpend: null, clv: null };
  const expectedAvgSpend = Float64Array.from(x, (xi, i) =>
    gammaGammaConditionalExpectedSpend(gammaGamma, xi, xi > 0 ? monetaryValue[i] : 0),
  );
  const clv = clvBgNbdGammaGamma(bgnbd, gammaGamma, summary, {
    periods: options.clvPeriods,
    periodLength: options.clvDays / options.clvPeriods,
    discountRate: options.discountRate,
  });
  return { pAlive, expectedPurchases, pNoPurchase, expectedAvgSpend, clv };
}
