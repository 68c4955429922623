import { sql } from 'kysely';
import type { Tx } from '../db/tenant.js';
import { notFound } from '../errors.js';

/**
 * A customer's id and the ids merged into it: one person's records, live, deleted or merged away.
 * 404 when no customer of the workspace has the id.
 */
export async function customerAndMergedIds(tx: Tx, id: string): Promise<string[]> {
  const row = await tx.selectFrom('customers').select('id').where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound('customer');
  const aliases = await tx
    .selectFrom('customer_aliases')
    .select('alias_id')
    .where('customer_id', '=', id)
    .execute();
  return [id, ...aliases.map((a) => a.alias_id)];
}

/**
 * Removes every personal field of these customers' rows and hides them, with the records of their merges. The rows stay, under their
 * ids, so that their transactions keep counting in revenue and models; kind, type and owner stay as
 * they name no one. Answers the ids erased now (already erased ones are skipped).
 */
export async function anonymiseCustomers(tx: Tx, ids: string[]): Promise<string[]> {
  if (ids.length === 0) return [];
  const rows = await tx
    .updateTable('customers')
    .set((eb) => ({
      name: '',
      company: null,
      phones: sql<string[]>`'{}'::text[]`,
      emails: sql<string[]>`'{}'::text[]`,
      industry: null,
      region: null,
      source: null,
      tags: sql<string[]>`'{}'::text[]`,
      birthday: null,
      custom: '{}',
      consent: '{}',
      external_id: null,
      erased_at: new Date(),
      deleted_at: sql<Date>`coalesce(deleted_at, now())`,
      version: eb('version', '+', 1),
      updated_at: new Date(),
    }))
    .where(sql<boolean>`id = any(${ids}::uuid[])`)
    .where('erased_at', 'is', null)
    .returning('id')
    .execute();
  // A merge's record keeps the survivor's fields from before and after it: an erased person's merge
  // cannot be undone, and its record goes.
  await tx
    .deleteFrom('customer_merges')
    .where(sql<boolean>`survivor_id = any(${ids}::uuid[]) or source_ids && ${ids}::uuid[]`)
    .execute();
  return rows.map((r) => r.id);
}
