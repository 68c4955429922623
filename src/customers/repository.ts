import type { Kysely, Selectable } from 'kysely';
import type { CustomersTable, Tables } from '../db/tables.js';
import type { Tx } from '../db/tenant.js';
import { notFound } from '../errors.js';
import { type CursorValue, decodeTextCursor, decodeTimeCursor, toPage } from '../http/list.js';
import { normalisePhone } from './normalise.js';
import type { CustomerJson, CustomerListQuery } from './schema.js';

export type CustomerRow = Selectable<CustomersTable>;

export function customerToJson(row: CustomerRow): CustomerJson {
  return {
    id: row.id,
    kind: row.kind,
    type: row.type,
    name: row.name,
    company: row.company,
    phones: row.phones,
    emails: row.emails,
    industry: row.industry,
    region: row.region,
    source: row.source,
    tags: row.tags,
    birthday: row.birthday,
    custom: row.custom,
    ownerId: row.owner_id,
    consent: row.consent,
    externalId: row.external_id,
    version: row.version,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

/** The live (not deleted) customer with this id, as a query to run where the caller needs it. */
export const customerById = (db: Kysely<Tables>, id: string) =>
  db.selectFrom('customers').selectAll().where('id', '=', id).where('deleted_at', 'is', null);

export async function findCustomer(tx: Tx, id: string): Promise<CustomerRow> {
  const row = await customerById(tx, id).executeTakeFirst();
  if (!row) throw notFound('customer');
  return row;
}

const sortColumns = { name: 'name', createdAt: 'created_at', updatedAt: 'updated_at' } as const;

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

export async function listCustomers(tx: Tx, query: CustomerListQuery, phoneRegion: string) {
  const descending = query.sort.startsWith('-');
  const column = sortColumns[query.sort.replace('-', '') as keyof typeof sortColumns];
  let base = tx.selectFrom('customers').where('deleted_at', 'is', null);
  if (query.ownerId)
    base = base.where(
      'owner_id',
      query.ownerId === 'none' ? 'is' : '=',
      query.ownerId === 'none' ? null : query.ownerId,
    );
  if (query.tag) base = base.where((eb) => eb('tags', '@>', eb.val([query.tag!])));
  if (query.type) base = base.where('type', '=', query.type);
  if (query.kind) base = base.where('kind', '=', query.kind);
  if (query.region) base = base.where('region', '=', query.region);
  if (query.industry) base = base.where('industry', '=', query.industry);
  if (query.source) base = base.where('source', '=', query.source);
  if (query.q) {
    const q = query.q;
    const pattern = `%${escapeLike(q)}%`;
    const phone = /^[+\d][\d\s().-]{4,}$/.test(q) ? normalisePhone(q, phoneRegion) : undefined;
    const digits = q.replace(/\D/g, '');
    base = base.where((eb) =>
      eb.or([
        eb('name', 'ilike', pattern),
        eb('company', 'ilike', pattern),
        eb('emails', '@>', eb.val([q.toLowerCase()])),
        ...(phone ? [eb('phones', '@>', eb.val([phone]))] : []),
        // Partial phone numbers: the last digits a caller remembers.
        ...(digits.length >= 4 && !phone
          ? [eb(eb.fn('array_to_string', ['phones', eb.val(' ')]), 'like', `%${digits}%`)]
          : []),
      ]),
    );
  }

  let page = base.selectAll().limit(query.limit + 1);
  if (query.cursor) {
    const [after, id] = column === 'name' ? decodeTextCursor(query.cursor) : decodeTimeCursor(query.cursor);
    page = page.where((eb) => eb(eb.refTuple(column, 'id'), descending ? '<' : '>', eb.tuple(after, id)));
  }
  page = page.orderBy(column, descending ? 'desc' : 'asc').orderBy('id', descending ? 'desc' : 'asc');

  const rows = await page.execute();
  const total = query.count
    ? Number((await base.select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n)
    : undefined;
  return toPage(
    rows,
    query.limit,
    customerToJson,
    (row): CursorValue => [column === 'name' ? row.name : row[column].toISOString(), row.id],
    total,
  );
}
