import type { TransactionColumns } from './summaries.js';

/**
 * Net spend of every customer (indexed by customer) in the recent window (asOf − days, asOf] and in
 * the window of the same length before it: the two halves of a spend trend.
 */
export function spendWindows(
  tx: TransactionColumns,
  asOf: number,
  days: number,
): { recent: Float64Array; previous: Float64Array } {
  const recent = new Float64Array(tx.customers);
  const previous = new Float64Array(tx.customers);
  const end = Math.floor(asOf) + 1;
  const middle = end - days;
  const start = middle - days;
  for (let i = 0; i < tx.time.length; i++) {
    const t = tx.time[i];
    if (t >= end || t < start) continue;
    if (t >= middle) recent[tx.customer[i]] += tx.amount[i];
    else previous[tx.customer[i]] += tx.amount[i];
  }
  return { recent, previous };
}
