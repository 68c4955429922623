import type { BgNbdParams } from '../analytics/bgnbd.js';
import { type ChurnInput, type ChurnRisk, churnRisk } from '../analytics/churn.js';
import type { GammaGammaParams } from '../analytics/gamma-gamma.js';
import { type RfmScores, rfmSegments } from '../analytics/rfm.js';
import { type CustomerSummary, customerSummaries, type TransactionColumns } from '../analytics/summaries.js';
import { analyzeCustomers } from '../analyze/customer-analysis.js';
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
import { HORIZON_DAYS } from './value-models.js';

/** Model parameters to predict with; either may be missing when the data could not support it. */
export interface PredictionParams {
  bgnbd: BgNbdParams | null;
  gammaGamma: GammaGammaParams | null;
}

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
  churnInput: ChurnInput;
  churn: ChurnRisk;
}

/**
 * The per-customer figures of `clm analyze` (summary in days, RFM, both segment maps, ABC by net
 * spend) with predictions, and churn risk fed by those predictions. `paramsFor` answers the model
 * parameters given the summary: a stored fit is reused as it is, a refit needs the summary.
 */
export async function computeCustomerValues(
  columns: TransactionColumns,
  asOf: number,
  paramsFor: (summary: CustomerSummary) => Promise<PredictionParams>,
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
  const params = await paramsFor(summary);
  const predictions = predict(summary, params);
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
    churnInput,
    churn: churnRisk(churnInput),
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
 * predicted with stored parameters: what computeCustomerValues gives them while the cut-offs hold.
 */
export function scoreCustomers(
  columns: TransactionColumns,
  asOf: number,
  params: PredictionParams,
  cutoffs: ValueCutoffs,
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
  const predictions = predict(summary, params);
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
    churnInput,
    churn: churnRisk(churnInput, { populationInterval }),
  };
}

function predict(summary: CustomerSummary, params: PredictionParams): CustomerPredictions | null {
  return params.bgnbd
    ? predictCustomers(summary, params.bgnbd, params.gammaGamma, {
        horizon: HORIZON_DAYS,
        clvPeriods: CLV_MONTHS,
        clvDays: CLV_DAYS,
        discountRate: MONTHLY_DISCOUNT,
      })
    : null;
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
