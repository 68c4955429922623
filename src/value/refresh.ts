import { parseIsoDay } from '../analytics/civil-days.js';
import type { Tx } from '../db/tenant.js';
import { badRequest, notFound } from '../errors.js';
import { computeCustomerValues, type PredictionParams } from './customer-values.js';
import { type StoredModels, saveModels, storedModels, writeCustomerValues } from './store.js';
import { workspaceTransactions } from './transaction-columns.js';
import { fitValueModels } from './value-models.js';

export interface ValueRefreshResult {
  /** Customers with a purchase up to the as-of day, each now with a stored row. */
  customers: number;
  /** Whether the models were fitted in this refresh rather than reused. */
  refitted: boolean;
}

// The models describe months of buying; a fit a day old predicts as well as a new one, and a
// refit (with its backtest) is the slowest part of a refresh.
const REFIT_MS = 24 * 3_600_000;
const NO_MODELS: PredictionParams = { bgnbd: null, gammaGamma: null };

/** Customers whose stored values were computed at this as-of (all or none: a refresh writes them together). */
async function storedAt(db: Tx, asOf: string): Promise<number> {
  const row = await db
    .selectFrom('customer_values')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('as_of', '=', asOf)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export function needsRefit(stored: StoredModels | null, asOf: string, now = Date.now()): boolean {
  return !stored || stored.fittedAsOf !== asOf || now - stored.fittedAt.getTime() >= REFIT_MS;
}

export interface ValueRefreshOptions {
  /**
   * The caller knows that no transaction changed since the last refresh (the lifecycle refresh found
   * no customer marked by the triggers): values already stored at this as-of are then kept as they are.
   */
  dataUnchanged?: boolean;
}

/**
 * Computes and stores every customer's value and risk at `asOf` (YYYY-MM-DD) from the workspace's
 * transactions: one read of all of them as columns, the analytics engine over the columns, and
 * set-based writes. Runs in the caller's workspace transaction.
 */
export async function refreshCustomerValues(
  db: Tx,
  workspaceId: string,
  asOf: string,
  options: ValueRefreshOptions = {},
): Promise<ValueRefreshResult> {
  const day = parseIsoDay(asOf);
  if (Number.isNaN(day))
    throw badRequest('invalid as-of date', [{ path: 'asOf', message: 'must be YYYY-MM-DD' }]);
  const workspace = await db
    .selectFrom('workspaces')
    .select('timezone')
    .where('id', '=', workspaceId)
    .executeTakeFirst();
  if (!workspace) throw notFound('workspace');
  if (options.dataUnchanged) {
    const kept = await storedAt(db, asOf);
    if (kept > 0) return { customers: kept, refitted: false };
  }
  const [{ columns, customerIds }, stored] = await Promise.all([
    workspaceTransactions(db, workspace.timezone, day),
    storedModels(db),
  ]);
  const refitted = needsRefit(stored, asOf);
  const values = await computeCustomerValues(columns, day, async (summary) =>
    refitted
      ? saveModels(db, workspaceId, fitValueModels(columns, summary, day))
      : (stored?.params ?? NO_MODELS),
  );
  await writeCustomerValues(db, workspaceId, values, customerIds);
  return { customers: values.summary.customer.length, refitted };
}
