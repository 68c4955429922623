import type { Selectable } from 'kysely';
import type { BusinessLinesTable } from '../db/tables.js';
import type { Tx } from '../db/tenant.js';
import { notFound } from '../errors.js';
import { decodeCursor, toPage } from '../http/list.js';
import type { BusinessLineJson, BusinessLineListQuery } from './schema.js';

export type BusinessLineRow = Selectable<BusinessLinesTable>;

export function businessLineToJson(row: BusinessLineRow): BusinessLineJson {
  return {
    id: row.id,
    name: row.name,
    version: row.version,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

export async function findBusinessLine(tx: Tx, id: string): Promise<BusinessLineRow> {
  const row = await tx.selectFrom('business_lines').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound('business line');
  return row;
}

/** Lines sorted by name: a workspace has a handful, and people look for them by name. */
export async function listBusinessLines(tx: Tx, query: BusinessLineListQuery) {
  let page = tx
    .selectFrom('business_lines')
    .selectAll()
    .limit(query.limit + 1);
  if (query.cursor) {
    const [name, id] = decodeCursor(query.cursor);
    page = page.where((eb) => eb(eb.refTuple('name', 'id'), '>', eb.tuple(String(name), id)));
  }
  const rows = await page.orderBy('name').orderBy('id').execute();
  const total = query.count
    ? Number(
        (
          await tx
            .selectFrom('business_lines')
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      )
    : undefined;
  return toPage(rows, query.limit, businessLineToJson, (row) => [row.name, row.id], total);
}
