import { sql } from 'kysely';
import type { Tx } from '../db/tenant.js';

/**
 * Drops what the lifecycle keeps about customers that no longer exist on their own (merged into
 * another): their current stages, the overrides in force and their marks. Their history stays as the
 * record of what was.
 */
export async function forgetLifecycle(tx: Tx, customerIds: string[]): Promise<void> {
  if (customerIds.length === 0) return;
  const ids = sql<boolean>`customer_id = any(${customerIds}::uuid[])`;
  await tx.deleteFrom('customer_lifecycle').where(ids).execute();
  await tx.deleteFrom('lifecycle_dirty').where(ids).execute();
  await tx.deleteFrom('lifecycle_overrides').where(ids).where('ended_on', 'is', null).execute();
}

/** The customers whose data changed since the last refresh (marked by the triggers). */
export async function markedCustomers(tx: Tx): Promise<string[]> {
  const rows = await tx.selectFrom('lifecycle_dirty').select('customer_id').orderBy('customer_id').execute();
  return rows.map((r) => r.customer_id);
}
