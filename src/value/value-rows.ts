import { ABC_CLASSES } from '../analytics/abc.js';
import { CHURN_LEVELS, churnReasons } from '../analytics/churn.js';
import { CN_CLASSES, RFM_SEGMENTS } from '../analytics/rfm.js';
import type { CustomerValues } from './customer-values.js';

/** One customer's stored figures, keyed as the columns of customer_values. */
export interface ValueRow {
  customer_id: string;
  purchase_days: number;
  days_since_last: number;
  revenue: number;
  r_score: number;
  f_score: number;
  m_score: number;
  rfm_segment: string;
  cn_class: string;
  abc_class: string;
  p_alive: number | null;
  expected_purchases_90d: number | null;
  expected_avg_spend: number | null;
  clv: number | null;
  churn_risk: number;
  churn_level: string;
  churn_reasons: unknown[];
}

const orNull = (column: Float64Array | null | undefined, i: number) => {
  const v = column?.[i];
  return v === undefined || !Number.isFinite(v) ? null : v;
};

/** Rows `from`…`to − 1` of the computed columns as records, with names for the class indexes. */
export function valueRows(
  values: CustomerValues,
  customerIds: string[],
  from: number,
  to: number,
): ValueRow[] {
  const { summary, rfm, predictions: p, churn } = values;
  const rows: ValueRow[] = [];
  for (let i = from; i < to; i++) {
    rows.push({
      customer_id: customerIds[summary.customer[i]],
      purchase_days: summary.frequency[i] + 1,
      days_since_last: values.daysSinceLast[i],
      revenue: summary.total[i],
      r_score: rfm.r[i],
      f_score: rfm.f[i],
      m_score: rfm.m[i],
      rfm_segment: RFM_SEGMENTS[values.segment[i]],
      cn_class: CN_CLASSES[values.cnClass[i]],
      abc_class: ABC_CLASSES[values.abc[i]],
      p_alive: orNull(p?.pAlive, i),
      expected_purchases_90d: orNull(p?.expectedPurchases, i),
      expected_avg_spend: orNull(p?.expectedAvgSpend, i),
      clv: orNull(p?.clv, i),
      // Float sums of the signal points can overshoot 100 by an ulp; the column checks the range.
      churn_risk: Math.min(100, Math.max(0, churn.risk[i])),
      churn_level: CHURN_LEVELS[churn.level[i]],
      churn_reasons: churnReasons(values.churnInput, churn, i),
    });
  }
  return rows;
}
