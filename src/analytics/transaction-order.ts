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
 * Groups rows with day ≤ `lastDay` by customer (stable, so rows keep file order within a customer),
 * then sorts each group by day. With `first` and `end`, only customers first…end−1 are grouped
 * (`start` then counts from `first`): one share of the work for a thread.
 *
 * The rows are moved in two steps: first to the part of a staging area that belongs to their block
 * of customers (a few hundred blocks, each written in sequence), then within each block to their
 * customer's place. Writing every row straight to its customer's place would scatter writes over
 * the whole output, a cache miss each; here the scattered writes of one block stay in cache. Two
 * threads share the steps through the parts below: each counts and stages half of the rows, then
 * orders its own blocks.
 */
export function orderByCustomerAndTime(
  tx: TransactionColumns,
  lastDay: number,
  first = 0,
  end = tx.customers,
): TransactionOrder {
  const plan = blockPlan(tx, lastDay, first, end);
  const n = tx.customer.length;
  const { blockStart, fills } = blockFills([countRowsByBlock(tx, plan, 0, n)]);
  const staged = stagingArea(blockStart[plan.blocks], false);
  stageRows(tx, plan, 0, n, fills[0], staged);
  return orderBlocks(staged, blockStart, plan, 0, plan.blocks);
}

/** Which rows are taken and how their customers fall into blocks: threads sharing the work agree on it. */
export interface BlockPlan {
  /** Customers first…first + count − 1 are taken; block b holds those from first + (b << shift) on. */
  first: number;
  count: number;
  shift: number;
  blocks: number;
  /** Rows whose time is below this, in the unit of the time column, are taken. */
  until: number;
  /** Units of the time column per day. */
  scale: number;
}

/** Rows grouped by block: customer (from the plan's first), day and amount. */
export interface StagingArea {
  customer: Int32Array;
  day: Int32Array;
  amount: Float64Array;
}

// Blocks of customers in the staging step: enough that each block's rows fit in cache, few enough
// that writing to every block's next place stays in cache too.
const BLOCKS = 256;

/** The plan for customers first…end−1 and rows up to `lastDay`, in about `blocks` blocks. */
export function blockPlan(
  tx: TransactionColumns,
  lastDay: number,
  first = 0,
  end = tx.customers,
  blocks = BLOCKS,
): BlockPlan {
  const count = end - first;
  let shift = 0;
  while (count >> shift > blocks) shift++;
  // Compared in the unit of the column, so that the common case (days) divides nothing per row.
  const scale = tx.timeUnit === 'epoch-ms' ? 86400000 : 1;
  return { first, count, shift, blocks: (count >> shift) + 1, until: (lastDay + 1) * scale, scale };
}

/** The rows from…to−1 that the plan takes, counted per block. */
export function countRowsByBlock(
  tx: TransactionColumns,
  plan: BlockPlan,
  from: number,
  to: number,
): Int32Array {
  const { customer, time } = tx;
  const { first, count, shift, until } = plan;
  const counts = new Int32Array(plan.blocks);
  // One unsigned comparison tells a customer outside the plan, below or above it.
  for (let i = from; i < to; i++) {
    const c = customer[i] - first;
    if (c >>> 0 < count && time[i] < until) counts[c >> shift]++;
  }
  return counts;
}

/**
 * Where each block begins in the staging area (one entry more, the end), and for each part of the
 * rows, in row order, where its rows of each block go: after those of the parts before.
 */
export function blockFills(partCounts: Int32Array[]): { blockStart: Int32Array; fills: Int32Array[] } {
  const blocks = partCounts[0].length;
  const blockStart = new Int32Array(blocks + 1);
  const fills = partCounts.map(() => new Int32Array(blocks));
  for (let b = 0; b < blocks; b++) {
    let at = blockStart[b];
    for (let p = 0; p < partCounts.length; p++) {
      fills[p][b] = at;
      at += partCounts[p][b];
    }
    blockStart[b + 1] = at;
  }
  return { blockStart, fills };
}

export function stagingArea(rows: number, shared: boolean): StagingArea {
  const bytes = (size: number) =>
    shared ? new SharedArrayBuffer(rows * size) : new ArrayBuffer(rows * size);
  return {
    customer: new Int32Array(bytes(4)),
    day: new Int32Array(bytes(4)),
    amount: new Float64Array(bytes(8)),
  };
}

/** Copies the rows from…to−1 that the plan takes to their block's next place in `fill`, which advances. */
export function stageRows(
  tx: TransactionColumns,
  plan: BlockPlan,
  from: number,
  to: number,
  fill: Int32Array,
  staged: StagingArea,
): void {
  const { customer, time, amount } = tx;
  const { first, count, shift, until, scale } = plan;
  for (let i = from; i < to; i++) {
    const c = customer[i] - first;
    const t = time[i];
    if (!(c >>> 0 < count && t < until)) continue;
    const k = fill[c >> shift]++;
    staged.customer[k] = c;
    staged.day[k] = Math.floor(t / scale);
    staged.amount[k] = amount[i];
  }
}

/**
 * Orders blocks firstBlock…endBlock−1 of the staging area in place, block by block while its rows
 * are in cache: a counting sort on customer, then each customer's rows by day. Returns the order of
 * their customers, `start` counting from the first customer of `firstBlock`.
 */
export function orderBlocks(
  staged: StagingArea,
  blockStart: Int32Array,
  plan: BlockPlan,
  firstBlock: number,
  endBlock: number,
): TransactionOrder {
  const { shift } = plan;
  const base = firstBlock << shift;
  const end = Math.min(endBlock << shift, plan.count);
  let largest = 0;
  for (let b = firstBlock; b < endBlock; b++) largest = Math.max(largest, blockStart[b + 1] - blockStart[b]);
  // Each block's rows are copied aside and sorted back into its own part of the staging area.
  const asideCustomer = new Int32Array(largest);
  const asideDay = new Int32Array(largest);
  const asideAmount = new Float64Array(largest);
  const start = new Int32Array(Math.max(0, end - base) + 1);
  start[0] = blockStart[firstBlock];
  const { day, amount } = staged;
  const fill = new Int32Array(1 << shift);
  for (let b = firstBlock; b < endBlock; b++) {
    const from = blockStart[b];
    const to = blockStart[b + 1];
    const lo = (b << shift) - base;
    const hi = Math.min((b + 1) << shift, plan.count) - base;
    asideCustomer.set(staged.customer.subarray(from, to));
    asideDay.set(day.subarray(from, to));
    asideAmount.set(amount.subarray(from, to));
    for (let k = 0; k < to - from; k++) start[asideCustomer[k] - base + 1]++;
    for (let c = lo; c < hi; c++) {
      start[c + 1] += start[c];
      fill[c - lo] = start[c];
    }
    for (let k = 0; k < to - from; k++) {
      const m = fill[asideCustomer[k] - base - lo]++;
      day[m] = asideDay[k];
      amount[m] = asideAmount[k];
    }
    for (let c = lo; c < hi; c++) sortGroup(day, amount, start[c], start[c + 1]);
  }
  return { start, day, amount };
}

/**
 * Stable sort of one customer's rows by day. Files are usually in time order, so the already-sorted
 * check pays for itself; short groups use insertion sort, long ones a comparison sort of positions.
 */
function sortGroup(day: Int32Array, amount: Float64Array, from: number, to: number): void {
  let sorted = true;
  for (let k = from + 1; k < to && sorted; k++)
    sorted = day[k - 1] < day[k] || (day[k - 1] === day[k] && amount[k - 1] <= amount[k]);
  if (sorted) return;
  if (to - from <= 32) {
    for (let k = from + 1; k < to; k++) {
      const d = day[k];
      const a = amount[k];
      let m = k - 1;
      for (; m >= from && (day[m] > d || (day[m] === d && amount[m] > a)); m--) {
        day[m + 1] = day[m];
        amount[m + 1] = amount[m];
      }
      day[m + 1] = d;
      amount[m + 1] = a;
    }
    return;
  }
  const positions = Array.from({ length: to - from }, (_, k) => from + k);
  positions.sort((a, b) => day[a] - day[b] || amount[a] - amount[b] || a - b);
  const days = positions.map((k) => day[k]);
  const amounts = positions.map((k) => amount[k]);
  day.set(days, from);
  amount.set(amounts, from);
}
