import { sql } from 'kysely';
import type { Tx } from '../db/tenant.js';

/** Drops the stored values of customers that no longer exist on their own (merged into another). */
export async function forgetValues(tx: Tx, customerIds: string[]): Promise<void> {
  if (customerIds.length === 0) return;
  await tx
    .deleteFrom('customer_values')
    .where(sql<boolean>`customer_id = any(${customerIds}::uuid[])`)
    .execute();
}
