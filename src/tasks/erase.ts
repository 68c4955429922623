import { sql } from 'kysely';
import type { Tx } from '../db/tenant.js';

/**
 * Empties what people wrote on these customers' tasks: notes, and titles typed by hand (a playbook's
 * titles, kept in both languages in `titles`, are the workspace's words and stay).
 */
export async function eraseTaskTexts(tx: Tx, customerIds: string[]): Promise<number> {
  const result = await tx
    .updateTable('tasks')
    .set((eb) => ({
      notes: null,
      title: sql<string>`case when titles is null then '' else title end`,
      version: eb('version', '+', 1),
      updated_at: new Date(),
    }))
    .where(sql<boolean>`customer_id = any(${customerIds}::uuid[])`)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}
