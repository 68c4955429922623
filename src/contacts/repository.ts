import { type Selectable, sql } from 'kysely';
import type { ContactsTable } from '../db/tables.js';
import type { Tx } from '../db/tenant.js';
import { notFound } from '../errors.js';
import { decodeTimeCursor, toPage } from '../http/list.js';
import type { ContactJson, ContactListQuery } from './schema.js';

/** A contact with its customer's owner, which decides whether its contact data is masked. */
export type ContactRow = Selectable<ContactsTable> & { customer_owner_id: string | null };

export function contactToJson(row: ContactRow): ContactJson {
  return {
    id: row.id,
    customerId: row.customer_id,
    ownerId: row.customer_owner_id,
    name: row.name,
    title: row.title,
    phones: row.phones,
    emails: row.emails,
    isPrimary: row.is_primary,
    version: row.version,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

/** A contact whose customer still exists: a deleted customer takes its contacts out of sight. */
export async function findContact(tx: Tx, id: string): Promise<ContactRow> {
  const row = await tx
    .selectFrom('contacts')
    .innerJoin('customers', 'customers.id', 'contacts.customer_id')
    .selectAll('contacts')
    .select('customers.owner_id as customer_owner_id')
    .where('contacts.id', '=', id)
    .where('customers.deleted_at', 'is', null)
    .executeTakeFirst();
  if (!row) throw notFound('contact');
  return row;
}

/** A customer's contacts in the order they were added. */
export async function listContacts(
  tx: Tx,
  customerId: string,
  ownerId: string | null,
  query: ContactListQuery,
) {
  const base = tx.selectFrom('contacts').where('customer_id', '=', customerId);
  let page = base
    .selectAll()
    .select(sql<string | null>`${ownerId}::uuid`.as('customer_owner_id'))
    .limit(query.limit + 1);
  if (query.cursor) {
    const [after, id] = decodeTimeCursor(query.cursor);
    page = page.where((eb) => eb(eb.refTuple('created_at', 'id'), '>', eb.tuple(after, id)));
  }
  const rows = await page.orderBy('created_at').orderBy('id').execute();
  const total = query.count
    ? Number((await base.select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n)
    : undefined;
  return toPage(rows, query.limit, contactToJson, (row) => [row.created_at.toISOString(), row.id], total);
}
