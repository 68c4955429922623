import { parseIsoDay } from '../analytics/civil-days.js';
import type { Tx } from '../db/tenant.js';
import { badRequest, notFound } from '../errors.js';
import { readChurnSignals, signalsOn, usesSignals } from '../scoring/churn-signals.js';
import type { WorkspaceModel } from '../scoring/workspace-model.js';
import { churnBandBounds } from './churn-band-settings.js';
import { scoreCustomers, valueCutoffs } from './customer-values.js';
import { type StoredCutoffs, saveCutoffs, storedCutoffs, writeCustomerValues } from './store.js';
import { valueColumns, type WorkspaceTransactions, workspaceTransactions } from './transaction-columns.js';
import { computeValues, computeValuesInThread, type ValueJob } from './value-computation.js';
import { valueScalesOf } from './value-scales.js';

export interface ValueRefreshResult {
  /** Customers with a purchase up to the as-of day whose row this refresh wrote or kept. */
  customers: number;
  /** Whom this refresh scored: nobody (values kept), only the changed customers, or everyone. */
  scored: 'none' | 'changed' | 'everyone';
}

// Quantile scores and ABC classes are relative: cut-offs a day old still score a single customer well.
const CUTOFFS_MS = 24 * 3_600_000;

/** Customers whose stored values were computed at this as-of (all or none: a refresh writes them together). */
async function storedAt(db: Tx, asOf: string): Promise<number> {
  const row = await db
    .selectFrom('customer_values')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('as_of', '=', asOf)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export interface ValueRefreshOptions {
  /**
   * The caller knows that no transaction changed since the last refresh (the lifecycle refresh found
   * no customer marked by the triggers): values already stored at this as-of are then kept as they are.
   */
  dataUnchanged?: boolean;
  /**
   * Only these customers' data can have changed (those the lifecycle refresh re-evaluates), and the
   * fit is the one the stored values were computed with: they are scored against the cut-offs when
   * those were made at this as-of less than a day ago; otherwise everyone is recomputed.
   */
  changed?: string[];
  /** Recompute everyone, whatever is stored (the nightly refresh). */
  everyone?: boolean;
  /** The workspace's fit (scoring/model-store.ts): every prediction comes from it. */
  model: WorkspaceModel;
  /**
   * Transactions the caller has read already: everyone's (no argument) or those of the `changed`
   * customers; undefined where it has not, and they are read here.
   */
  transactions?: (only?: string[]) => WorkspaceTransactions | undefined;
}

/** Whether stored cut-offs can score the as-of: made at it by a full recomputation less than a day ago. */
export function cutoffsHold(cutoffs: StoredCutoffs | null, asOf: string, now = Date.now()): boolean {
  return !!cutoffs && cutoffs.asOf === asOf && now - cutoffs.at.getTime() < CUTOFFS_MS;
}

/**
 * Computes and stores customers' value and risk at `asOf` (YYYY-MM-DD) from the workspace's
 * transactions and the workspace's fit, in the caller's workspace transaction. Everyone: one read of
 * all transactions as columns, the analytics engine over the columns, set-based writes, and the
 * cut-offs stored. Only the changed customers, between recomputations: their transactions alone, scored against
 * the stored cut-offs.
 */
export async function refreshCustomerValues(
  db: Tx,
  workspaceId: string,
  asOf: string,
  options: ValueRefreshOptions,
): Promise<ValueRefreshResult> {
  return (await startValueRefresh(db, workspaceId, asOf, options))();
}

// From this many sales, everyone's values are computed on a thread of their own: seconds of work
// that the caller's writes can overlap. Below it, starting the thread costs more than it saves.
const THREAD_SALES = 200_000;

/** The second step of a value refresh: computes (or waits for) the figures and writes them. */
export interface ValueStep {
  (): Promise<ValueRefreshResult>;
  /**
   * Only the changed customers are scored: a short step, which the caller can start early so that
   * its statements run while the caller computes something else.
   */
  few: boolean;
}

/**
 * refreshCustomerValues in two steps: this one reads what the computation needs and, for a large
 * workspace, starts it on a thread of its own; the function it answers waits for the figures and
 * writes them. In between, the caller can go on with the transaction.
 */
export async function startValueRefresh(
  db: Tx,
  workspaceId: string,
  asOf: string,
  options: ValueRefreshOptions,
): Promise<ValueStep> {
  const step = (run: () => Promise<ValueRefreshResult>, few = false) => Object.assign(run, { few });
  const day = parseIsoDay(asOf);
  if (Number.isNaN(day))
    throw badRequest('invalid as-of date', [{ path: 'asOf', message: 'must be YYYY-MM-DD' }]);
  const workspace = await db
    .selectFrom('workspaces')
    .select('timezone')
    .where('id', '=', workspaceId)
    .executeTakeFirst();
  if (!workspace) throw notFound('workspace');
  const [cutoffs, bands, { scales }] = await Promise.all([
    storedCutoffs(db),
    churnBandBounds(db),
    valueScalesOf(db),
  ]);
  const everyone = options.everyone === true;
  // Without cut-offs (changed churn bands clear them) the stored levels may be out of date.
  if (options.dataUnchanged && !everyone && cutoffs) {
    const kept = await storedAt(db, asOf);
    if (kept > 0) return step(async () => ({ customers: kept, scored: 'none' }));
  }
  // The churn model's signals are read with the transactions, for the same customers, when it uses them.
  const read = async (only?: string[]) => {
    const all = options.transactions?.(only) ?? (await workspaceTransactions(db, workspace.timezone, only));
    const signals = usesSignals(options.model.churn)
      ? signalsOn(
          await readChurnSignals(db, workspace.timezone, [day], all.customerIds, { only, everySignal: true }),
          day,
        )
      : undefined;
    return { columns: valueColumns(all, day), customerIds: all.customerIds, signals };
  };
  if (options.changed && !everyone && cutoffs && cutoffsHold(cutoffs, asOf)) {
    const only = options.changed;
    return step(async () => {
      const { columns, customerIds, signals } = await read(only);
      const values = scoreCustomers(columns, day, options.model, cutoffs.values, bands, signals);
      await writeCustomerValues(db, workspaceId, values, customerIds, only);
      return { customers: values.summary.customer.length, scored: 'changed' };
    }, true);
  }
  const { columns, customerIds, signals } = await read();
  const job: ValueJob = { columns, asOf: day, model: options.model, churnBands: bands, signals, scales };
  const computing = columns.customer.length >= THREAD_SALES ? computeValuesInThread(job) : undefined;
  // Awaited by the step answered; a failure meanwhile is not unhandled.
  computing?.catch(() => undefined);
  return step(async () => {
    const values = await (computing ?? computeValues(job));
    await writeCustomerValues(db, workspaceId, values, customerIds);
    await saveCutoffs(
      db,
      workspaceId,
      asOf,
      values.summary.customer.length > 0 ? valueCutoffs(values, scales.rfmBins) : null,
    );
    return { customers: values.summary.customer.length, scored: 'everyone' };
  });
}
