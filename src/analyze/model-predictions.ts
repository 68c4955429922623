import {
  type BgNbdParams,
  bgnbdConditionalExpectedPurchases,
  bgnbdPAlive,
  fitBgNbd,
} from '../analytics/bgnbd.js';
import { clvBgNbdGammaGamma } from '../analytics/clv.js';
import type { FitResult } from '../analytics/fit-result.js';
import {
  fitGammaGamma,
  frequencyMonetaryCorrelation,
  type GammaGammaParams,
  gammaGammaSpendEstimate,
} from '../analytics/gamma-gamma.js';
import { bgnbdNoPurchaseProbability } from '../analytics/no-purchase-probability.js';
import { type CustomerSummary, fittableRows } from '../analytics/summaries.js';
import { AppError } from '../errors.js';
import { type CustomerIntervals, customerIntervals } from './prediction-intervals.js';

export interface ModelOptions {
  /** Horizon of the predictions, in summary time units. */
  horizon: number;
  /** Number of discounting steps over the horizon and the discount rate per step. */
  clvPeriods: number;
  discountRate: number;
  penalizer?: number;
}

export interface ModelPredictions {
  bgnbd: FitResult<BgNbdParams>;
  gammaGamma?: FitResult<GammaGammaParams> & { skipped: number };
  /** Pearson correlation of frequency and mean spend: Gamma-Gamma assumes it is near 0. */
  frequencyMonetaryCorrelation: number;
  pAlive: Float64Array;
  /** Purchases expected over the horizon. */
  expectedPurchases: Float64Array;
  /** Probability of no purchase over the horizon. */
  pNoPurchase: Float64Array;
  expectedAvgSpend?: Float64Array;
  clv?: Float64Array;
  /** 90 % intervals of expected purchases and CLV from parameter uncertainty (delta method). */
  intervals?: CustomerIntervals;
}

/**
 * Fits BG/NBD and Gamma-Gamma to the summary and predicts every customer. A model that cannot be
 * fitted (no repeat purchase at all, no positive repeat spend) is left out with a warning: the
 * customer scores that need no model are still worth having.
 */
export function predictWithModels(
  summary: CustomerSummary,
  options: ModelOptions,
): { predictions?: ModelPredictions; warnings: string[] } {
  const warnings: string[] = [];
  const rows = fittableRows(summary);
  if (rows.T.length === 0) {
    warnings.push('no customer bought before the as-of date: there is nothing to fit the models to');
    return { warnings };
  }
  const bgnbd = attempt(() => fitBgNbd(rows, { penalizer: options.penalizer }), warnings, 'BG/NBD');
  if (!bgnbd) return { warnings };
  if (!bgnbd.converged) warnings.push('the BG/NBD fit did not converge; its predictions are uncertain');
  const n = summary.customer.length;
  const pAlive = new Float64Array(n);
  const expectedPurchases = new Float64Array(n);
  const pNoPurchase = new Float64Array(n);
  const { frequency: x, recency, T } = summary;
  for (let i = 0; i < n; i++) {
    pAlive[i] = bgnbdPAlive(bgnbd.params, x[i], recency[i], T[i]);
    expectedPurchases[i] = bgnbdConditionalExpectedPurchases(
      bgnbd.params,
      options.horizon,
      x[i],
      recency[i],
      T[i],
    );
    pNoPurchase[i] = bgnbdNoPurchaseProbability(bgnbd.params, options.horizon, x[i], recency[i], T[i]);
  }
  const predictions: ModelPredictions = {
    bgnbd,
    frequencyMonetaryCorrelation: frequencyMonetaryCorrelation(summary.frequency, summary.monetaryValue),
    pAlive,
    expectedPurchases,
    pNoPurchase,
  };
  const gammaGamma = attempt(
    () => fitGammaGamma(summary, { penalizer: options.penalizer }),
    warnings,
    'Gamma-Gamma',
  );
  if (gammaGamma) {
    if (!gammaGamma.converged)
      warnings.push('the Gamma-Gamma fit did not converge; its spend predictions are uncertain');
    predictions.gammaGamma = gammaGamma;
    // A loop: Float64Array.from with a mapping function is several times slower over a million rows.
    const spend = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      // One-time buyers: their first amount shrunk towards the population mean, not the mean alone.
      spend[i] = gammaGammaSpendEstimate(
        gammaGamma.params,
        x[i],
        x[i] > 0 ? summary.monetaryValue[i] : 0,
        summary.firstAmount[i],
      ).spend;
    }
    predictions.expectedAvgSpend = spend;
    predictions.clv = clvBgNbdGammaGamma(bgnbd.params, gammaGamma.params, summary, {
      periods: options.clvPeriods,
      periodLength: options.horizon / options.clvPeriods,
      discountRate: options.discountRate,
      oneTimeBuyerSpend: 'first-purchase',
    });
  }
  predictions.intervals = customerIntervals(bgnbd, gammaGamma, summary, predictions.clv, options);
  return { predictions, warnings };
}

/** Runs a fit; a validation error (data the model cannot use) becomes a warning. */
function attempt<T>(fit: () => T, warnings: string[], model: string): T | undefined {
  try {
    return fit();
  } catch (error) {
    if (!(error instanceof AppError && error.status === 400)) throw error;
    warnings.push(`${model} cannot be fitted: ${error.message.replace(/^cannot fit [\w/-]+: /, '')}`);
    return undefined;
  }
}
