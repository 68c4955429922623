import type { TransactionColumns } from './summaries.js';

/**
 * Each customer's rows, grouped and sorted by day: summaries walk a customer's history in time
 * order through sequential reads. Copying the day and amount into this order while the row is at
 * hand spares the walk a random read per row.
 */
export interface TransactionOrder {
  /** Rows of customer c are at positions `start[c]` … `start[c + 1] − 1`. */
  start: Int32Array;
  /** Calendar day and amount at each position. */
  day: Int32Array;
  amount: Float64Array;
}

/**
 * Groups rows with day ≤ `lastDay` by a counting sort on customer (stable, so rows keep file order
 * within a customer), then sorts each group by day. With `first` and `end`, only customers
 * first…end−1 are grouped (`start` then counts from `first`): one share of the work for a thread.
 */
export function orderByCustomerAndTime(
  tx: TransactionColumns,
  lastDay: number,
  first = 0,
  end = tx.customers,
): TransactionOrder {
  const n = tx.customer.length;
  const count = end - first;
  const { customer, time } = tx;
  // Compared in the unit of the column, so that the common case (days) divides nothing per row.
  const scale = tx.timeUnit === 'epoch-ms' ? 86400000 : 1;
  const until = (lastDay + 1) * scale;
  const start = new Int32Array(count + 1);
  // One unsigned comparison tells a customer outside the share, below or above it.
  for (let i = 0; i < n; i++) {
    const c = customer[i] - first;
    if (c >>> 0 < count && time[i] < until) start[c + 1]++;
  }
  for (let c = 0; c < count; c++) start[c + 1] += start[c];
  const fill = start.slice(0, count);
  const day = new Int32Array(start[count]);
  const amount = new Float64Array(day.length);
  for (let i = 0; i < n; i++) {
    const c = customer[i] - first;
    const t = time[i];
    if (!(c >>> 0 < count && t < until)) continue;
    const k = fill[c]++;
    day[k] = Math.floor(t / scale);
    amount[k] = tx.amount[i];
  }
  for (let c = 0; c < count; c++) sortGroup(day, amount, start[c], start[c + 1]);
  return { start, day, amount };
}

/**
 * Stable sort of one customer's rows by day. Files are usually in time order, so the already-sorted
 * check pays for itself; short groups use insertion sort, long ones a comparison sort of positions.
 */
function sortGroup(day: Int32Array, amount: Float64Array, from: number, to: number): void {
  let sorted = true;
  for (let k = from + 1; k < to && sorted; k++) sorted = day[k - 1] <= day[k];
  if (sorted) return;
  if (to - from <= 32) {
    for (let k = from + 1; k < to; k++) {
      const d = day[k];
      const a = amount[k];
      let m = k - 1;
      for (; m >= from && day[m] > d; m--) {
        day[m + 1] = day[m];
        amount[m + 1] = amount[m];
      }
      day[m + 1] = d;
      amount[m + 1] = a;
    }
    return;
  }
  const positions = Array.from({ length: to - from }, (_, k) => from + k);
  positions.sort((a, b) => day[a] - day[b] || a - b);
  const days = positions.map((k) => day[k]);
  const amounts = positions.map((k) => amount[k]);
  day.set(days, from);
  amount.set(amounts, from);
}
