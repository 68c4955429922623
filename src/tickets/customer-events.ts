import { sql } from 'kysely';
import type { Tx } from '../db/tenant.js';
import { badRequest } from '../errors.js';
import { decodeCursor, toPage } from '../http/list.js';

const invalidCursor = () =>
  badRequest('invalid cursor', [
    { path: 'querystring.cursor', message: 'is not a cursor this API returned' },
  ]);

/** A cursor after an event's time and its (numeric) id; a forged one is a 400 rather than a database error. */
function decodeEventCursor(cursor: string): [Date, string] {
  const [value, id] = decodeCursor(cursor);
  const at = new Date(typeof value === 'string' ? value : Number.NaN);
  if (Number.isNaN(at.getTime()) || !/^\d{1,18}$/.test(id)) throw invalidCursor();
  return [at, id];
}

/**
 * Every change of a customer's tickets (opened, moved on, assigned, replied to, noted, resolved,
 * reopened …), newest first, each with its ticket's number and subject: the tickets' part of the
 * customer's timeline.
 */
export async function customerTicketEvents(
  tx: Tx,
  customerId: string,
  page: { limit: number; cursor?: string | undefined },
) {
  let query = tx
    .selectFrom('ticket_events as e')
    .innerJoin('tickets as t', (join) =>
      join.onRef('t.workspace_id', '=', 'e.workspace_id').onRef('t.id', '=', 'e.ticket_id'),
    )
    .select([
      'e.id',
      'e.kind',
      'e.author_id',
      'e.detail',
      'e.at',
      't.id as ticket_id',
      't.number',
      't.subject',
    ])
    .where('t.customer_id', '=', customerId);
  if (page.cursor) {
    const [at, id] = decodeEventCursor(page.cursor);
    query = query.where(sql<boolean>`(e.at, e.id) < (${at}, ${id}::bigint)`);
  }
  const rows = await query
    .orderBy('e.at', 'desc')
    .orderBy('e.id', 'desc')
    .limit(page.limit + 1)
    .execute();
  return toPage(
    rows,
    page.limit,
    (row) => ({
      id: String(row.id),
      ticketId: row.ticket_id,
      ticketNumber: row.number,
      ticketSubject: row.subject,
      kind: row.kind,
      authorId: row.author_id,
      detail: row.detail,
      at: row.at.toISOString(),
    }),
    (row) => [row.at.toISOString(), String(row.id)],
  );
}
