import { isDeepStrictEqual } from 'node:util';
import { sql } from 'kysely';
import type { BgNbdParams } from '../analytics/bgnbd.js';
import { formatDay, parseIsoDay } from '../analytics/civil-days.js';
import type { Tx } from '../db/tenant.js';
import { fitPAliveModel, type PurchaseHistory } from './p-alive.js';

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
 * The workspace's repeat-purchase histories at D in one statement, as (x, t_x, T) rows weighted by how
 * many customers share them: the BG/NBD likelihood depends on nothing else, and identical rows are common.
 */
async function histories(
  tx: Tx,
  tz: string,
  asOf: number,
): Promise<PurchaseHistory & { weights: Float64Array }> {
  const { rows } = await sql<{ x: number; tx: number; t: number; w: number }>`
    with days as (
      select distinct customer_id, ((occurred_at at time zone ${tz})::date - date '1970-01-01') as day
      from transactions
    ), histories as (
      select count(*) - 1 as x, max(day) - min(day) as tx, ${asOf} - min(day) as t
      from days where day <= ${asOf} group by customer_id
      -- A customer first seen on the as-of day has T = 0: no time observed, nothing to fit.
      having min(day) < ${asOf}
    )
    select x::int as x, tx, t, count(*)::int as w from histories group by x, tx, t`.execute(tx);
  return {
    frequency: Float64Array.from(rows, (r) => r.x),
    recency: Float64Array.from(rows, (r) => r.tx),
    T: Float64Array.from(rows, (r) => r.t),
    weights: Float64Array.from(rows, (r) => r.w),
  };
}

/** Fits P(alive) on the workspace's data at D. */
export async function fitWorkspace(tx: Tx, tz: string, asOf: number): Promise<StoredFit> {
  const data = await histories(tx, tz, asOf);
  const customers = data.weights.reduce((sum, w) => sum + w, 0);
  return { asOf: formatDay(asOf), params: fitPAliveModel(data, customers) };
}

// Deep equality, not JSON text: jsonb stores object keys in its own order.
export const sameParams = (a: BgNbdParams | null, b: BgNbdParams | null) => isDeepStrictEqual(a, b);
