import type { Selectable } from 'kysely';
import type { CustomerValuesTable } from '../db/tables.js';
import type { Tx } from '../db/tenant.js';
import { AppError } from '../errors.js';
import type { CustomerValueJson } from './schema.js';

type ValueRecord = Selectable<CustomerValuesTable>;

/** A customer's stored value and risk; a 404 says when the customer has none yet. */
export async function customerValue(tx: Tx, customerId: string): Promise<CustomerValueJson> {
  const row = await tx
    .selectFrom('customer_values')
    .selectAll()
    .where('customer_id', '=', customerId)
    .executeTakeFirst();
  if (!row)
    throw new AppError(
      404,
      'not-found',
      'the customer has no value yet: it needs a purchase and a refresh (POST /api/v1/lifecycle/refresh)',
    );
  return valueJson(row);
}

export function valueJson(row: ValueRecord): CustomerValueJson {
  return {
    customerId: row.customer_id,
    asOf: row.as_of,
    computedAt: row.computed_at.toISOString(),
    purchaseDays: row.purchase_days,
    daysSinceLast: row.days_since_last,
    revenue: row.revenue,
    rfm: { r: row.r_score, f: row.f_score, m: row.m_score, segment: row.rfm_segment },
    cnClass: row.cn_class,
    abcClass: row.abc_class,
    pAlive: row.p_alive,
    expectedPurchases90d: row.expected_purchases_90d,
    expectedAvgSpend: row.expected_avg_spend,
    clv: row.clv,
    absentReason: row.absent_reason as CustomerValueJson['absentReason'],
    churnRisk: row.churn_risk,
    churnLevel: row.churn_level as CustomerValueJson['churnLevel'],
    churnReasons: row.churn_reasons as CustomerValueJson['churnReasons'],
    valueAtRisk: row.value_at_risk,
    churnAbsentReason: row.churn_absent_reason as CustomerValueJson['churnAbsentReason'],
  };
}

/** A customer's ABC class, or null before their first valued purchase: what service levels tier on. */
export async function abcClassOf(tx: Tx, customerId: string): Promise<'A' | 'B' | 'C' | null> {
  const row = await tx
    .selectFrom('customer_values')
    .select('abc_class')
    .where('customer_id', '=', customerId)
    .executeTakeFirst();
  return row?.abc_class ?? null;
}
