/**
 * How well churn is forecast, beside the baselines it must beat: the churn forecast is made at the
 * calibration end c exactly as it would be that day (it learns from c's past only, see
 * churn-forecast.ts) with N = the holdout's length, and checked against who then made no purchase in
 * the holdout. Three scores are compared by AUC, Brier score and a reliability table:
 * - the churn model;
 * - days since the last purchase alone, turned into a probability by a logistic regression on the
 *   same training split (AUC does not depend on that mapping; Brier and reliability need one);
 * - the chosen repeat-purchase model's P(no purchase in the holdout) alone.
 */
import { brierScore } from './brier-score.js';
import { type ChurnForecast, type ChurnForecastOptions, churnForecast } from './churn-forecast.js';
import { type ChurnFeatures, fitChurnModel, predictChurn } from './churn-model.js';
import { type ReliabilityBin, reliabilityTable } from './reliability-table.js';
import type { RepeatModelKind } from './repeat-model.js';
import { rocAuc } from './roc-auc.js';
import { customerSummaries, lastDay, type TransactionColumns } from './summaries.js';

export interface ScoreCheck {
  auc: number;
  brier: number;
  /** Deciles of the predicted probability: mean predicted against observed rate. */
  reliability: ReliabilityBin[];
}

export interface ChurnBacktest {
  calibrationEnd: number;
  holdoutEnd: number;
  /** Customers with a first purchase by the calibration end, and the share of them with no holdout purchase. */
  customers: number;
  lapsedRate: number;
  forecast: ChurnForecast;
  churnModel: ScoreCheck;
  daysSinceLast: ScoreCheck;
  /** Absent when no repeat model could be fitted. */
  modelNoPurchase?: ScoreCheck & { kind: RepeatModelKind };
}

export interface ChurnBacktestOptions extends Omit<ChurnForecastOptions, 'asOf' | 'horizonDays'> {
  calibrationEnd: number;
  /** Last day of the holdout (inclusive); default the last day in the data. */
  holdoutEnd?: number;
}

export function churnBacktest(tx: TransactionColumns, options: ChurnBacktestOptions): ChurnBacktest {
  const c = Math.floor(options.calibrationEnd);
  const holdoutEnd = Math.floor(options.holdoutEnd ?? lastDay(tx));
  const forecast = churnForecast(tx, { ...options, asOf: c, horizonDays: holdoutEnd - c });
  const outcome = customerSummaries(tx, { asOf: c, holdoutEnd, period: 'day', trendDays: options.trendDays });
  const lapsed = Uint8Array.from(outcome.holdoutFrequency, (y) => (y === 0 ? 1 : 0));
  const check = (p: Float64Array): ScoreCheck => ({
    auc: rocAuc(p, lapsed),
    brier: brierScore(p, lapsed),
    reliability: reliabilityTable(p, lapsed, 10),
  });
  const result: ChurnBacktest = {
    calibrationEnd: c,
    holdoutEnd,
    customers: lapsed.length,
    lapsedRate: lapsed.reduce((s, y) => s + y, 0) / lapsed.length,
    forecast,
    churnModel: check(forecast.prediction.probability),
    daysSinceLast: check(daysSinceLastProbability(forecast)),
  };
  if (forecast.repeat && forecast.repeatModel) {
    result.modelNoPurchase = { ...check(forecast.repeat.pNoPurchase), kind: forecast.repeatModel.kind };
  }
  return result;
}

/** Days since the last purchase alone, calibrated on the forecast's own training split. */
function daysSinceLastProbability(forecast: ChurnForecast): Float64Array {
  const only = (f: ChurnFeatures): ChurnFeatures => ({
    names: ['days_since_last'],
    columns: [f.columns[f.names.indexOf('days_since_last')]],
    populationInterval: f.populationInterval,
  });
  const model = fitChurnModel(only(forecast.training.features), forecast.training.labels);
  return predictChurn(model, only(forecast.features)).probability;
}
