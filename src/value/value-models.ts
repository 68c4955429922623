import { type Backtest, backtest } from '../analytics/backtest.js';
import { type BgNbdParams, fitBgNbd } from '../analytics/bgnbd.js';
import type { FitResult } from '../analytics/fit-result.js';
import { fitGammaGamma, type GammaGammaParams } from '../analytics/gamma-gamma.js';
import { type CustomerSummary, fittableRows, type TransactionColumns } from '../analytics/summaries.js';
import { AppError } from '../errors.js';

/** How the BG/NBD and Gamma-Gamma models of a workspace were fitted, and how they did on a holdout. */
export interface ValueModels {
  asOf: number;
  bgnbd: FitResult<BgNbdParams> | null;
  gammaGamma: (FitResult<GammaGammaParams> & { skipped: number }) | null;
  /** Undefined: the stored backtest, less than a week old, stands (see BACKTEST_DAYS). */
  backtest?: BacktestFigures | null;
  warnings: string[];
}

export interface BacktestFigures {
  calibrationEnd: number;
  holdoutEnd: number;
  customers: number;
  actualTotal: number;
  predictedTotal: number | null;
  mae: number | null;
  correlation: number | null;
  churnAuc: number | null;
  pAliveAuc: number | null;
  /** Weekly cumulative repeat purchases from the first purchase to the holdout end, actual and expected. */
  tracking: { weekEnd: number; actual: number; model: number }[];
  /** Mean holdout purchases by number of calibration repeat purchases, actual and predicted. */
  byFrequency: { frequency: number; customers: number; actual: number; predicted: number }[];
}

/** The holdout of the backtest, and the horizon of the expected purchases: one quarter. */
export const HORIZON_DAYS = 90;

/**
 * A backtest is redone when the stored one ends a week or more before the as-of. Its quarter of
 * holdout moves by a day with each daily refit, which changes its figures little, and it costs half
 * of the refit (at a million customers, a second fit, a million predictions and two ROC curves).
 */
export const BACKTEST_DAYS = 7;

/**
 * Fits both models on the summary (in days) and backtests BG/NBD on the last 90 days, unless the stored
 * backtest is recent enough (BACKTEST_DAYS). A model the
 * data cannot support (nobody bought twice, no positive repeat spend) is left out with a warning, so
 * that the scores which need no model are still stored.
 */
export function fitValueModels(
  columns: TransactionColumns,
  summary: CustomerSummary,
  asOf: number,
  /** The holdout end of the stored backtest, if any. */
  storedBacktestEnd: number | null = null,
): ValueModels {
  const warnings: string[] = [];
  const rows = fittableRows(summary);
  const bgnbd = rows.frequency.some((x) => x > 0)
    ? attempt(() => fitBgNbd(rows), warnings, 'BG/NBD')
    : skip(warnings, 'BG/NBD: no customer has a repeat purchase');
  const gammaGamma = bgnbd ? attempt(() => fitGammaGamma(summary), warnings, 'Gamma-Gamma') : null;
  if (bgnbd && !bgnbd.converged)
    warnings.push('BG/NBD: the fit did not converge; its predictions are uncertain');
  if (gammaGamma && !gammaGamma.converged)
    warnings.push('Gamma-Gamma: the fit did not converge; its spend and CLV predictions are uncertain');
  return {
    asOf,
    bgnbd,
    gammaGamma,
    backtest: !bgnbd
      ? null
      : storedBacktestEnd !== null && asOf >= storedBacktestEnd && asOf - storedBacktestEnd < BACKTEST_DAYS
        ? undefined
        : holdoutCheck(columns, asOf, warnings),
    warnings,
  };
}

function holdoutCheck(columns: TransactionColumns, asOf: number, warnings: string[]): BacktestFigures | null {
  const calibrationEnd = asOf - HORIZON_DAYS;
  const result = attempt(
    () => backtest(columns, { calibrationEnd, holdoutEnd: asOf, unit: 'day' }),
    warnings,
    'backtest',
  );
  if (!result) return null;
  return {
    calibrationEnd,
    holdoutEnd: asOf,
    customers: result.customers,
    actualTotal: result.actualTotal,
    predictedTotal: finiteOrNull(result.predictedTotal),
    mae: finiteOrNull(result.mae),
    correlation: finiteOrNull(result.correlation),
    churnAuc: finiteOrNull(result.churnAuc),
    pAliveAuc: finiteOrNull(result.pAliveAuc),
    ...holdoutSeries(result),
  };
}

/** The backtest's charts; none when the calibration fit predicts nothing finite (too little data). */
function holdoutSeries(result: Backtest): Pick<BacktestFigures, 'tracking' | 'byFrequency'> {
  const { tracking, summary, predicted } = result;
  if (!tracking.model.every(Number.isFinite) || !predicted.every(Number.isFinite))
    return { tracking: [], byFrequency: [] };
  return {
    tracking: Array.from(tracking.weekEnd, (weekEnd, w) => ({
      weekEnd,
      actual: tracking.actual[w],
      model: tracking.model[w],
    })),
    byFrequency: holdoutByFrequency(summary.frequency, summary.holdoutFrequency, predicted),
  };
}

/** The conditional-expectation check: customers grouped by calibration repeat purchases, their mean holdout purchases. */
export function holdoutByFrequency(
  frequency: Float64Array,
  actual: Float64Array,
  predicted: Float64Array,
): BacktestFigures['byFrequency'] {
  const groups = new Map<number, { customers: number; actual: number; predicted: number }>();
  for (let i = 0; i < frequency.length; i++) {
    const group = groups.get(frequency[i]) ?? { customers: 0, actual: 0, predicted: 0 };
    group.customers++;
    group.actual += actual[i];
    group.predicted += predicted[i];
    groups.set(frequency[i], group);
  }
  return [...groups]
    .sort(([a], [b]) => a - b)
    .map(([f, g]) => ({
      frequency: f,
      customers: g.customers,
      actual: g.actual / g.customers,
      predicted: g.predicted / g.customers,
    }));
}

/**
 * Parameters fit to predict with. As in `clm analyze`, a fit that stopped short of convergence still
 * predicts (small workspaces rarely converge fully; the fit report and its warning say so), but
 * parameters at a degenerate bound (0, ∞, NaN) cannot be evaluated.
 */
export function usableParams<P>(fit: FitResult<P> | null): P | null {
  if (!fit) return null;
  const values = Object.values(fit.params as Record<string, number>);
  return values.every((v) => Number.isFinite(v) && v > 0) ? fit.params : null;
}

const finiteOrNull = (v: number) => (Number.isFinite(v) ? v : null);

function skip(warnings: string[], message: string): null {
  warnings.push(message);
  return null;
}

/** Runs a fit; data the model cannot use (a 400 from the engine) becomes a warning. */
function attempt<T>(fit: () => T, warnings: string[], model: string): T | null {
  try {
    return fit();
  } catch (error) {
    if (!(error instanceof AppError && error.status === 400)) throw error;
    warnings.push(`${model}: ${error.message}`);
    return null;
  }
}
