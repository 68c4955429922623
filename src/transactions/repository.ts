import type { Selectable } from 'kysely';
import type { TransactionsTable } from '../db/tables.js';
import type { Tx } from '../db/tenant.js';
import { notFound } from '../errors.js';
import { decodeTimeCursor, toPage } from '../http/list.js';
import type { TransactionJson, TransactionListQuery } from './schema.js';

export type TransactionRow = Selectable<TransactionsTable>;

export function transactionToJson(row: TransactionRow): TransactionJson {
  return {
    id: row.id,
    customerId: row.customer_id,
    businessLineId: row.business_line_id,
    occurredAt: row.occurred_at.toISOString(),
    amount: row.amount,
    margin: row.margin,
    currency: row.currency,
    externalId: row.external_id,
    version: row.version,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

export async function findTransaction(tx: Tx, id: string): Promise<TransactionRow> {
  const row = await tx.selectFrom('transactions').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound('transaction');
  return row;
}

function filtered(tx: Tx, query: TransactionListQuery) {
  let base = tx.selectFrom('transactions');
  if (query.customerId) base = base.where('customer_id', '=', query.customerId);
  if (query.businessLineId) base = base.where('business_line_id', '=', query.businessLineId);
  if (query.from) base = base.where('occurred_at', '>=', new Date(query.from));
  if (query.to) base = base.where('occurred_at', '<', new Date(query.to));
  return base;
}

export async function listTransactions(tx: Tx, query: TransactionListQuery) {
  const base = filtered(tx, query);
  const direction = query.sort === '-occurredAt' ? 'desc' : 'asc';
  let page = base.selectAll().limit(query.limit + 1);
  if (query.cursor) {
    const [after, id] = decodeTimeCursor(query.cursor);
    page = page.where((eb) =>
      eb(eb.refTuple('occurred_at', 'id'), direction === 'desc' ? '<' : '>', eb.tuple(after, id)),
    );
  }
  const rows = await page.orderBy('occurred_at', direction).orderBy('id', direction).execute();
  const total = query.count
    ? Number((await base.select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n)
    : undefined;
  return toPage(
    rows,
    query.limit,
    transactionToJson,
    (row) => [row.occurred_at.toISOString(), row.id],
    total,
  );
}
