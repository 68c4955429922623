/**
 * The one model fit of a workspace at an as-of day, behind every prediction of the product: the stage
 * cause's P(alive), the value card's P(alive), expected purchases and CLV, and the churn probability.
 * Pure: transactions as columns in, plain data (storable as JSON) out.
 */
import { churnForecast, forecastDays } from '../analytics/churn-forecast.js';
import { type ChurnModel, type ChurnSignals, ONE_OUTCOME } from '../analytics/churn-model.js';
import { formatDay } from '../analytics/civil-days.js';
import { fitGammaGamma, type GammaGammaParams } from '../analytics/gamma-gamma.js';
import type { ParameterUncertainty } from '../analytics/parameter-uncertainty.js';
import type { RepeatModel, RepeatModelKind } from '../analytics/repeat-model.js';
import { customerSummaries, type TransactionColumns } from '../analytics/summaries.js';
import { AppError } from '../errors.js';
import { type ChurnCheck, churnCheck } from './churn-check.js';
import { type FitDiagnostics, fitDiagnostics } from './fit-diagnostics.js';

/** P(no purchase in the next N days): N. The value card's expected purchases use the same horizon. */
export const HORIZON_DAYS = 90;

/**
 * The minimums below which no model is fitted and the predictions that need one are absent. Under 50
 * customers or 10 repeat buyers the maximum-likelihood estimates swing with a single customer; under
 * 90 days of history the churn model has no window in which to see who stayed away.
 */
export const MIN_CUSTOMERS = 50;
export const MIN_REPEAT_BUYERS = 10;
export const MIN_HISTORY_DAYS = 90;

/**
 * The candidates of the refresh's choice unless the workspace names others (model-settings.ts).
 * Pareto/NBD is not among them by default: its likelihood and its holdout probabilities need a
 * numerical series per distinct history, and on 3,000 customers in days its comparison takes 6 s
 * against under 1 s for the other two together, at every weekly refit of every workspace.
 */
export const WORKSPACE_MODELS = ['bgnbd', 'mbgnbd'] as const satisfies readonly RepeatModelKind[];

/** Why a workspace has no model: below a minimum, or no candidate's fit converged. */
export const MODEL_ABSENT_REASONS = [
  'too-few-customers',
  'too-few-repeat-buyers',
  'too-short-history',
  'no-churn-contrast',
  'not-converged',
] as const;
export type ModelAbsentReason = (typeof MODEL_ABSENT_REASONS)[number];

export interface CandidateScore {
  kind: RepeatModelKind;
  /** Fitted on the training split; null when the model could not be fitted. */
  params: Record<string, number> | null;
  converged: boolean;
  /** On the training split's holdout; null when not fitted or not finite. */
  holdoutLogLikelihood: number | null;
  holdoutMae: number | null;
  /** Why it could not be chosen. */
  reason: string | null;
}

export interface WorkspaceModel {
  /** The as-of day of the fit, YYYY-MM-DD. */
  asOf: string;
  /** The repeat models that competed; absent in fits made before a workspace could choose them. */
  compared?: RepeatModelKind[];
  /** The data it was fitted on, at the as-of. */
  data: { customers: number; repeatBuyers: number; historyDays: number };
  /** Null when the repeat model is present. */
  reason: ModelAbsentReason | null;
  /** The chosen repeat model, refitted on everything up to the as-of; time unit: days. */
  repeat: (RepeatModel & FitFigures) | null;
  /** How the candidates did on the training split (by holdout log-likelihood); null below the minimums. */
  comparison: { trainingCutoff: string; candidates: CandidateScore[] } | null;
  /** Spend per purchase; null without a repeat model or without positive repeat spend. */
  gammaGamma: ({ params: GammaGammaParams } & FitFigures) | null;
  /** P(no purchase in the next HORIZON_DAYS days); null below the minimums. */
  churn: ChurnModel | null;
  /** The churn forecast checked on the last HORIZON_DAYS days beside the baselines; null without one. */
  churnCheck: ChurnCheck | null;
  /** The repeat model against the data (see fit-diagnostics.ts); null without one, absent in older fits. */
  diagnostics?: FitDiagnostics | null;
}

export interface FitFigures {
  logLikelihood: number;
  n: number;
  converged: boolean;
  /**
   * Standard errors, 90 % intervals and the log-parameters' covariance, which the customers' intervals
   * are computed from; null when the optimum is no proper maximum, absent in older fits.
   */
  uncertainty?: ParameterUncertainty<Record<string, number>> | null;
}

/**
 * Why a fit has no churn model: the fit's own reason below the minimums, otherwise its fit did not
 * converge; null when it has one. Derived, so that fits stored before churn could be absent read alike.
 */
export function churnAbsentReason(model: WorkspaceModel): ModelAbsentReason | null {
  return model.churn ? null : (model.reason ?? 'not-converged');
}

const finiteOrNull = (v: number) => (Number.isFinite(v) ? v : null);

/**
 * The days the fit at `asOf` asks its signals for: the churn forecast's training cutoff and the
 * as-of, and the same for the check made HORIZON_DAYS before; none without a purchase up to `asOf`.
 */
export function signalDays(columns: TransactionColumns, asOf: number): number[] {
  let first = Number.POSITIVE_INFINITY;
  for (const day of columns.time) if (day <= asOf && day < first) first = day;
  if (!Number.isFinite(first)) return [];
  const check = asOf - HORIZON_DAYS;
  const days = forecastDays(first, asOf, { horizonDays: HORIZON_DAYS });
  if (check > first) days.push(...forecastDays(first, check, { horizonDays: HORIZON_DAYS }));
  return [...new Set(days)];
}

/**
 * Fits the workspace's models on its purchases up to `asOf` (a day number). `signalsAt` gives the
 * customers' service signals at each of `signalDays`, by the columns' customer index: the churn model
 * learns them as they stood at its training cutoff.
 */
export function fitWorkspaceModel(
  columns: TransactionColumns,
  asOf: number,
  signalsAt?: (day: number) => ChurnSignals,
  kinds: readonly RepeatModelKind[] = WORKSPACE_MODELS,
): WorkspaceModel {
  const summary = customerSummaries(columns, { asOf, period: 'day', unit: 'day' });
  let customers = 0;
  let repeatBuyers = 0;
  let first = Number.POSITIVE_INFINITY;
  for (let i = 0; i < summary.customer.length; i++) {
    // A customer first seen on the as-of day has T = 0: nothing observed to fit.
    if (summary.T[i] > 0) customers++;
    if (summary.frequency[i] > 0) repeatBuyers++;
    if (summary.first[i] < first) first = summary.first[i];
  }
  const data = { customers, repeatBuyers, historyDays: Number.isFinite(first) ? asOf - first : 0 };
  const compared = [...kinds];
  const absent = (reason: ModelAbsentReason): WorkspaceModel => ({
    asOf: formatDay(asOf),
    compared,
    data,
    reason,
    repeat: null,
    comparison: null,
    gammaGamma: null,
    churn: null,
    churnCheck: null,
    diagnostics: null,
  });
  if (customers < MIN_CUSTOMERS) return absent('too-few-customers');
  if (repeatBuyers < MIN_REPEAT_BUYERS) return absent('too-few-repeat-buyers');
  if (data.historyDays < MIN_HISTORY_DAYS) return absent('too-short-history');
  let forecast: ReturnType<typeof churnForecast>;
  try {
    forecast = churnForecast(columns, { asOf, horizonDays: HORIZON_DAYS, unit: 'day', kinds, signalsAt });
  } catch (error) {
    // A workspace where nobody bought lately (or everybody did) has no contrast to learn from.
    if (error instanceof AppError && error.code === ONE_OUTCOME) return absent('no-churn-contrast');
    throw error;
  }
  const comparison = {
    trainingCutoff: formatDay(forecast.trainingCutoff),
    candidates: forecast.comparison.models.map(
      (m): CandidateScore => ({
        kind: m.kind,
        params: (m.fit?.params as Record<string, number> | undefined) ?? null,
        converged: m.fit?.converged ?? false,
        holdoutLogLikelihood: finiteOrNull(m.holdoutLogLikelihood),
        holdoutMae: finiteOrNull(m.holdoutMae),
        reason: m.reason ?? null,
      }),
    ),
  };
  const fit = forecast.repeatFit;
  const repeat = fit && {
    ...(forecast.repeatModel as RepeatModel),
    logLikelihood: fit.logLikelihood,
    n: fit.n,
    converged: fit.converged,
    uncertainty: storableUncertainty(fit.uncertainty),
  };
  const chosen = forecast.comparison.model;
  return {
    asOf: formatDay(asOf),
    compared,
    data,
    reason: repeat ? null : 'not-converged',
    repeat: repeat ?? null,
    comparison,
    gammaGamma: repeat ? spendModel(summary) : null,
    // A churn model whose fit did not converge predicts nothing: its risk is absent, not guessed.
    churn: forecast.churnModel.converged ? forecast.churnModel : null,
    // Made as the forecast would have been HORIZON_DAYS ago: with less history before that day than
    // the minimum, there is nothing to check.
    churnCheck:
      data.historyDays >= MIN_HISTORY_DAYS + HORIZON_DAYS
        ? churnCheck(columns, asOf, HORIZON_DAYS, kinds, signalsAt)
        : null,
    diagnostics:
      repeat && chosen
        ? fitDiagnostics({
            columns,
            asOf,
            summary,
            horizonDays: HORIZON_DAYS,
            model: repeat,
            trainingCutoff: forecast.trainingCutoff,
            trainingModel: chosen,
          })
        : null,
  };
}

// A spend model whose mean spend per purchase is off the repeat buyers' mean by more than this factor
// predicts no CLV: the mark of a fit that ran off on too little data (the CLV of a small workspace in
// the billions). Within it, a fit stopped short of convergence still predicts: spend that varies
// little between customers drives q towards infinity, and the optimiser stops on the plateau.
const SPEND_FACTOR = 10;

/** Gamma-Gamma on the repeat buyers' spend; none without positive repeat spend or when implausible. */
function spendModel(summary: Parameters<typeof fitGammaGamma>[0]): WorkspaceModel['gammaGamma'] {
  let fit: ReturnType<typeof fitGammaGamma>;
  try {
    fit = fitGammaGamma(summary);
  } catch (error) {
    if (error instanceof AppError && error.status === 400) return null;
    throw error;
  }
  const { p, q, gamma } = fit.params;
  // E[M] = pγ / (q − 1) (Fader, Hardie & Lee 2005b), against the observed mean of the repeat buyers.
  const mean = q > 1 ? (p * gamma) / (q - 1) : Number.POSITIVE_INFINITY;
  let sum = 0;
  let buyers = 0;
  for (let i = 0; i < summary.frequency.length; i++) {
    if (summary.frequency[i] > 0 && summary.monetaryValue[i] > 0) {
      sum += summary.monetaryValue[i];
      buyers++;
    }
  }
  const observed = sum / buyers;
  if (!(mean >= observed / SPEND_FACTOR && mean <= observed * SPEND_FACTOR)) return null;
  return {
    params: fit.params,
    logLikelihood: fit.logLikelihood,
    n: fit.n,
    converged: fit.converged,
    uncertainty: storableUncertainty(fit.uncertainty),
  };
}

/**
 * A fit's uncertainty as stored: none when a standard error or a bound is not finite (a fit on a
 * plateau), which JSON could not hold anyway.
 */
function storableUncertainty<P extends object>(
  uncertainty: ParameterUncertainty<P> | undefined,
): ParameterUncertainty<Record<string, number>> | null {
  if (!uncertainty) return null;
  const u = uncertainty as unknown as ParameterUncertainty<Record<string, number>>;
  const values = [...Object.values(u.standardErrors), ...Object.values(u.intervals).flat()];
  return values.every(Number.isFinite) ? u : null;
}
