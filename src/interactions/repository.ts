import type { Selectable } from 'kysely';
import type { InteractionsTable } from '../db/tables.js';
import type { Tx } from '../db/tenant.js';
import { notFound } from '../errors.js';
import { decodeTimeCursor, toPage } from '../http/list.js';
import type { InteractionJson, InteractionListQuery } from './schema.js';

export type InteractionRow = Selectable<InteractionsTable>;

export function interactionToJson(row: InteractionRow): InteractionJson {
  return {
    id: row.id,
    customerId: row.customer_id,
    userId: row.user_id,
    channel: row.channel,
    direction: row.direction,
    summary: row.summary,
    occurredAt: row.occurred_at.toISOString(),
    nextFollowUpOn: row.next_follow_up_on,
    version: row.version,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

/** Follow-ups of a deleted customer leave the timeline with it. */
function visible(tx: Tx) {
  return tx
    .selectFrom('interactions')
    .innerJoin('customers', 'customers.id', 'interactions.customer_id')
    .where('customers.deleted_at', 'is', null);
}

export async function findInteraction(tx: Tx, id: string): Promise<InteractionRow> {
  const row = await visible(tx)
    .selectAll('interactions')
    .where('interactions.id', '=', id)
    .executeTakeFirst();
  if (!row) throw notFound('interaction');
  return row;
}

export async function listInteractions(tx: Tx, query: InteractionListQuery) {
  const descending = query.sort.startsWith('-');
  const column = query.sort.endsWith('occurredAt') ? 'interactions.occurred_at' : 'interactions.created_at';
  let base = visible(tx);
  if (query.customerId) base = base.where('interactions.customer_id', '=', query.customerId);
  if (query.userId) base = base.where('interactions.user_id', '=', query.userId);
  if (query.channel) base = base.where('interactions.channel', '=', query.channel);
  if (query.from) base = base.where('interactions.occurred_at', '>=', new Date(query.from));
  if (query.to) base = base.where('interactions.occurred_at', '<', new Date(query.to));

  let page = base.selectAll('interactions').limit(query.limit + 1);
  if (query.cursor) {
    const [after, id] = decodeTimeCursor(query.cursor);
    page = page.where((eb) =>
      eb(eb.refTuple(column, 'interactions.id'), descending ? '<' : '>', eb.tuple(after, id)),
    );
  }
  const order = descending ? 'desc' : 'asc';
  const rows = await page.orderBy(column, order).orderBy('interactions.id', order).execute();
  const sortValue = (row: InteractionRow) =>
    (column === 'interactions.occurred_at' ? row.occurred_at : row.created_at).toISOString();
  const total = query.count
    ? Number((await base.select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n)
    : undefined;
  return toPage(rows, query.limit, interactionToJson, (row) => [sortValue(row), row.id], total);
}
