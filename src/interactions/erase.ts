import { sql } from 'kysely';
import type { Tx } from '../db/tenant.js';

/**
 * Empties the summaries of these customers' interactions, free text that may say anything about them;
 * channel, direction and time stay, as counts of contacts name no one.
 */
export async function eraseInteractionTexts(tx: Tx, customerIds: string[]): Promise<number> {
  const result = await tx
    .updateTable('interactions')
    .set((eb) => ({ summary: '', version: eb('version', '+', 1), updated_at: new Date() }))
    .where(sql<boolean>`customer_id = any(${customerIds}::uuid[])`)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}
