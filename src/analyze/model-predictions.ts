import { clvRepeatModelGammaGamma } from '../analytics/clv.js';
import type { FitResult } from '../analytics/fit-result.js';
import {
  fitGammaGamma,
  frequencyMonetaryCorrelation,
  type GammaGammaParams,
  gammaGammaSpendEstimate,
} from '../analytics/gamma-gamma.js';
import {
  fitRepeatModel,
  predictRepeatModel,
  type RepeatModelFit,
  type RepeatModelKind,
  repeatModelOf,
} from '../analytics/repeat-model.js';
import { type RepeatModelIntervals, repeatModelIntervals } from '../analytics/repeat-model-intervals.js';
import { type CustomerSummary, fittableRows } from '../analytics/summaries.js';
import { AppError } from '../errors.js';

export interface ModelOptions {
  /** The repeat-purchase model. Default BG/NBD. */
  model?: RepeatModelKind;
  /** Horizon of the predictions, in summary time units. */
  horizon: number;
  /** Number of discounting steps over the horizon and the discount rate per step. */
  clvPeriods: number;
  discountRate: number;
  penalizer?: number;
}

export interface ModelPredictions {
  repeat: RepeatModelFit;
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
  intervals?: RepeatModelIntervals;
}

/** The models' names as warnings and the report say them. */
export const MODEL_NAMES: Record<RepeatModelKind, string> = {
  bgnbd: 'BG/NBD',
  mbgnbd: 'MBG/NBD',
  'pareto-nbd': 'Pareto/NBD',
};

/**
 * Fits the repeat model (BG/NBD unless another is asked for) and Gamma-Gamma to the summary and
 * predicts every customer. A model that cannot be fitted (no repeat purchase at all, no positive
 * repeat spend) is left out with a warning: the customer scores that need no model are still worth
 * having.
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
  const kind = options.model ?? 'bgnbd';
  const name = MODEL_NAMES[kind];
  const repeat = attempt(() => fitRepeatModel(kind, rows, { penalizer: options.penalizer }), warnings, name);
  if (!repeat) return { warnings };
  if (!repeat.converged) warnings.push(`the ${name} fit did not converge; its predictions are uncertain`);
  const model = repeatModelOf(repeat);
  const predictions: ModelPredictions = {
    repeat,
    frequencyMonetaryCorrelation: frequencyMonetaryCorrelation(summary.frequency, summary.monetaryValue),
    ...predictRepeatModel(model, summary, options.horizon),
  };
  const gammaGamma = attempt(
    () => fitGammaGamma(summary, { penalizer: options.penalizer }),
    warnings,
    'Gamma-Gamma',
  );
  const clvOptions = {
    periods: options.clvPeriods,
    periodLength: options.horizon / options.clvPeriods,
    discountRate: options.discountRate,
    oneTimeBuyerSpend: 'first-purchase' as const,
  };
  const n = summary.customer.length;
  const { frequency: x } = summary;
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
    predictions.clv = clvRepeatModelGammaGamma(model, gammaGamma.params, summary, clvOptions);
  }
  if (repeat.uncertainty) {
    predictions.intervals = repeatModelIntervals(
      { ...model, logCovariance: repeat.uncertainty.logCovariance },
      gammaGamma?.uncertainty
        ? { params: gammaGamma.params, logCovariance: gammaGamma.uncertainty.logCovariance }
        : undefined,
      summary,
      { horizon: options.horizon, clv: clvOptions },
    );
  }
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
