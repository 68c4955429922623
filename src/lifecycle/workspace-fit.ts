import { isDeepStrictEqual } from 'node:util';
import type { BgNbdParams } from '../analytics/bgnbd.js';
import { formatDay, parseIsoDay } from '../analytics/civil-days.js';
import type { Tx } from '../db/tenant.js';
import { workspaceTransactions } from '../value/transaction-columns.js';
import type { PurchaseRow } from './metrics.js';
import { fitPAliveModel, type PurchaseHistory } from './p-alive.js';
import { purchaseRowsOf } from './purchase-rows.js';

/** The fit stored with the settings: the as-of it was made at and its parameters (null: no usable fit). */
export interface StoredFit {
  asOf: string;
  params: BgNbdParams | null;
}

// The model describes months of buying behaviour; refitting it at most weekly keeps it current
// while a daily refresh re-evaluates only the customers whose own data or dates moved.
const REFIT_DAYS = 7;

export function needsRefit(fit: StoredFit | null, asOf: number): boolean {
  if (!fit) return true;
  const fitted = parseIsoDay(fit.asOf);
  return asOf < fitted || asOf - fitted >= REFIT_DAYS;
}

/**
 * The repeat-purchase histories at D of the customers as a whole, as (x, t_x, T) rows weighted by how
 * many customers share them: the BG/NBD likelihood depends on nothing else, and identical rows are common.
 */
function histories(purchases: PurchaseRow[], asOf: number): PurchaseHistory & { weights: Float64Array } {
  const weights = new Map<string, number>();
  for (const p of purchases) {
    // A customer first seen on the as-of day has T = 0: no time observed, nothing to fit.
    if (p.businessLineId !== null || p.first === null || p.last === null || p.first >= asOf) continue;
    const key = `${p.n - 1} ${p.last - p.first} ${asOf - p.first}`;
    weights.set(key, (weights.get(key) ?? 0) + 1);
  }
  const rows = [...weights].map(([key, w]) => [...key.split(' ').map(Number), w]);
  return {
    frequency: Float64Array.from(rows, (r) => r[0]),
    recency: Float64Array.from(rows, (r) => r[1]),
    T: Float64Array.from(rows, (r) => r[2]),
    weights: Float64Array.from(rows, (r) => r[3]),
  };
}

/** Fits P(alive) at D on the purchase metrics of every customer of the workspace. */
export function fitPurchases(purchases: PurchaseRow[], asOf: number): StoredFit {
  const data = histories(purchases, asOf);
  const customers = data.weights.reduce((sum, w) => sum + w, 0);
  return { asOf: formatDay(asOf), params: fitPAliveModel(data, customers) };
}

/** Fits P(alive) on the workspace's data at D. */
export async function fitWorkspace(tx: Tx, tz: string, asOf: number): Promise<StoredFit> {
  // The windows do not matter to the fit, which reads purchase days only.
  return fitPurchases(purchaseRowsOf(await workspaceTransactions(tx, tz), asOf, 90), asOf);
}

// Deep equality, not JSON text: jsonb stores object keys in its own order.
export const sameParams = (a: BgNbdParams | null, b: BgNbdParams | null) => isDeepStrictEqual(a, b);
