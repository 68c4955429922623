import type { TransactionColumns } from './summaries.js';

export interface SpendTrend {
  /** Net spend in the recent window (asOf − days, asOf], by customer index. */
  recent: Float64Array;
  /**
   * Net spend before the window, per window length of the customer's earlier tenure: what a
   * recent window would hold at the customer's usual pace (tenures shorter than a window count as one).
   */
  previous: Float64Array;
}

/**
 * The two halves of a spend trend, by customer index. Comparing the recent window with the whole
 * earlier pace rather than with the one window before it keeps a customer who bought in neither
 * of the last two windows from looking steady.
 */
export function spendTrend(tx: TransactionColumns, asOf: number, days: number): SpendTrend {
  const recent = new Float64Array(tx.customers);
  const before = new Float64Array(tx.customers);
  const first = new Float64Array(tx.customers).fill(Number.POSITIVE_INFINITY);
  const end = Math.floor(asOf) + 1;
  const windowStart = end - days;
  for (let i = 0; i < tx.time.length; i++) {
    const t = Math.floor(tx.time[i]);
    if (t >= end) continue;
    const c = tx.customer[i];
    if (t < first[c]) first[c] = t;
    if (t >= windowStart) recent[c] += tx.amount[i];
    else before[c] += tx.amount[i];
  }
  const previous = before.map((spend, c) => (spend * days) / Math.max(days, windowStart - first[c]));
  return { recent, previous };
}
