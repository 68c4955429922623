import { sql } from 'kysely';
import type { BgNbdParams } from '../analytics/bgnbd.js';
import { formatDay } from '../analytics/civil-days.js';
import type { GammaGammaParams } from '../analytics/gamma-gamma.js';
import type { Tx } from '../db/tenant.js';
import { pipelinedChunks, textRecords } from '../db/text-records.js';
import type { CustomerValues, PredictionParams } from './customer-values.js';
import type { ValueCutoffs } from './value-cutoffs.js';
import type { ValueModels } from './value-models.js';
import { VALUE_COLUMNS, valueLines } from './value-rows.js';

// Rows per statement: a million customers take fifty statements, each with a text parameter of
// a few megabytes.
const CHUNK = 20_000;

/**
 * Upserts every computed customer in chunks of one INSERT … SELECT each from a text of records (see
 * text-records.ts), then removes the rows of customers who no longer have a purchase (deleted, or
 * only returns left): they were not written by this refresh, so their computed_at is older than the
 * transaction's now() (rounded as the column rounds it). With `only`, among those customers the
 * ones left unscored go.
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
  await pipelinedChunks(n, CHUNK, (from, to) => {
    const lines = valueLines(values, customerIds, from, to);
    return sql`
      insert into customer_values (workspace_id, as_of, computed_at, ${columns})
      select ${workspaceId}::uuid, ${asOf}::date, now(), ${columns}
      from ${textRecords(lines, VALUE_COLUMNS)} as r
      on conflict (workspace_id, customer_id) do update set
        as_of = excluded.as_of, computed_at = excluded.computed_at, ${updates}`.execute(tx);
  });
  if (!only) {
    await sql`delete from customer_values where computed_at < now()::timestamptz(3)`.execute(tx);
    return;
  }
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

/** The stored fit: when it was made, and the parameters it predicts with. */
export interface StoredModels {
  fittedAsOf: string;
  fittedAt: Date;
  params: PredictionParams;
  /** The day the stored backtest's holdout ends; null without one. */
  backtestEnd: string | null;
  /** The cut-offs of the last full recomputation, at which as-of and when; null before the first. */
  cutoffs: { asOf: string; at: Date; values: ValueCutoffs } | null;
}

export async function storedModels(tx: Tx): Promise<StoredModels | null> {
  const row = await tx
    .selectFrom('customer_value_models')
    .select([
      'fitted_as_of',
      'fitted_at',
      'bgnbd_params',
      'gamma_gamma_params',
      'cutoffs',
      'cutoffs_as_of',
      'cutoffs_at',
      sql<string | null>`backtest ->> 'holdoutEnd'`.as('backtest_end'),
    ])
    .executeTakeFirst();
  if (!row) return null;
  const bgnbd = usable(row.bgnbd_params) as BgNbdParams | null;
  const gammaGamma = usable(row.gamma_gamma_params) as GammaGammaParams | null;
  const { cutoffs, cutoffs_as_of: asOf, cutoffs_at: at } = row;
  return {
    fittedAsOf: row.fitted_as_of,
    fittedAt: row.fitted_at,
    params: { bgnbd, gammaGamma: bgnbd && gammaGamma },
    backtestEnd: row.backtest_end,
    cutoffs: cutoffs && asOf && at ? { asOf, at, values: cutoffs as unknown as ValueCutoffs } : null,
  };
}

/**
 * Stores the cut-offs of a full recomputation beside the fit (saved before, so the row exists); null
 * when nobody has bought yet, so that no older cut-offs score the next customers.
 */
export async function saveCutoffs(tx: Tx, asOf: string, cutoffs: ValueCutoffs | null): Promise<void> {
  await tx
    .updateTable('customer_value_models')
    .set({
      cutoffs: cutoffs && JSON.stringify(cutoffs),
      cutoffs_as_of: cutoffs && asOf,
      cutoffs_at: cutoffs && sql<Date>`now()`,
    })
    .execute();
}

/** Stored parameters that can be evaluated: the same test as usableParams applies at fit time. */
const usable = (params: Record<string, number> | null) =>
  params && Object.values(params).every((v) => Number.isFinite(v) && v > 0) ? params : null;

/** Replaces the workspace's fit. */
export async function saveModels(tx: Tx, workspaceId: string, models: ValueModels): Promise<void> {
  const { bgnbd, gammaGamma } = models;
  const row = {
    workspace_id: workspaceId,
    fitted_as_of: formatDay(models.asOf),
    fitted_at: sql<Date>`now()`,
    bgnbd_params: bgnbd ? JSON.stringify(bgnbd.params) : null,
    bgnbd_log_likelihood: bgnbd?.logLikelihood ?? null,
    bgnbd_n: bgnbd?.n ?? null,
    bgnbd_converged: bgnbd?.converged ?? null,
    gamma_gamma_params: gammaGamma ? JSON.stringify(gammaGamma.params) : null,
    gamma_gamma_log_likelihood: gammaGamma?.logLikelihood ?? null,
    gamma_gamma_n: gammaGamma?.n ?? null,
    gamma_gamma_converged: gammaGamma?.converged ?? null,
    gamma_gamma_skipped: gammaGamma?.skipped ?? null,
    // Undefined leaves the stored backtest as it is (below, and on insert there is none).
    backtest:
      models.backtest === undefined
        ? undefined
        : models.backtest
          ? JSON.stringify({
              ...models.backtest,
              calibrationEnd: formatDay(models.backtest.calibrationEnd),
              holdoutEnd: formatDay(models.backtest.holdoutEnd),
              tracking: models.backtest.tracking.map((w) => ({ ...w, weekEnd: formatDay(w.weekEnd) })),
            })
          : null,
    warnings: JSON.stringify(models.warnings),
  };
  const { workspace_id: _, ...update } = row;
  await tx
    .insertInto('customer_value_models')
    .values(row)
    .onConflict((oc) => oc.column('workspace_id').doUpdateSet(update))
    .execute();
}
