import { type ClvOptions, clvRepeatModelGammaGamma } from '../analytics/clv.js';
import { gammaGammaSpendEstimate } from '../analytics/gamma-gamma.js';
import { predictRepeatModel } from '../analytics/repeat-model.js';
import { type RepeatModelIntervals, repeatModelIntervals } from '../analytics/repeat-model-intervals.js';
import type { CustomerSummary } from '../analytics/summaries.js';
import type { WorkspaceModel } from '../scoring/workspace-model.js';

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
  /** Without a spend model there is no spend, so no CLV either. */
  expectedAvgSpend: Float64Array | null;
  clv: Float64Array | null;
}

/**
 * Per-customer predictions from the workspace's fit (summary in days): the repeat model it chose for
 * purchases, Gamma-Gamma for spend. Null without a repeat model (see WorkspaceModel.reason).
 */
export function predictCustomers(
  summary: CustomerSummary,
  model: WorkspaceModel,
  options: PredictionOptions,
): CustomerPredictions | null {
  const repeat = model.repeat;
  if (!repeat) return null;
  const predicted = predictRepeatModel(repeat, summary, options.horizon);
  const gammaGamma = model.gammaGamma?.params;
  if (!gammaGamma) return { ...predicted, expectedAvgSpend: null, clv: null };
  const { frequency: x, monetaryValue, firstAmount } = summary;
  // A one-time buyer's spend is their first amount shrunk towards the population mean (see
  // gammaGammaSpendEstimate), not the same population mean for all of them.
  const expectedAvgSpend = Float64Array.from(
    x,
    (xi, i) => gammaGammaSpendEstimate(gammaGamma, xi, xi > 0 ? monetaryValue[i] : 0, firstAmount[i]).spend,
  );
  const clv = clvRepeatModelGammaGamma(repeat, gammaGamma, summary, clvOptions(options));
  return { ...predicted, expectedAvgSpend, clv };
}

function clvOptions(options: PredictionOptions): ClvOptions {
  return {
    periods: options.clvPeriods,
    periodLength: options.clvDays / options.clvPeriods,
    discountRate: options.discountRate,
    oneTimeBuyerSpend: 'first-purchase',
  };
}

/**
 * 90 % intervals of the expected purchases and CLV of predictCustomers, from the uncertainty of the
 * workspace's fits (delta method, see repeat-model-intervals.ts); null when the repeat fit has none.
 * About a hundred model evaluations per customer for CLV: meant for a few customers at a time.
 */
export function predictionIntervals(
  summary: CustomerSummary,
  model: WorkspaceModel,
  options: PredictionOptions,
): RepeatModelIntervals | null {
  const { repeat, gammaGamma } = model;
  if (!repeat?.uncertainty) return null;
  const spend = gammaGamma?.uncertainty
    ? { params: gammaGamma.params, logCovariance: gammaGamma.uncertainty.logCovariance }
    : undefined;
  return repeatModelIntervals(
    { kind: repeat.kind, params: repeat.params, logCovariance: repeat.uncertainty.logCovariance },
    spend,
    summary,
    { horizon: options.horizon, clv: clvOptions(options) },
  );
}
