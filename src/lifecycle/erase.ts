import { sql } from 'kysely';
import type { Tx } from '../db/tenant.js';

/**
 * Removes the reasons people wrote when they moved these customers by hand, from the overrides and
 * from the causes of stages and stage history; stages and their dates stay. The courses' digests go
 * with the texts, so the next refresh compares with the history as it now is.
 */
export async function eraseLifecycleTexts(tx: Tx, customerIds: string[]): Promise<void> {
  const ids = sql`any(${customerIds}::uuid[])`;
  await tx
    .updateTable('lifecycle_overrides')
    .set({ reason: '' })
    .where(sql<boolean>`customer_id = ${ids}`)
    .execute();
  for (const table of ['customer_lifecycle', 'lifecycle_history'] as const)
    await tx
      .updateTable(table)
      .set({ cause: sql`cause - 'reason'` })
      .where(sql<boolean>`customer_id = ${ids} and cause ? 'reason'`)
      .execute();
  await tx
    .updateTable('customer_lifecycle')
    .set({ history_count: null, history_digest: null })
    .where(sql<boolean>`customer_id = ${ids}`)
    .execute();
}
