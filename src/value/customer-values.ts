import type { BgNbdParams } from '../analytics/bgnbd.js';
import { type ChurnInput, type ChurnRisk, churnRisk } from '../analytics/churn.js';
import type { GammaGammaParams } from '../analytics/gamma-gamma.js';
import type { RfmScores } from '../analytics/rfm.js';
import type { CustomerSummary, TransactionColumns } from '../analytics/summaries.js';
import { analyzeCustomers } from '../analyze/customer-analysis.js';
import { type CustomerPredictions, predictCustomers } from './predict-customers.js';
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
  const predictions = params.bgnbd
    ? predictCustomers(summary, params.bgnbd, params.gammaGamma, {
        horizon: HORIZON_DAYS,
        clvPeriods: CLV_MONTHS,
        clvDays: CLV_DAYS,
        discountRate: MONTHLY_DISCOUNT,
      })
    : null;
  const churnInput: ChurnInput = {
    daysSinceLast,
    medianInterval: summary.medianInterval,
    pAlive: predictions?.pAlive,
    pNoPurchase: predictions?.pNoPurchase,
    recentSpend: summary.recentSpend,
    previousSpend: summary.previousSpend,
  };
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

// CLV over the coming year, discounted monthly at 1 % (about 12.7 % a year), as CRM texts usually quote it.
const CLV_MONTHS = 12;
const CLV_DAYS = 365;
const MONTHLY_DISCOUNT = 0.01;
