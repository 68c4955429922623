import { sql } from 'kysely';
import { formatDay } from '../analytics/civil-days.js';
import type { Tx } from '../db/tenant.js';
import { pipelinedChunks, textRecords } from '../db/text-records.js';
import type { CustomerValues } from './customer-values.js';
import type { ValueCutoffs } from './value-cutoffs.js';
import { VALUE_COLUMNS, valueLines } from './value-rows.js';

// Rows per statement: a million customers take fifty statements, each with a text parameter of
// a few megabytes.
const CHUNK = 20_000;

/**
 * Writes every computed customer in chunks of one INSERT … SELECT each from a text of records (see
 * text-records.ts). Scoring everyone replaces the workspace's rows: they are deleted first, which also
 * drops the customers who no longer have a purchase (deleted, or only returns left). Updating them in
 * place took twice as long: most figures change every day, and an update that changes an indexed
 * figure adds an entry to each of the five indexes, then finds the row again through the key. With
 * `only`, those customers' rows are upserted and the ones left unscored go.
 */
export async function writeCustomerValues(
  tx: Tx,
  workspaceId: string,
  values: CustomerValues,
  customerIds: string[],
  /** Only these customers were scored: the rows of the others stay. */
  only?: string[],
): Promise<void> {
  const asOf = formatDay(values.asOf);
  const n = values.summary.customer.length;
  const names = VALUE_COLUMNS.map(([name]) => name);
  const columns = sql.raw(names.join(', '));
  const updates = sql.raw(
    names
      .slice(1)
      .map((name) => `${name} = excluded.${name}`)
      .join(', '),
  );
  if (!only) await sql`delete from customer_values where workspace_id = ${workspaceId}`.execute(tx);
  await pipelinedChunks(n, CHUNK, (from, to) => {
    const lines = valueLines(values, customerIds, from, to);
    return sql`
      insert into customer_values (workspace_id, as_of, computed_at, ${columns})
      select ${workspaceId}::uuid, ${asOf}::date, now(), ${columns}
      from ${textRecords(lines, VALUE_COLUMNS)} as r
      on conflict (workspace_id, customer_id) do update set
        as_of = excluded.as_of, computed_at = excluded.computed_at, ${updates}`.execute(tx);
  });
  if (!only) return;
  // Scored customers without a purchase any more (those the summary has no row for), and customers
  // deleted since (no trigger marks a deletion): the reports read customer_values alone.
  const scored = new Set(Array.from(values.summary.customer, (k) => customerIds[k]));
  const without = only.filter((id) => !scored.has(id));
  if (without.length > 0)
    await sql`delete from customer_values where customer_id = any(${without}::uuid[])`.execute(tx);
  await sql`
    delete from customer_values
    where customer_id in (select id from customers where deleted_at is not null)`.execute(tx);
}

/** The cut-offs of the last full recomputation, at which as-of and when. */
export interface StoredCutoffs {
  asOf: string;
  at: Date;
  values: ValueCutoffs;
}

export async function storedCutoffs(tx: Tx): Promise<StoredCutoffs | null> {
  const row = await tx
    .selectFrom('customer_value_models')
    .select(['cutoffs', 'cutoffs_as_of', 'cutoffs_at'])
    .executeTakeFirst();
  const { cutoffs, cutoffs_as_of: asOf, cutoffs_at: at } = row ?? {};
  return cutoffs && asOf && at ? { asOf, at, values: cutoffs as unknown as ValueCutoffs } : null;
}

/**
 * Stores the cut-offs of a full recomputation; null when nobody has bought yet, so that no older
 * cut-offs score the next customers.
 */
export async function saveCutoffs(
  tx: Tx,
  workspaceId: string,
  asOf: string,
  cutoffs: ValueCutoffs | null,
): Promise<void> {
  const row = {
    cutoffs: cutoffs && JSON.stringify(cutoffs),
    cutoffs_as_of: cutoffs && asOf,
    cutoffs_at: cutoffs && sql<Date>`now()`,
  };
  await tx
    .insertInto('customer_value_models')
    .values({ workspace_id: workspaceId, ...row })
    .onConflict((oc) => oc.column('workspace_id').doUpdateSet(row))
    .execute();
}
