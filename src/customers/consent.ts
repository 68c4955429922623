import { sql } from 'kysely';
import type { Tx } from '../db/tenant.js';

/**
 * Sets the given channels of a customer's consent (others keep theirs), from the consent records:
 * the profile shows the current answers without reading every record.
 */
export async function applyConsent(tx: Tx, customerId: string, consent: Record<string, boolean>) {
  await tx
    .updateTable('customers')
    .set((eb) => ({
      consent: sql`consent || ${JSON.stringify(consent)}::jsonb`,
      version: eb('version', '+', 1),
      updated_at: new Date(),
    }))
    .where('id', '=', customerId)
    .execute();
}
