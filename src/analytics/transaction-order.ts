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
 *
 * The rows are moved in two steps: first to the part of a staging area that belongs to their block
 * of customers (a few hundred blocks, each written in sequence), then within each block to their
 * customer's place. Writing every row straight to its customer's place would scatter writes over
 * the whole output, a cache miss each; here the scattered writes of one block stay in cache.
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
  let shift = 0;
  while (count >> shift > BLOCKS) shift++;
  const blocks = (count >> shift) + 1;
  // Where each block's rows begin in the staging area: a count per block (a small array, in cache).
  const blockStart = new Int32Array(blocks + 1);
  // One unsigned comparison tells a customer outside the share, below or above it.
  for (let i = 0; i < n; i++) {
    const c = customer[i] - first;
    if (c >>> 0 < count && time[i] < until) blockStart[(c >> shift) + 1]++;
  }
  for (let b = 0; b < blocks; b++) blockStart[b + 1] += blockStart[b];
  const rows = blockStart[blocks];
  const blockFill = blockStart.slice(0, blocks);
  const stagedCustomer = new Int32Array(rows);
  const stagedDay = new Int32Array(rows);
  const stagedAmount = new Float64Array(rows);
  for (let i = 0; i < n; i++) {
    const c = customer[i] - first;
    const t = time[i];
    if (!(c >>> 0 < count && t < until)) continue;
    const k = blockFill[c >> shift]++;
    stagedCustomer[k] = c;
    stagedDay[k] = Math.floor(t / scale);
    stagedAmount[k] = tx.amount[i];
  }
  // Block by block, while its rows are in cache: a counting sort on customer, then each customer's
  // rows by day. The block's rows are copied aside and sorted back into its own part of the staging
  // area, which becomes the result: no second area of the full size to allocate.
  let largest = 0;
  for (let b = 0; b < blocks; b++) largest = Math.max(largest, blockStart[b + 1] - blockStart[b]);
  const asideCustomer = new Int32Array(largest);
  const asideDay = new Int32Array(largest);
  const asideAmount = new Float64Array(largest);
  const start = new Int32Array(count + 1);
  const day = stagedDay;
  const amount = stagedAmount;
  const fill = new Int32Array(1 << shift);
  for (let b = 0; b < blocks; b++) {
    const from = blockStart[b];
    const to = blockStart[b + 1];
    const lo = b << shift;
    const hi = Math.min(lo + (1 << shift), count);
    asideCustomer.set(stagedCustomer.subarray(from, to));
    asideDay.set(stagedDay.subarray(from, to));
    asideAmount.set(stagedAmount.subarray(from, to));
    for (let k = 0; k < to - from; k++) start[asideCustomer[k] + 1]++;
    for (let c = lo; c < hi; c++) {
      start[c + 1] += start[c];
      fill[c - lo] = start[c];
    }
    for (let k = 0; k < to - from; k++) {
      const m = fill[asideCustomer[k] - lo]++;
      day[m] = asideDay[k];
      amount[m] = asideAmount[k];
    }
    for (let c = lo; c < hi; c++) sortGroup(day, amount, start[c], start[c + 1]);
  }
  return { start, day, amount };
}

// Blocks of customers in the staging step: enough that each block's rows fit in cache, few enough
// that writing to every block's next place stays in cache too.
const BLOCKS = 256;

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
