import { sql } from 'kysely';
import type { Tx } from '../db/tenant.js';
import { AppError, type FieldError } from '../errors.js';

export interface KeyedRow {
  path: string;
  externalId?: string | null;
}

/** A batch that names one external id twice would fail on the unique key; say which rows instead. */
export function repeatedExternalIds(rows: KeyedRow[]): FieldError[] {
  const first = new Map<string, string>();
  const errors: FieldError[] = [];
  for (const row of rows) {
    if (!row.externalId) continue;
    const seen = first.get(row.externalId);
    if (seen) errors.push({ path: `${row.path}.externalId`, message: `repeats the externalId of ${seen}` });
    else first.set(row.externalId, row.path);
  }
  return errors;
}

/**
 * 409 naming the transactions that already hold the external ids, so an importer that retries can match
 * them instead of creating duplicates. `exceptId` lets a transaction keep its own id on update.
 */
export async function assertExternalIdsFree(tx: Tx, rows: KeyedRow[], exceptId?: string) {
  const wanted = rows.flatMap((r) => (r.externalId ? [r.externalId] : []));
  if (!wanted.length) return;
  const taken = await tx
    .selectFrom('transactions')
    .select(['id', 'external_id'])
    .where(sql<boolean>`external_id = any(${wanted}::text[])`)
    .$if(exceptId !== undefined, (q) => q.where('id', '<>', exceptId!))
    .execute();
  if (!taken.length) return;
  const holder = new Map(taken.map((t) => [t.external_id, t.id]));
  const existing = rows.flatMap((row) => {
    const id = row.externalId ? holder.get(row.externalId) : undefined;
    return id ? [{ path: `${row.path}.externalId`, externalId: row.externalId, id }] : [];
  });
  throw new AppError(
    409,
    'conflict',
    `${existing.length} externalId(s) already belong to other transactions`,
    existing.map((e) => ({ path: e.path, message: `is already used by transaction ${e.id}` })),
    existing.length === 1 ? { existingId: existing[0].id, existing } : { existing },
  );
}

/** The same conflict found by the unique key itself, when a concurrent writer won the race. */
export const externalIdRace = () =>
  new AppError(409, 'conflict', 'an externalId was taken by a concurrent write; read and retry');

/** Which of `externalIds` the workspace's transactions hold already, each with its transaction's customer (one index probe each). */
export async function heldExternalIds(
  tx: Tx,
  workspaceId: string,
  externalIds: string[],
): Promise<Map<string, string>> {
  if (!externalIds.length) return new Map();
  const held = await tx
    .selectFrom('transactions')
    .select(['external_id', 'customer_id'])
    .where('workspace_id', '=', workspaceId)
    .where(sql<boolean>`external_id = any(${externalIds}::text[])`)
    .execute();
  return new Map(held.map((t) => [t.external_id as string, t.customer_id]));
}
