import { sql } from 'kysely';
import type { Tx } from '../db/tenant.js';

/** Deletes the contacts of these customers: a contact is a person, so nothing of one may stay. */
export async function eraseContactsOf(tx: Tx, customerIds: string[]): Promise<number> {
  const result = await tx
    .deleteFrom('contacts')
    .where(sql<boolean>`customer_id = any(${customerIds}::uuid[])`)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
