import { ABC_CLASSES } from '../analytics/abc.js';
import { CHURN_BANDS } from '../analytics/churn-model.js';
import { CN_CLASSES, RFM_SEGMENTS } from '../analytics/rfm.js';
import { recordLine } from '../db/text-records.js';
import { churnModelReasons } from './churn-scores.js';
import type { CustomerValues } from './customer-values.js';

/** The columns of customer_values a refresh writes for each customer, in the order of `valueLines`. */
export const VALUE_COLUMNS = [
  ['customer_id', 'uuid'],
  ['purchase_days', 'int'],
  ['days_since_last', 'int'],
  ['revenue', 'numeric'],
  ['r_score', 'smallint'],
  ['f_score', 'smallint'],
  ['m_score', 'smallint'],
  ['rfm_segment', 'text'],
  ['cn_class', 'text'],
  ['abc_class', 'text'],
  ['p_alive', 'float8'],
  ['expected_purchases_90d', 'float8'],
  ['expected_avg_spend', 'numeric'],
  ['clv', 'numeric'],
  ['churn_risk', 'float8'],
  ['churn_level', 'text'],
  ['churn_reasons', 'jsonb'],
  ['value_at_risk', 'numeric'],
  ['value_at_risk_band', 'smallint'],
  ['absent_reason', 'text'],
  ['churn_absent_reason', 'text'],
] as const;

/**
 * The band of a value at risk in the index that ranks churn warnings (migration 0011): bands grow by a
 * factor of e^(1/4), and the band never falls as the value rises.
 */
export const riskBand = (valueAtRisk: number) => Math.floor(4 * Math.log1p(Math.max(valueAtRisk, 0)));

const orNull = (column: Float64Array | null | undefined, i: number) => {
  const v = column?.[i];
  return v === undefined || !Number.isFinite(v) ? null : v;
};

/**
 * Money columns are numeric(18, 2), below 10^16 in magnitude. The fit predicts only when it converged
 * on enough data (scoring/workspace-model.ts); should a prediction still overflow, it is stored as none
 * rather than failing the refresh.
 */
const MONEY_BOUND = 1e16;
const moneyOrNull = (column: Float64Array | null | undefined, i: number) => {
  const v = orNull(column, i);
  return v !== null && Math.abs(v) < MONEY_BOUND ? v : null;
};

/** Rows `from`…`to − 1` of the computed columns as record lines (see text-records.ts), names for the class indexes. */
export function valueLines(values: CustomerValues, customerIds: string[], from: number, to: number): string {
  const { summary, rfm, predictions: p, churnModel: model } = values;
  const lines: string[] = [];
  for (let i = from; i < to; i++) {
    const clv = moneyOrNull(p?.clv, i);
    const clvCents = clv === null ? null : Math.round(clv * 100);
    // Without a churn model the risk, its level and the value at risk are absent, with the reason.
    const risk = model ? Math.min(100, Math.max(0, 100 * model.probability[i])) : null;
    // CLV × risk of the CLV as stored, in whole cents: (cents / 100).toFixed(2) is that decimal exactly.
    const atRisk = risk === null ? null : Math.round(((clvCents ?? 0) * risk) / 100) / 100;
    lines.push(
      recordLine([
        customerIds[summary.customer[i]],
        summary.frequency[i] + 1,
        values.daysSinceLast[i],
        summary.total[i],
        rfm.r[i],
        rfm.f[i],
        rfm.m[i],
        RFM_SEGMENTS[values.segment[i]],
        CN_CLASSES[values.cnClass[i]],
        ABC_CLASSES[values.abc[i]],
        orNull(p?.pAlive, i),
        orNull(p?.expectedPurchases, i),
        moneyOrNull(p?.expectedAvgSpend, i),
        clvCents === null ? null : (clvCents / 100).toFixed(2),
        risk,
        model ? CHURN_BANDS[model.band[i]] : null,
        JSON.stringify(model ? churnModelReasons(model, i) : []),
        atRisk?.toFixed(2) ?? null,
        atRisk === null ? null : riskBand(atRisk),
        !p ? values.modelReason : clvCents === null ? 'no-spend-model' : null,
        values.churnAbsentReason,
      ]),
    );
  }
  return lines.join('\n');
}
