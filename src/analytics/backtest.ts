import type { BgNbdParams } from './bgnbd.js';
import { bgnbdConditionalExpectedPurchases, bgnbdPAlive, fitBgNbd } from './bgnbd.js';
import { type ChurnOptions, churnRisk } from './churn.js';
import type { FitResult } from './fit-result.js';
import { bgnbdNoPurchaseProbability } from './no-purchase-probability.js';
import { rocAuc } from './roc-auc.js';
import {
  type CustomerSummary,
  customerSummaries,
  fittableRows,
  lastDay,
  type Period,
  type TransactionColumns,
} from './summaries.js';
import { type TrackingSeries, trackingSeries } from './tracking-series.js';

export interface BacktestOptions {
  /** Last day of the calibration period (inclusive). */
  calibrationEnd: number;
  /** Last day of the holdout (inclusive); default the last day in the data. */
  holdoutEnd?: number;
  /** Purchases in the same period count once. Default day. */
  period?: Period;
  /** Time unit of the model: the period, or any unit for a daily merge. Default week for a daily merge. */
  unit?: Period;
  penalizer?: number;
  /** Length of the spend-trend windows of the churn score, in days. Default 90. */
  trendDays?: number;
  churn?: ChurnOptions;
}

export interface Backtest {
  fit: FitResult<BgNbdParams>;
  /** Customers with a first purchase in calibration, and the holdout length in units. */
  customers: number;
  holdoutDuration: number;
  actualTotal: number;
  predictedTotal: number;
  /** Mean absolute error of predicted holdout purchases per customer. */
  mae: number;
  /** Pearson correlation of predicted and actual holdout purchases. */
  correlation: number;
  tracking: TrackingSeries;
  /** AUC for "no purchase in the holdout": churn risk, and 1 − P(alive) alone. */
  churnAuc: number;
  pAliveAuc: number;
  summary: CustomerSummary;
  predicted: Float64Array;
}

const UNIT_DAYS: Record<Period, number> = { day: 1, week: 7, month: 365.25 / 12 };

/**
 * Fits BG/NBD on the calibration period and checks it on the holdout: per-customer holdout
 * purchases (MAE, correlation), the weekly tracking series, and how well churn risk scored at the
 * calibration end ranks the customers who then did not buy again.
 */
export function backtest(tx: TransactionColumns, options: BacktestOptions): Backtest {
  const period = options.period ?? 'day';
  const unit = options.unit ?? (period === 'day' ? 'week' : period);
  const holdoutEnd = options.holdoutEnd ?? lastDay(tx);
  const summary = customerSummaries(tx, {
    asOf: options.calibrationEnd,
    holdoutEnd,
    period,
    unit,
    trendDays: options.trendDays,
  });
  const fit = fitBgNbd(fittableRows(summary), { penalizer: options.penalizer });
  const n = summary.customer.length;
  const predicted = new Float64Array(n);
  const pAlive = new Float64Array(n);
  const pNoPurchase = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const [x, tx_, T] = [summary.frequency[i], summary.recency[i], summary.T[i]];
    predicted[i] = bgnbdConditionalExpectedPurchases(fit.params, summary.holdoutDuration, x, tx_, T);
    pAlive[i] = bgnbdPAlive(fit.params, x, tx_, T);
    pNoPurchase[i] = bgnbdNoPurchaseProbability(fit.params, summary.holdoutDuration, x, tx_, T);
  }
  const actual = summary.holdoutFrequency;
  const lapsed = Uint8Array.from(actual, (a) => (a === 0 ? 1 : 0));
  const risk = churnAtCalibrationEnd(summary, pAlive, pNoPurchase, options);
  return {
    fit,
    customers: n,
    holdoutDuration: summary.holdoutDuration,
    actualTotal: sum(actual),
    predictedTotal: sum(predicted),
    mae: meanAbsoluteError(predicted, actual),
    correlation: pearson(predicted, actual),
    tracking: trackingSeries(
      tx,
      summary,
      { kind: 'bgnbd', params: fit.params },
      holdoutEnd,
      UNIT_DAYS[unit],
      period,
    ),
    churnAuc: rocAuc(risk, lapsed),
    pAliveAuc: rocAuc(
      pAlive.map((p) => 1 - p),
      lapsed,
    ),
    summary,
    predicted,
  };
}

function churnAtCalibrationEnd(
  summary: CustomerSummary,
  pAlive: Float64Array,
  pNoPurchase: Float64Array,
  options: BacktestOptions,
): Float64Array {
  const end = options.calibrationEnd;
  return churnRisk(
    {
      daysSinceLast: summary.last.map((d) => end - d),
      medianInterval: summary.medianInterval,
      pAlive,
      pNoPurchase,
      recentSpend: summary.recentSpend,
      previousSpend: summary.previousSpend,
    },
    options.churn,
  ).risk;
}

export function meanAbsoluteError(predicted: Float64Array, actual: Float64Array): number {
  let total = 0;
  for (let i = 0; i < predicted.length; i++) total += Math.abs(predicted[i] - actual[i]);
  return total / predicted.length;
}

export function pearson(a: Float64Array, b: Float64Array): number {
  const ma = sum(a) / a.length;
  const mb = sum(b) / b.length;
  let ab = 0;
  let aa = 0;
  let bb = 0;
  for (let i = 0; i < a.length; i++) {
    ab += (a[i] - ma) * (b[i] - mb);
    aa += (a[i] - ma) ** 2;
    bb += (b[i] - mb) ** 2;
  }
  return ab / Math.sqrt(aa * bb);
}

function sum(values: Float64Array): number {
  let total = 0;
  for (let i = 0; i < values.length; i++) total += values[i];
  return total;
}
