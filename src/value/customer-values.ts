import { type ChurnInput, type ChurnRisk, churnRisk } from '../analytics/churn.js';
import { churnBands, DEFAULT_CHURN_BANDS } from '../analytics/churn-model.js';
import { type RfmScores, rfmSegments } from '../analytics/rfm.js';
import { type CustomerSummary, customerSummaries, type TransactionColumns } from '../analytics/summaries.js';
import { analyzeCustomers } from '../analyze/customer-analysis.js';
import { HORIZON_DAYS, type ModelAbsentReason, type WorkspaceModel } from '../scoring/workspace-model.js';
import { type ChurnScores, churnScores } from './churn-scores.js';
import { type CustomerPredictions, predictCustomers } from './predict-customers.js';
import {
  abcOn,
  abcThresholds,
  cnClassOn,
  mean,
  scoreOn,
  scoreRuns,
  type ValueCutoffs,
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
  churnInput: ChurnInput;
  /** The rule score (0–100) of the signals that need no model: the churn risk without a churn model. */
  churn: ChurnRisk;
  /** P(no purchase in the next 90 days) from the workspace's churn model; null without one. */
  churnModel: ChurnScores | null;
  /** Each customer's churn band (index into CHURN_BANDS) of the probability, or of the rule score / 100. */
  churnLevel: Uint8Array;
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
): Promise<CustomerValues> {
  const analysis = await analyzeCustomers(columns, {
    asOf,
    unit: 'day',
    horizon: HORIZON_DAYS,
    clvPeriods: CLV_MONTHS,
    discountRate: MONTHLY_DISCOUNT,
    models: false,
  });
  const { summary, daysSinceLast } = analysis;
  const predictions = predict(summary, model);
  const churnInput = churnInputOf(summary, daysSinceLast, predictions);
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
    churnInput,
    ...churnOf(model, summary, asOf, predictions, churnRisk(churnInput), bands),
  };
}

/** The cut-offs of a full computation, to score single customers against until the next one. */
export function valueCutoffs(values: CustomerValues): ValueCutoffs {
  const { summary, daysSinceLast, rfm } = values;
  const purchases = Float64Array.from(summary.frequency, (x) => x + 1);
  const interval = values.churn.populationInterval;
  return {
    r: scoreRuns(daysSinceLast, rfm.r),
    f: scoreRuns(purchases, rfm.f),
    m: scoreRuns(summary.total, rfm.m),
    ...abcThresholds(summary.total, values.abc),
    meanRecency: mean(daysSinceLast),
    meanFrequency: mean(purchases),
    meanMonetary: mean(summary.total),
    populationInterval: Number.isFinite(interval) ? interval : null,
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
  const churnInput = churnInputOf(summary, daysSinceLast, predictions);
  const populationInterval = cutoffs.populationInterval ?? Number.NaN;
  return {
    asOf,
    summary,
    daysSinceLast,
    rfm,
    segment: rfmSegments(rfm),
    cnClass,
    abc,
    predictions,
    modelReason: model.reason,
    churnInput,
    ...churnOf(model, summary, asOf, predictions, churnRisk(churnInput, { populationInterval }), bands),
  };
}

export type ChurnBandBounds = readonly [number, number, number];

/** Churn from the workspace's churn model where it has one; otherwise the rule score, banded alike. */
function churnOf(
  model: WorkspaceModel,
  summary: CustomerSummary,
  asOf: number,
  predictions: CustomerPredictions | null,
  churn: ChurnRisk,
  bands: ChurnBandBounds,
): Pick<CustomerValues, 'churn' | 'churnModel' | 'churnLevel'> {
  if (model.churn) {
    const scores = churnScores(model.churn, summary, asOf, predictions, bands);
    return { churn, churnModel: scores, churnLevel: scores.band };
  }
  return {
    churn,
    churnModel: null,
    churnLevel: churnBands(
      churn.risk.map((r) => r / 100),
      bands,
    ),
  };
}

function predict(summary: CustomerSummary, model: WorkspaceModel): CustomerPredictions | null {
  return predictCustomers(summary, model, {
    horizon: HORIZON_DAYS,
    clvPeriods: CLV_MONTHS,
    clvDays: CLV_DAYS,
    discountRate: MONTHLY_DISCOUNT,
  });
}

function churnInputOf(
  summary: CustomerSummary,
  daysSinceLast: Float64Array,
  predictions: CustomerPredictions | null,
): ChurnInput {
  return {
    daysSinceLast,
    medianInterval: summary.medianInterval,
    pAlive: predictions?.pAlive,
    pNoPurchase: predictions?.pNoPurchase,
    recentSpend: summary.recentSpend,
    previousSpend: summary.previousSpend,
  };
}

// CLV over the coming year, discounted monthly at 1 % (about 12.7 % a year), as CRM texts usually quote it.
const CLV_MONTHS = 12;
const CLV_DAYS = 365;
const MONTHLY_DISCOUNT = 0.01;
