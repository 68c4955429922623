import { type ChurnSignals, DEFAULT_CHURN_BANDS } from '../analytics/churn-model.js';
import { type RfmScores, rfmSegments } from '../analytics/rfm.js';
import { type CustomerSummary, customerSummaries, type TransactionColumns } from '../analytics/summaries.js';
import { analyzeCustomers } from '../analyze/customer-analysis.js';
import {
  churnAbsentReason,
  HORIZON_DAYS,
  type ModelAbsentReason,
  type WorkspaceModel,
} from '../scoring/workspace-model.js';
import { type ChurnScores, churnScores } from './churn-scores.js';
import { type CustomerPredictions, type PredictionOptions, predictCustomers } from './predict-customers.js';
import {
  abcOn,
  abcThresholds,
  cnClassOn,
  DEFAULT_VALUE_SCALES,
  mean,
  scoreOn,
  scoreRuns,
  type ValueCutoffs,
  type ValueScales,
} from './value-cutoffs.js';

/** Every customer's value and risk as columns; row i is the customer with dense index summary.customer[i]. */
export interface CustomerValues {
  asOf: number;
  summary: CustomerSummary;
  daysSinceLast: Float64Array;
  rfm: RfmScores;
  segment: Uint8Array;
  cnClass: Uint8Array;
  abc: Uint8Array;
  predictions: CustomerPredictions | null;
  /** Why there are no predictions (the workspace's fit has no repeat model); null when there are. */
  modelReason: ModelAbsentReason | null;
  /**
   * P(no purchase in the next 90 days) from the workspace's churn model, with each customer's band;
   * null without one: no rule score stands in for a probability.
   */
  churnModel: ChurnScores | null;
  /** Why there is no churn model; null when there is one. */
  churnAbsentReason: ModelAbsentReason | null;
}

/**
 * The per-customer figures of `clm analyze` (summary in days, RFM, both segment maps, ABC by net
 * spend) with predictions from the workspace's fit, and churn risk fed by those predictions.
 */
export async function computeCustomerValues(
  columns: TransactionColumns,
  asOf: number,
  model: WorkspaceModel,
  bands: ChurnBandBounds = DEFAULT_CHURN_BANDS,
  /** The customers' service signals at `asOf`, by the columns' customer index, where the churn model uses them. */
  signals?: ChurnSignals,
  /** The workspace's RFM bins and ABC shares. */
  scales: ValueScales = DEFAULT_VALUE_SCALES,
): Promise<CustomerValues> {
  const analysis = await analyzeCustomers(columns, {
    asOf,
    bins: scales.rfmBins,
    abc: { a: scales.abcA, b: scales.abcB },
    unit: 'day',
    horizon: VALUE_PREDICTIONS.horizon,
    clvPeriods: VALUE_PREDICTIONS.clvPeriods,
    discountRate: VALUE_PREDICTIONS.discountRate,
    models: false,
  });
  const { summary, daysSinceLast } = analysis;
  const predictions = predict(summary, model);
  return {
    asOf,
    summary,
    daysSinceLast,
    rfm: analysis.rfm,
    segment: analysis.segment,
    cnClass: analysis.cnClass,
    abc: analysis.abc,
    predictions,
    modelReason: model.reason,
    ...churnOf(model, summary, asOf, predictions, bands, signals),
  };
}

/** The cut-offs of a full computation, to score single customers against until the next one. */
export function valueCutoffs(values: CustomerValues, bins = DEFAULT_VALUE_SCALES.rfmBins): ValueCutoffs {
  const { summary, daysSinceLast, rfm } = values;
  const purchases = Float64Array.from(summary.frequency, (x) => x + 1);
  return {
    r: scoreRuns(daysSinceLast, rfm.r),
    f: scoreRuns(purchases, rfm.f),
    m: scoreRuns(summary.total, rfm.m),
    bins,
    ...abcThresholds(summary.total, values.abc),
    meanRecency: mean(daysSinceLast),
    meanFrequency: mean(purchases),
    meanMonetary: mean(summary.total),
  };
}

/**
 * The figures of some customers (the columns hold only theirs), scored against stored cut-offs and
 * predicted with the workspace's fit: what computeCustomerValues gives them while the cut-offs hold.
 */
export function scoreCustomers(
  columns: TransactionColumns,
  asOf: number,
  model: WorkspaceModel,
  cutoffs: ValueCutoffs,
  bands: ChurnBandBounds = DEFAULT_CHURN_BANDS,
  signals?: ChurnSignals,
): CustomerValues {
  const summary = customerSummaries(columns, { asOf, period: 'day', unit: 'day' });
  const n = summary.customer.length;
  const daysSinceLast = new Float64Array(n);
  const rfm: RfmScores = { r: new Uint8Array(n), f: new Uint8Array(n), m: new Uint8Array(n) };
  const cnClass = new Uint8Array(n);
  const abc = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const recency = asOf - summary.last[i];
    const purchases = summary.frequency[i] + 1;
    const revenue = summary.total[i];
    daysSinceLast[i] = recency;
    rfm.r[i] = scoreOn(cutoffs.r, recency);
    rfm.f[i] = scoreOn(cutoffs.f, purchases);
    rfm.m[i] = scoreOn(cutoffs.m, revenue);
    cnClass[i] = cnClassOn(cutoffs, recency, purchases, revenue);
    abc[i] = abcOn(cutoffs, revenue);
  }
  const predictions = predict(summary, model);
  return {
    asOf,
    summary,
    daysSinceLast,
    rfm,
    segment: rfmSegments(rfm, cutoffs.bins ?? DEFAULT_VALUE_SCALES.rfmBins),
    cnClass,
    abc,
    predictions,
    modelReason: model.reason,
    ...churnOf(model, summary, asOf, predictions, bands, signals),
  };
}

export type ChurnBandBounds = readonly [number, number, number];

/** Churn from the workspace's churn model; none without one. */
function churnOf(
  model: WorkspaceModel,
  summary: CustomerSummary,
  asOf: number,
  predictions: CustomerPredictions | null,
  bands: ChurnBandBounds,
  signals: ChurnSignals | undefined,
): Pick<CustomerValues, 'churnModel' | 'churnAbsentReason'> {
  return {
    churnModel: model.churn && churnScores(model.churn, summary, asOf, predictions, bands, signals),
    churnAbsentReason: churnAbsentReason(model),
  };
}

/**
 * The horizons of every stored prediction: purchases over the next 90 days, and CLV over the coming
 * year discounted monthly at 1 % (about 12.7 % a year), as CRM texts usually quote it.
 */
export const VALUE_PREDICTIONS: PredictionOptions = {
  horizon: HORIZON_DAYS,
  clvPeriods: 12,
  clvDays: 365,
  discountRate: 0.01,
};

function predict(summary: CustomerSummary, model: WorkspaceModel): CustomerPredictions | null {
  return predictCustomers(summary, model, VALUE_PREDICTIONS);
}
