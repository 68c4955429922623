import { sql } from 'kysely';
import type { Tx } from '../db/tenant.js';
import { aboutCustomers } from './about.js';

/** What an erased entry's `before` and `after` become: it still says what was done, when and by whom. */
const ERASED = JSON.stringify({ erased: true });

/**
 * Removes the copies of records that the audit trail holds about these customers (see `aboutCustomers`):
 * who did what and when stays.
 */
export async function eraseAuditCopies(tx: Tx, ids: string[]): Promise<number> {
  if (ids.length === 0) return 0;
  const result = await tx
    .updateTable('audit_log')
    .set({
      before: sql`case when before is null then null else ${ERASED}::jsonb end`,
      after: sql`case when after is null then null else ${ERASED}::jsonb end`,
    })
    .where(aboutCustomers(ids))
    .where(sql<boolean>`(before is not null or after is not null)`)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}
