/**
 * The churn forecast of a customer base at an as-of day c: P(no purchase in the next N days) for
 * every customer, learnt from the same data's past.
 *
 * 1. Training split: cutoff c − L. The repeat-purchase models are fitted on the purchases up to the
 *    cutoff and compared on (c − L, c] by holdout log-likelihood (model-choice.ts); the best is chosen.
 * 2. Churn model: features at the cutoff (the chosen model's P(no purchase in L days) among them),
 *    label = no purchase in (c − L, c], logistic regression (churn-model.ts).
 * 3. Scoring: the chosen model refitted on all purchases up to c, features at c with its
 *    P(no purchase in N days), the churn model applied.
 * L is N when the history allows it; otherwise half of the history before c, so that the cutoff still
 * sees most customers. The horizon then reaches the churn model through the repeat model's
 * P(no purchase), computed for L days in training and for N days in scoring.
 */
import { badRequest } from '../errors.js';
import {
  type ChurnFeatureInput,
  type ChurnFeatures,
  type ChurnModel,
  type ChurnPrediction,
  type ChurnSignals,
  churnFeatures,
  fitChurnModel,
  predictChurn,
} from './churn-model.js';
import type { LogisticOptions } from './logistic-regression.js';
import { compareRepeatModels, type ModelComparison } from './model-choice.js';
import {
  fitRepeatModel,
  predictRepeatModel,
  type RepeatModel,
  type RepeatModelFit,
  type RepeatModelKind,
  type RepeatPredictions,
  repeatModelOf,
} from './repeat-model.js';
import {
  type CustomerSummary,
  customerSummaries,
  fittableRows,
  type Period,
  type TransactionColumns,
} from './summaries.js';

export interface ChurnForecastOptions {
  /** The as-of day c (inclusive). */
  asOf: number;
  /** N: the window of "no purchase in the next N days". Default 90. */
  horizonDays?: number;
  /** L: length of the training window before c. Default N, or half the history when that is shorter. */
  trainingDays?: number;
  /** Time unit of the repeat models. Default week. */
  unit?: Period;
  /** Spend-trend window in days. Default 90. */
  trendDays?: number;
  /** The repeat models to choose from. Default all three. */
  kinds?: readonly RepeatModelKind[];
  /** L2 penalty of the repeat-model fits (see FitOptions). */
  penalizer?: number;
  /** Options of the logistic regression. */
  logistic?: LogisticOptions;
  /**
   * The service signals of each customer (by dense customer index) as they stood at a day, when the
   * caller has them: asked for the training cutoff and for c (see forecastDays).
   */
  signalsAt?: (day: number) => ChurnSignals;
}

export interface ChurnForecast {
  asOf: number;
  horizonDays: number;
  trainingCutoff: number;
  trainingDays: number;
  /** The repeat models compared on the training split, and the one chosen. */
  comparison: ModelComparison;
  /** The chosen model refitted on all purchases up to c; absent when no model could be chosen. */
  repeatFit?: RepeatModelFit;
  repeatModel?: RepeatModel;
  churnModel: ChurnModel;
  /** The training rows: features at the cutoff and labels (1 = no purchase in the training window). */
  training: { features: ChurnFeatures; labels: Uint8Array };
  /** The customers at c, their repeat-model predictions over N days, features and churn. */
  summary: CustomerSummary;
  repeat?: RepeatPredictions;
  features: ChurnFeatures;
  prediction: ChurnPrediction;
}

const UNIT_DAYS: Record<Period, number> = { day: 1, week: 7, month: 365.25 / 12 };

export function churnForecast(tx: TransactionColumns, options: ChurnForecastOptions): ChurnForecast {
  const c = Math.floor(options.asOf);
  const horizonDays = options.horizonDays ?? 90;
  if (!(horizonDays >= 1)) throw badRequest(`the churn horizon must be at least one day, got ${horizonDays}`);
  const unit = options.unit ?? 'week';
  const unitDays = UNIT_DAYS[unit];
  const at = (asOf: number, holdoutEnd?: number) =>
    customerSummaries(tx, { asOf, holdoutEnd, period: 'day', unit, trendDays: options.trendDays });
  const summary = at(c);
  if (summary.customer.length === 0) throw badRequest('no customer bought before the as-of day');
  const trainingDays = trainingDaysOf(minimum(summary.first), c, horizonDays, options.trainingDays);
  if (!(trainingDays >= 1)) {
    throw badRequest(
      'not enough history to learn churn: the first purchase is less than two days before the as-of day',
    );
  }
  const cutoff = c - trainingDays;
  const training = at(cutoff, c);
  if (training.customer.length === 0) throw badRequest('no customer bought before the training cutoff');
  const comparison = compareRepeatModels(
    {
      calibration: training,
      holdoutFrequency: training.holdoutFrequency,
      holdoutDuration: training.holdoutDuration,
    },
    { kinds: options.kinds, penalizer: options.penalizer },
  );
  const trainingRepeat =
    comparison.model && predictRepeatModel(comparison.model, training, trainingDays / unitDays);
  const trainingFeatures = churnFeatures(
    churnFeatureInput(training, cutoff, trainingRepeat, options.signalsAt?.(cutoff)),
  );
  const labels = Uint8Array.from(training.holdoutFrequency, (y) => (y === 0 ? 1 : 0));
  const churnModel = fitChurnModel(trainingFeatures, labels, options.logistic);
  const refit = comparison.chosen ? refitAt(comparison, summary, options.penalizer) : undefined;
  const repeatModel = refit ? repeatModelOf(refit) : undefined;
  const repeat = repeatModel && predictRepeatModel(repeatModel, summary, horizonDays / unitDays);
  const features = churnFeatures(
    churnFeatureInput(summary, c, repeat, options.signalsAt?.(c)),
    churnModel.populationInterval,
  );
  return {
    asOf: c,
    horizonDays,
    trainingCutoff: cutoff,
    trainingDays,
    comparison,
    repeatFit: refit,
    repeatModel,
    churnModel,
    training: { features: trainingFeatures, labels },
    summary,
    repeat,
    features,
    prediction: predictChurn(churnModel, features),
  };
}

/** L: the given length, or N when the history before c allows it, otherwise half of that history. */
function trainingDaysOf(firstDay: number, c: number, horizonDays: number, trainingDays?: number): number {
  return trainingDays ?? Math.min(horizonDays, Math.floor((c - firstDay) / 2));
}

/**
 * The days a forecast at c asks its signals for: the training cutoff and c. `firstDay` is the first
 * purchase day up to c.
 */
export function forecastDays(
  firstDay: number,
  asOf: number,
  options: Pick<ChurnForecastOptions, 'horizonDays' | 'trainingDays'> = {},
): number[] {
  const c = Math.floor(asOf);
  return [c - trainingDaysOf(firstDay, c, options.horizonDays ?? 90, options.trainingDays), c];
}

/**
 * The chosen kind fitted on all purchases up to c. Should that fit fail or not converge where the
 * training one did, the training fit is kept: its P(no purchase) is what the churn model learnt on.
 */
function refitAt(comparison: ModelComparison, summary: CustomerSummary, penalizer?: number): RepeatModelFit {
  const trained = comparison.models.find((m) => m.kind === comparison.chosen)!.fit!;
  try {
    const fit = fitRepeatModel(trained.kind, fittableRows(summary), { penalizer });
    return fit.converged ? fit : trained;
  } catch {
    return trained;
  }
}

/** The churn model's inputs of the customers of a summary at `day`: what training and scoring build alike. */
export function churnFeatureInput(
  s: CustomerSummary,
  day: number,
  repeat?: Pick<RepeatPredictions, 'pNoPurchase'>,
  signals?: ChurnSignals,
): ChurnFeatureInput {
  const byRow = (values: Float64Array | undefined) =>
    values && Float64Array.from(s.customer, (c) => values[c] ?? 0);
  return {
    daysSinceLast: s.last.map((d) => day - d),
    medianInterval: s.medianInterval,
    frequency: s.frequency,
    total: s.total,
    recentSpend: s.recentSpend,
    previousSpend: s.previousSpend,
    tenureDays: s.first.map((d) => day - d),
    pNoPurchase: repeat?.pNoPurchase,
    interactions: byRow(signals?.interactions),
    openComplaints: byRow(signals?.openComplaints),
    slaBreaches: byRow(signals?.slaBreaches),
    satisfactionDrop: byRow(signals?.satisfactionDrop),
  };
}

function minimum(values: Float64Array): number {
  let min = Number.POSITIVE_INFINITY;
  for (const v of values) if (v < min) min = v;
  return min;
}
