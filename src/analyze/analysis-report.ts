import { ABC_CLASSES } from '../analytics/abc.js';
import type { Backtest } from '../analytics/backtest.js';
import { CHURN_LEVELS } from '../analytics/churn.js';
import type { ChurnBacktest, ScoreCheck } from '../analytics/churn-backtest.js';
import { formatDay } from '../analytics/civil-days.js';
import type { FitResult } from '../analytics/fit-result.js';
import type { ModelComparison } from '../analytics/model-choice.js';
import { frequencyHistogram, frequencyRecencyMatrices } from '../analytics/model-diagnostics.js';
import { type RepeatModel, type RepeatModelKind, repeatModelOf } from '../analytics/repeat-model.js';
import { CN_CLASSES, RFM_SEGMENTS } from '../analytics/rfm.js';
import { fittableRows } from '../analytics/summaries.js';
import type { CustomerAnalysis } from './customer-analysis.js';

export interface ReportInput {
  file: string;
  transactions: number;
  negativeAmounts: number;
  unit: string;
  horizon: number;
  discountRate: number;
  analysis: CustomerAnalysis;
  backtest?: BacktestReport;
  warnings: string[];
}

/** The backtest of `clm analyze --calibration-end`: BG/NBD's check, the model comparison and churn's. */
export type BacktestReport = Backtest & { models: ModelComparison; churn: ChurnBacktest };

/** The key of the repeat model's fit in the report's models. */
const REPORT_KEYS: Record<RepeatModelKind, string> = {
  bgnbd: 'bgnbd',
  mbgnbd: 'mbgnbd',
  'pareto-nbd': 'paretoNbd',
};

/** The report of `clm analyze`: model fits, backtest figures and counts per segment, as plain JSON. */
export function analysisReport(input: ReportInput) {
  const { analysis: a } = input;
  const p = a.predictions;
  return {
    file: input.file,
    asOf: formatDay(a.asOf),
    transactions: input.transactions,
    customers: a.summary.customer.length,
    negativeAmountsNetted: input.negativeAmounts,
    customersWithOnlyReturns: a.summary.returnsOnly,
    unit: input.unit,
    horizon: input.horizon,
    discountRate: input.discountRate,
    warnings: input.warnings,
    models: p
      ? {
          model: p.repeat.kind,
          [REPORT_KEYS[p.repeat.kind]]: fitOf(p.repeat),
          gammaGamma: p.gammaGamma ? { ...fitOf(p.gammaGamma), skipped: p.gammaGamma.skipped } : null,
          frequencyMonetaryCorrelation: p.frequencyMonetaryCorrelation,
          expectedPurchasesTotal: sum(p.expectedPurchases),
          clvTotal: p.clv ? sum(p.clv) : null,
          diagnostics: diagnosticsOf(repeatModelOf(p.repeat), a, input.horizon),
        }
      : null,
    backtest: input.backtest ? backtestOf(input.backtest) : null,
    segments: {
      rfm: counts(a.segment, RFM_SEGMENTS),
      cn: counts(a.cnClass, CN_CLASSES),
      abc: abcOf(a),
      churnLevels: counts(a.churn.level, CHURN_LEVELS),
    },
  };
}

/** A fit for the report: its uncertainty without the covariance matrix, which only the intervals need. */
function fitOf<P>(fit: FitResult<P>) {
  const { params, logLikelihood, n, iterations, converged, uncertainty } = fit;
  const { level, scale, standardErrors, intervals } = uncertainty ?? {};
  return {
    params,
    logLikelihood,
    n,
    iterations,
    converged,
    uncertainty: uncertainty ? { level, scale, standardErrors, intervals } : null,
  };
}

function backtestOf(b: BacktestReport) {
  const t = b.tracking;
  return {
    modelChoice: {
      criterion: b.models.criterion,
      chosen: b.models.chosen ?? null,
      models: b.models.models.map((m) => ({
        kind: m.kind,
        params: m.fit?.params ?? null,
        converged: m.fit?.converged ?? false,
        calibrationLogLikelihood: m.fit?.logLikelihood ?? null,
        holdoutLogLikelihood: Number.isFinite(m.holdoutLogLikelihood) ? m.holdoutLogLikelihood : null,
        holdoutMae: Number.isFinite(m.holdoutMae) ? m.holdoutMae : null,
        reason: m.reason ?? null,
        uncertainty: m.fit ? fitOf(m.fit).uncertainty : null,
      })),
    },
    churn: churnOf(b.churn),
    fit: fitOf(b.fit),
    customers: b.customers,
    holdoutDuration: b.holdoutDuration,
    actualHoldoutPurchases: b.actualTotal,
    predictedHoldoutPurchases: b.predictedTotal,
    mae: b.mae,
    correlation: b.correlation,
    churnRiskAuc: b.churnAuc,
    oneMinusPAliveAuc: b.pAliveAuc,
    // Cumulative and, as FHL 2005 fig. 4 plots them, weekly (incremental) repeat purchases.
    tracking: Array.from(t.weekEnd, (d, w) => ({
      weekEnd: formatDay(d),
      actual: t.actual[w],
      model: t.model[w],
      actualWeekly: t.actual[w] - (w > 0 ? t.actual[w - 1] : 0),
      modelWeekly: t.model[w] - (w > 0 ? t.model[w - 1] : 0),
    })),
  };
}

/**
 * The repeat model's diagnostics over the customers it was fitted to: P(alive) and expected purchases
 * over frequency × recency, and the calibration frequency histogram against the model's.
 */
function diagnosticsOf(model: RepeatModel, a: CustomerAnalysis, horizon: number) {
  const rows = fittableRows(a.summary);
  return {
    frequencyRecency: frequencyRecencyMatrices(model, rows, horizon),
    frequencyHistogram: frequencyHistogram(model, rows),
  };
}

function counts(codes: Uint8Array, names: readonly string[]): Record<string, number> {
  const n = new Array<number>(names.length).fill(0);
  for (const c of codes) n[c]++;
  return Object.fromEntries(names.map((name, i) => [name, n[i]]));
}

function abcOf(a: CustomerAnalysis) {
  const customers = [0, 0, 0];
  const revenue = [0, 0, 0];
  for (let i = 0; i < a.abc.length; i++) {
    customers[a.abc[i]]++;
    revenue[a.abc[i]] += a.summary.total[i];
  }
  return Object.fromEntries(
    // In cents: the sum's last bits depend on the order of the customers, which the file's row
    // order sets, and the same sales in another order should report the same revenue.
    ABC_CLASSES.map((name, k) => [
      name,
      { customers: customers[k], revenue: Math.round(revenue[k] * 100) / 100 },
    ]),
  );
}

function sum(values: Float64Array): number {
  let total = 0;
  for (const v of values) total += v;
  return total;
}

/** Churn forecast against its baselines, each by AUC, Brier score and reliability deciles. */
function churnOf(c: ChurnBacktest) {
  const check = (s: ScoreCheck) => ({ auc: s.auc, brier: s.brier, reliability: s.reliability });
  return {
    target: 'no purchase in the holdout',
    customers: c.customers,
    lapsedRate: c.lapsedRate,
    trainingCutoff: formatDay(c.forecast.trainingCutoff),
    repeatModel: c.forecast.repeatModel?.kind ?? null,
    coefficients: Object.fromEntries(
      c.forecast.churnModel.features.map((f, j) => [f, c.forecast.churnModel.coefficients[j]]),
    ),
    churnModel: check(c.churnModel),
    daysSinceLast: check(c.daysSinceLast),
    modelNoPurchase: c.modelNoPurchase ? { kind: c.modelNoPurchase.kind, ...check(c.modelNoPurchase) } : null,
  };
}
