import { sql } from 'kysely';
import { badRequest } from '../errors.js';
import { decodeCursor, decodeTimeCursor } from '../http/list.js';
import type { joinStageAndValue } from '../lifecycle/customer-view.js';

/** The customer list's query with its filters, before the page's order and limit. */
type ListQuery = ReturnType<typeof joinStageAndValue>;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const invalidCursor = () =>
  badRequest('invalid cursor', [
    { path: 'querystring.cursor', message: 'is not a cursor this API returned' },
  ]);

/**
 * A cursor after a deadline (null: among the customers without one) and an id. The deadline goes into
 * SQL as ISO text, whose form for years past 9999 (+020000-…) PostgreSQL does not read.
 */
function decodeDeadlineCursor(cursor: string): [string | null, string] {
  const [value, id] = decodeCursor(cursor);
  if (value === null) {
    if (!UUID.test(id)) throw invalidCursor();
    return [null, id];
  }
  const [at] = decodeTimeCursor(cursor);
  const year = at.getUTCFullYear();
  if (year < 1 || year > 9999) throw invalidCursor();
  return [at.toISOString(), id];
}

/**
 * The ids of a page of the list in the order of the customers' stored return deadlines, then those
 * without one (last either way) by id. The first part walks the deadlines' index (workspace,
 * returns_at, customer) and meets the list's filters and visibility through the join to customers; the
 * second is the list without the customers that have a deadline.
 */
export async function idsByReturnDeadline(
  base: ListQuery,
  cursor: string | undefined,
  descending: boolean,
  limit: number,
): Promise<string[]> {
  const after = cursor ? decodeDeadlineCursor(cursor) : undefined;
  const direction = descending ? 'desc' : 'asc';
  const than = descending ? sql`<` : sql`>`;
  const ids: string[] = [];
  if (after?.[0] !== null) {
    let due = base
      .innerJoin('customer_return_deadlines as d', (j) =>
        j.onRef('d.workspace_id', '=', 'customers.workspace_id').onRef('d.customer_id', '=', 'customers.id'),
      )
      .select('customers.id');
    if (after)
      due = due.where(
        sql<boolean>`(d.returns_at, customers.id) ${than} (${after[0]}::timestamptz, ${after[1]}::uuid)`,
      );
    const rows = await due
      .orderBy('d.returns_at', direction)
      .orderBy('customers.id', direction)
      .limit(limit)
      .execute();
    ids.push(...rows.map((r) => r.id));
  }
  if (ids.length < limit) {
    let without = base
      .select('customers.id')
      .where(({ not, exists, selectFrom }) =>
        not(
          exists(
            selectFrom('customer_return_deadlines as d')
              .select('d.customer_id')
              .whereRef('d.workspace_id', '=', 'customers.workspace_id')
              .whereRef('d.customer_id', '=', 'customers.id'),
          ),
        ),
      );
    if (after?.[0] === null) without = without.where(sql<boolean>`customers.id ${than} ${after[1]}::uuid`);
    const rows = await without
      .orderBy('customers.id', direction)
      .limit(limit - ids.length)
      .execute();
    ids.push(...rows.map((r) => r.id));
  }
  return ids;
}
