import type { WorkspaceTransactions } from '../value/transaction-columns.js';
import type { PurchaseRow } from './metrics.js';

/**
 * The purchase metrics of every customer with a transaction, and of every customer in each line
 * they bought in, at day D, from the columns the refresh reads once: purchase days (several sales on
 * one day are one purchase day, their amounts summed), the median interval between purchase days up
 * to D, net revenue in the two windows before D, the next day either window changes and the first
 * purchase day after D (when the stage can next change). Sums are kept in cents, exact as the
 * database's numeric.
 */
export function purchaseRowsOf(t: WorkspaceTransactions, asOf: number, windowDays: number): PurchaseRow[] {
  const { start, day, cents, line } = groupByCustomer(t);
  const out: PurchaseRow[] = [];
  const steps = new Float64Array(maxRun(start));
  const lines: number[] = [];
  for (let c = 0; c + 1 < start.length; c++) {
    const from = start[c];
    const to = start[c + 1];
    if (from === to) continue;
    const customerId = t.customerIds[c];
    out.push(metricsOf(customerId, null, day, cents, line, from, to, 0, asOf, windowDays, steps));
    lines.length = 0;
    for (let i = from; i < to; i++) if (line[i] !== 0 && !lines.includes(line[i])) lines.push(line[i]);
    for (const l of lines) {
      out.push(
        metricsOf(customerId, t.lineIds[l - 1], day, cents, line, from, to, l, asOf, windowDays, steps),
      );
    }
  }
  return out;
}

/** The rows of each customer together, by day: a counting sort on customer, then a sort of each run. */
export function groupByCustomer(t: WorkspaceTransactions) {
  const n = t.customer.length;
  const start = new Int32Array(t.customerIds.length + 1);
  for (let i = 0; i < n; i++) start[t.customer[i] + 1]++;
  for (let c = 0; c + 1 < start.length; c++) start[c + 1] += start[c];
  const fill = start.slice(0, -1);
  const day = new Int32Array(n);
  const cents = new Float64Array(n);
  const line = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const k = fill[t.customer[i]]++;
    day[k] = t.day[i];
    cents[k] = Math.round(t.amount[i] * 100);
    line[k] = t.line[i];
  }
  for (let c = 0; c + 1 < start.length; c++) sortRun(day, cents, line, start[c], start[c + 1]);
  return { start, day, cents, line };
}

/** Sorts positions from…to−1 by day: insertion sort for the short runs most customers have. */
function sortRun(day: Int32Array, cents: Float64Array, line: Int32Array, from: number, to: number) {
  if (to - from > 32) {
    const order = Array.from({ length: to - from }, (_, i) => from + i).sort((a, b) => day[a] - day[b]);
    const d = order.map((i) => day[i]);
    const c = order.map((i) => cents[i]);
    const l = order.map((i) => line[i]);
    day.set(d, from);
    cents.set(c, from);
    line.set(l, from);
    return;
  }
  for (let i = from + 1; i < to; i++) {
    const d = day[i];
    const c = cents[i];
    const l = line[i];
    let j = i - 1;
    for (; j >= from && day[j] > d; j--) {
      day[j + 1] = day[j];
      cents[j + 1] = cents[j];
      line[j + 1] = line[j];
    }
    day[j + 1] = d;
    cents[j + 1] = c;
    line[j + 1] = l;
  }
}

export function maxRun(start: Int32Array): number {
  let max = 0;
  for (let c = 0; c + 1 < start.length; c++) max = Math.max(max, start[c + 1] - start[c]);
  return max;
}

/** One customer's metrics over positions from…to−1, of one line (lineNumber > 0) or of all (0). */
export function metricsOf(
  customerId: string,
  businessLineId: string | null,
  day: Int32Array,
  cents: Float64Array,
  line: Int32Array,
  from: number,
  to: number,
  lineNumber: number,
  asOf: number,
  windowDays: number,
  steps: Float64Array,
): PurchaseRow {
  const recent = asOf - windowDays;
  const previous = asOf - 2 * windowDays;
  let n = 0;
  let first: number | null = null;
  let last: number | null = null;
  let rev = 0;
  let prev = 0;
  let windowChange: number | null = null;
  let nextPurchase: number | null = null;
  let stepCount = 0;
  for (let i = from; i < to; i++) {
    if (lineNumber !== 0 && line[i] !== lineNumber) continue;
    const d = day[i];
    if (d > asOf) {
      nextPurchase = d;
      break;
    }
    if (d > recent) rev += cents[i];
    else if (d > previous) prev += cents[i];
    if (d === last) continue;
    // A new purchase day.
    if (last !== null) steps[stepCount++] = d - last;
    if (first === null) first = d;
    last = d;
    n++;
    if (d > previous) {
      const change = d > recent ? d + windowDays : d + 2 * windowDays;
      if (windowChange === null || change < windowChange) windowChange = change;
    }
  }
  return {
    customerId,
    businessLineId,
    n,
    first,
    last,
    rhythm: stepCount === 0 ? null : median(steps, stepCount),
    rev: rev / 100,
    prev: prev / 100,
    windowChange,
    nextPurchase,
  };
}

/** The median of the first `count` values (reordered in place). */
function median(values: Float64Array, count: number): number {
  const sorted = values.subarray(0, count).sort();
  const mid = count >> 1;
  return count % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}
