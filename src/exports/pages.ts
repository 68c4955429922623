import { type Kysely, sql } from 'kysely';
import type { z } from 'zod';
import { listCustomers } from '../customers/repository.js';
import { type CustomerJson, customerListQuery } from '../customers/schema.js';
import type { Tables } from '../db/tables.js';
import { inWorkspace, type Viewer } from '../db/tenant.js';
import { listTransactions } from '../transactions/repository.js';
import { transactionListQuery } from '../transactions/schema.js';
import type { TransactionExportRow } from './columns.js';

/** The list endpoints' filters and sort, without paging: an export holds every matching row. */
export const customerExportQuery = customerListQuery.omit({ limit: true, cursor: true, count: true });
export type CustomerExportQuery = z.infer<typeof customerExportQuery>;
export const transactionExportQuery = transactionListQuery.omit({ limit: true, cursor: true, count: true });
export type TransactionExportQuery = z.infer<typeof transactionExportQuery>;

/** Rows per read: big enough to stream fast, small enough that memory stays flat. */
export const EXPORT_PAGE = 1000;

/**
 * Every matching customer the viewer sees (all of them without one), a page at a time through the list's own keyset cursor. Each page is its
 * own short transaction, so a long export never holds a connection (on the embedded database, the
 * only one) or a snapshot: a row changed during the export shows as it was when its page was read.
 */
export async function* customerPages(
  db: Kysely<Tables>,
  workspaceId: string,
  query: CustomerExportQuery,
  phoneRegion: string,
  viewer?: Viewer,
): AsyncGenerator<CustomerJson[]> {
  let cursor: string | undefined;
  do {
    const page = await inWorkspace(
      db,
      workspaceId,
      (tx) => listCustomers(tx, { ...query, limit: EXPORT_PAGE, cursor }, phoneRegion, new Date()),
      viewer,
    );
    yield page.data;
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
}

export async function* transactionPages(
  db: Kysely<Tables>,
  workspaceId: string,
  query: TransactionExportQuery,
  viewer?: Viewer,
): AsyncGenerator<TransactionExportRow[]> {
  let cursor: string | undefined;
  do {
    const { page, customers, lines } = await inWorkspace(
      db,
      workspaceId,
      async (tx) => {
        const page = await listTransactions(tx, { ...query, limit: EXPORT_PAGE, cursor });
        const ids = [...new Set(page.data.map((t) => t.customerId))];
        const customers = ids.length
          ? await tx
              .selectFrom('customers')
              .select(['id', 'name', 'external_id'])
              .where(sql<boolean>`id = any(${ids}::uuid[])`)
              .execute()
          : [];
        const lines = await tx.selectFrom('business_lines').select(['id', 'name']).execute();
        return { page, customers, lines };
      },
      viewer,
    );
    const customerById = new Map(customers.map((c) => [c.id, c]));
    const lineName = new Map(lines.map((l) => [l.id, l.name]));
    yield page.data.map((t) => ({
      ...t,
      customerName: customerById.get(t.customerId)?.name ?? null,
      customerExternalId: customerById.get(t.customerId)?.external_id ?? null,
      businessLine: t.businessLineId ? (lineName.get(t.businessLineId) ?? null) : null,
    }));
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
}
