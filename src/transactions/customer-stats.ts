import type { Selectable } from 'kysely';
import { findCustomer } from '../customers/repository.js';
import type { CustomerStatsTable } from '../db/tables.js';
import type { Tx } from '../db/tenant.js';
import type { CustomerStatsJson } from './schema.js';

type Aggregate = Omit<Selectable<CustomerStatsTable>, 'workspace_id' | 'customer_id'>;

const aggregateToJson = (row: Aggregate) => ({
  firstPurchaseAt: row.first_purchase_at.toISOString(),
  lastPurchaseAt: row.last_purchase_at.toISOString(),
  purchaseCount: row.purchase_count,
  purchaseDays: row.purchase_days,
  revenue: row.revenue,
  margin: row.margin,
});

// A customer who never bought has no aggregate row; the answer has the same shape all the same.
const NO_PURCHASES = {
  firstPurchaseAt: null,
  lastPurchaseAt: null,
  purchaseCount: 0,
  purchaseDays: 0,
  revenue: '0.00',
  margin: '0.00',
};

/** The trigger-maintained aggregates of one live customer: read, never recomputed here. */
export async function customerStats(tx: Tx, customerId: string): Promise<CustomerStatsJson> {
  await findCustomer(tx, customerId);
  const total = await tx
    .selectFrom('customer_stats')
    .selectAll()
    .where('customer_id', '=', customerId)
    .executeTakeFirst();
  const lines = await tx
    .selectFrom('customer_line_stats')
    .selectAll()
    .where('customer_id', '=', customerId)
    .orderBy('business_line_id')
    .execute();
  return {
    ...(total ? aggregateToJson(total) : NO_PURCHASES),
    byBusinessLine: lines.map((line) => ({
      businessLineId: line.business_line_id,
      ...aggregateToJson(line),
    })),
  };
}
