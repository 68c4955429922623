/**
 * Choosing the repeat-purchase model by how well it predicts a holdout: each model is fitted on the
 * calibration period and scored by the holdout log-likelihood, Σ ln P(Y = y_i | x_i, t_x,i, T_i), the
 * probability it gave to the number of purchases each customer then made. This is a proper scoring
 * rule over the whole count distribution (a model is not rewarded for a right mean with a wrong
 * spread) and needs no tuning; the mean absolute error of the expected counts is reported beside it.
 */
import { AppError } from '../errors.js';
import type { FitOptions, RepeatSummary } from './fit-result.js';
import {
  fitRepeatModel,
  REPEAT_MODELS,
  type RepeatModel,
  type RepeatModelFit,
  type RepeatModelKind,
  repeatModelAliveProbabilityOfPurchases,
  repeatModelExpectedPurchases,
  repeatModelOf,
  repeatModelPAlive,
} from './repeat-model.js';

export interface HoldoutCounts {
  /** Calibration summary: one row per customer (T = 0 rows are predicted but not fitted). */
  calibration: Omit<RepeatSummary, 'weights'>;
  /** Purchases of each row's customer in the holdout, and the holdout's length in the same unit as T. */
  holdoutFrequency: Float64Array;
  holdoutDuration: number;
}

export interface ModelScore {
  kind: RepeatModelKind;
  /** Absent when the model could not be fitted (see `reason`). */
  fit?: RepeatModelFit;
  holdoutLogLikelihood: number;
  /** Mean absolute error of expected against actual holdout purchases per customer. */
  holdoutMae: number;
  predictedTotal: number;
  actualTotal: number;
  /** Why the model cannot be chosen: not fitted, or its fit did not converge. */
  reason?: string;
}

export interface ModelComparison {
  criterion: 'holdout-log-likelihood';
  models: ModelScore[];
  /** The converged model with the highest holdout log-likelihood; absent when none converged. */
  chosen?: RepeatModelKind;
  /** The chosen model's parameters, fitted on the calibration period. */
  model?: RepeatModel;
}

/**
 * Fits BG/NBD, MBG/NBD and Pareto/NBD (or `kinds`) on the calibration rows and scores each on the
 * holdout counts. Ties go to the earlier kind in the list, the simpler model first.
 */
export function compareRepeatModels(
  data: HoldoutCounts,
  options: FitOptions & { kinds?: readonly RepeatModelKind[] } = {},
): ModelComparison {
  const { calibration, holdoutFrequency } = data;
  const fittable = fittableSummary(calibration);
  const actualTotal = holdoutFrequency.reduce((s, y) => s + y, 0);
  const models: ModelScore[] = [];
  for (const kind of options.kinds ?? REPEAT_MODELS) {
    let fit: RepeatModelFit;
    try {
      fit = fitRepeatModel(kind, fittable, options);
    } catch (error) {
      if (!(error instanceof AppError && error.status === 400)) throw error;
      models.push({
        kind,
        holdoutLogLikelihood: Number.NaN,
        holdoutMae: Number.NaN,
        predictedTotal: Number.NaN,
        actualTotal,
        reason: error.message,
      });
      continue;
    }
    const score = holdoutScore(repeatModelOf(fit), data);
    models.push({
      kind,
      fit,
      ...score,
      actualTotal,
      ...(fit.converged ? {} : { reason: `the ${kind} fit did not converge` }),
    });
  }
  let best: ModelScore | undefined;
  for (const m of models) {
    if (m.reason || !Number.isFinite(m.holdoutLogLikelihood)) continue;
    if (!best || m.holdoutLogLikelihood > best.holdoutLogLikelihood) best = m;
  }
  return {
    criterion: 'holdout-log-likelihood',
    models,
    chosen: best?.kind,
    model: best?.fit && repeatModelOf(best.fit),
  };
}

/**
 * Holdout log-likelihood, MAE and predicted total of one model. Equal histories share the work, and
 * the count distribution of a customer alive at T, the costly part (an integral for Pareto/NBD), is
 * shared by all histories with the same x and T.
 */
export function holdoutScore(model: RepeatModel, data: HoldoutCounts) {
  const { frequency: x, recency, T } = data.calibration;
  const y = data.holdoutFrequency;
  const t = data.holdoutDuration;
  const byHistory = new Map<string, { alive: number; expected: number }>();
  const ifAlive = new Map<string, number>();
  let holdoutLogLikelihood = 0;
  let absError = 0;
  let predictedTotal = 0;
  for (let i = 0; i < x.length; i++) {
    const history = `${x[i]} ${recency[i]} ${T[i]}`;
    let h = byHistory.get(history);
    if (h === undefined) {
      h = {
        alive: repeatModelPAlive(model, x[i], recency[i], T[i]),
        expected: repeatModelExpectedPurchases(model, t, x[i], recency[i], T[i]),
      };
      byHistory.set(history, h);
    }
    const key = `${x[i]} ${T[i]} ${y[i]}`;
    let p = ifAlive.get(key);
    if (p === undefined) {
      p = repeatModelAliveProbabilityOfPurchases(model, t, y[i], x[i], T[i]);
      ifAlive.set(key, p);
    }
    holdoutLogLikelihood += Math.log((y[i] === 0 ? 1 - h.alive : 0) + h.alive * p);
    absError += Math.abs(h.expected - y[i]);
    predictedTotal += h.expected;
  }
  return { holdoutLogLikelihood, holdoutMae: absError / x.length, predictedTotal };
}

function fittableSummary(s: Omit<RepeatSummary, 'weights'>): Omit<RepeatSummary, 'weights'> {
  if (s.T.every((t) => t > 0)) return s;
  const pick = (c: Float64Array) => c.filter((_, i) => s.T[i] > 0);
  return { frequency: pick(s.frequency), recency: pick(s.recency), T: pick(s.T) };
}
