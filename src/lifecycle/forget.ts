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

/**
 * Marks customers whose data changed where no trigger watches (tickets, survey answers), as the
 * triggers mark those of transactions and interactions: the next refresh evaluates and scores them.
 */
export async function markCustomers(tx: Tx, workspaceId: string, customerIds: string[]): Promise<void> {
  if (customerIds.length === 0) return;
  await sql`
    insert into lifecycle_dirty (workspace_id, customer_id)
    select ${workspaceId}, id from unnest(${customerIds}::uuid[]) as c (id)
    on conflict do nothing`.execute(tx);
}

/** The customers whose data changed since the last refresh (marked by the triggers). */
export async function markedCustomers(tx: Tx): Promise<string[]> {
  const rows = await tx.selectFrom('lifecycle_dirty').select('customer_id').orderBy('customer_id').execute();
  return rows.map((r) => r.customer_id);
}
