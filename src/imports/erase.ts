import { sql } from 'kysely';
import type { Tx } from '../db/tenant.js';

/**
 * Empties the rejected cells of past imports that hold one of these values (a person's phone, e-mail
 * or name): an import error row is kept to show what was wrong, and the value itself is not needed.
 */
export async function eraseImportValues(tx: Tx, values: string[]): Promise<void> {
  if (values.length === 0) return;
  await tx
    .updateTable('import_errors')
    .set({ value: '' })
    .where(sql<boolean>`value = any(${values}::text[])`)
    .execute();
}
