import { sql } from 'kysely';
import type { Tx } from '../db/tenant.js';

/**
 * Empties what people wrote on these customers' contracts. The contracts stay, as titles, dates and
 * amounts that count in the pool's clocks and name no one once their customer is anonymous.
 */
export async function eraseContractNotes(tx: Tx, customerIds: string[]): Promise<void> {
  await tx
    .updateTable('contracts')
    .set((eb) => ({ note: null, version: eb('version', '+', 1), updated_at: new Date() }))
    .where(sql<boolean>`customer_id = any(${customerIds}::uuid[])`)
    .where('note', 'is not', null)
    .execute();
}
