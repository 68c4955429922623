import { sql } from 'kysely';
import type { Tx } from './tenant.js';

/** Tables whose rows belong to one customer and go with it through a merge and its undo. */
export type CustomerRows =
  | 'transactions'
  | 'interactions'
  | 'contacts'
  | 'contracts'
  | 'tasks'
  | 'tickets'
  | 'surveys';

/** Rows without a version of their own (nothing edits them with If-Match). */
const UNVERSIONED = new Set<CustomerRows>(['surveys']);

const touched = (table: CustomerRows) =>
  UNVERSIONED.has(table) ? sql`` : sql`, version = t.version + 1, updated_at = now()`;

/**
 * A merge's move, for the domain that owns `table`: the rows of the customers `from` go to `to`, in
 * one statement; a moved record changed, so its version (ETag) moves too. Answers each moved row's id
 * with the customer it came from, for the merge's record.
 */
export async function reassignRows(
  tx: Tx,
  table: CustomerRows,
  to: string,
  from: string[],
): Promise<Record<string, string>> {
  const { rows } = await sql<{ id: string; from_id: string }>`
    with moved as (select id, customer_id from ${sql.table(table)} where customer_id = any(${from}::uuid[]) for update)
    update ${sql.table(table)} t set customer_id = ${to}${touched(table)}
    from moved where t.id = moved.id
    returning t.id, moved.customer_id as from_id`.execute(tx);
  return Object.fromEntries(rows.map((r) => [r.id, r.from_id]));
}

/**
 * A merge's undo: the rows it moved go back to the customers they came from, those still on the
 * survivor (a row deleted since stays deleted), in one statement.
 */
export async function reassignBack(
  tx: Tx,
  table: CustomerRows,
  survivorId: string,
  moved: Record<string, string>,
): Promise<void> {
  if (Object.keys(moved).length === 0) return;
  await sql`
    update ${sql.table(table)} t set customer_id = back.value::uuid${touched(table)}
    from jsonb_each_text(${JSON.stringify(moved)}::jsonb) back
    where t.id = back.key::uuid and t.customer_id = ${survivorId}`.execute(tx);
}
