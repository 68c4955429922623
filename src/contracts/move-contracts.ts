import { sql } from 'kysely';
import type { Tx } from '../db/tenant.js';

/**
 * A merge's move: the contracts of the customers `from` go to `to`, in one statement; a moved contract
 * changed, so its version (ETag) moves too. Answers each moved contract's id with the customer it came
 * from, for the merge's record.
 */
export async function moveContracts(tx: Tx, to: string, from: string[]): Promise<Record<string, string>> {
  const { rows } = await sql<{ id: string; from_id: string }>`
    with moved as (select id, customer_id from contracts where customer_id = any(${from}::uuid[]) for update)
    update contracts k set customer_id = ${to}, version = k.version + 1, updated_at = now()
    from moved where k.id = moved.id
    returning k.id, moved.customer_id as from_id`.execute(tx);
  return Object.fromEntries(rows.map((r) => [r.id, r.from_id]));
}

/**
 * A merge's undo: the contracts it moved go back to the customers they came from, those still on the
 * survivor (a contract deleted since stays deleted), in one statement.
 */
export async function moveContractsBack(tx: Tx, survivorId: string, moved: Record<string, string>) {
  if (Object.keys(moved).length === 0) return;
  await sql`
    update contracts k set customer_id = back.value::uuid, version = k.version + 1, updated_at = now()
    from jsonb_each_text(${JSON.stringify(moved)}::jsonb) back
    where k.id = back.key::uuid and k.customer_id = ${survivorId}`.execute(tx);
}
