import { type Selectable, sql } from 'kysely';
import type { ContractsTable } from '../db/tables.js';
import type { Tx } from '../db/tenant.js';
import { badRequest, notFound } from '../errors.js';
import { isoDate } from '../http/dates.js';
import { decodeTextCursor, toPage } from '../http/list.js';
import type { ContractJson, ContractListQuery } from './schema.js';

export type ContractRow = Selectable<ContractsTable>;

export function contractToJson(row: ContractRow): ContractJson {
  return {
    id: row.id,
    customerId: row.customer_id,
    title: row.title,
    signedOn: row.signed_on,
    startsOn: row.starts_on,
    endsOn: row.ends_on,
    amount: row.amount,
    currency: row.currency,
    businessLineId: row.business_line_id,
    note: row.note,
    createdBy: row.created_by,
    version: row.version,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

/** A contract the caller may see: one of another workspace, or of a customer out of scope, is a 404. */
export async function findContract(tx: Tx, id: string): Promise<ContractRow> {
  const row = await tx.selectFrom('contracts').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound('contract');
  return row;
}

/** A customer's contracts, the latest signed first. */
export async function listContracts(tx: Tx, customerId: string, query: ContractListQuery) {
  let page = tx.selectFrom('contracts').selectAll().where('customer_id', '=', customerId);
  if (query.cursor) {
    const [after, id] = decodeTextCursor(query.cursor);
    // A forged day would reach the query as a cast error: it is a 400 like any other forged cursor.
    if (!isoDate.safeParse(after).success)
      throw badRequest('invalid cursor', [
        { path: 'querystring.cursor', message: 'is not a cursor this API returned' },
      ]);
    page = page.where(sql<boolean>`(signed_on, id) < (${after}::date, ${id}::uuid)`);
  }
  const rows = await page
    .orderBy('signed_on', 'desc')
    .orderBy('id', 'desc')
    .limit(query.limit + 1)
    .execute();
  return toPage(rows, query.limit, contractToJson, (row) => [row.signed_on, row.id]);
}
