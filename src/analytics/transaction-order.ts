/**
 * Rows grouped by customer and sorted by day within each customer, as index arrays: summaries walk
 * each customer's history in time order without moving the transaction columns themselves.
 */
export interface TransactionOrder {
  /** Rows of customer c are `order[start[c]] … order[start[c + 1] - 1]`. */
  start: Int32Array;
  order: Int32Array;
  /** Calendar day and amount of each ordered row (`day[k]` belongs to row `order[k]`). */
  day: Float64Array;
  amount: Float64Array;
}

/** Groups rows with day ≤ `lastDay` by a counting sort on customer, then sorts each group by day. */
export function orderByCustomerAndTime(
  tx: { customer: Int32Array; time: Float64Array; amount: Float64Array; customers: number },
  lastDay: number,
): TransactionOrder {
  const n = tx.customer.length;
  const start = new Int32Array(tx.customers + 1);
  for (let i = 0; i < n; i++) if (tx.time[i] < lastDay + 1) start[tx.customer[i] + 1]++;
  for (let c = 0; c < tx.customers; c++) start[c + 1] += start[c];
  const fill = start.slice(0, tx.customers);
  const order = new Int32Array(start[tx.customers]);
  const day = new Float64Array(order.length);
  // Copying amounts into customer order here, while the row is at hand, spares the summaries a
  // random read per row later.
  const amount = new Float64Array(order.length);
  for (let i = 0; i < n; i++) {
    const t = tx.time[i];
    if (!(t < lastDay + 1)) continue;
    const k = fill[tx.customer[i]]++;
    order[k] = i;
    day[k] = Math.floor(t);
    amount[k] = tx.amount[i];
  }
  for (let c = 0; c < tx.customers; c++) sortGroup(order, day, amount, start[c], start[c + 1]);
  return { start, order, day, amount };
}

/**
 * Stable sort of one customer's rows by day. Files are usually in time order, so the already-sorted
 * check pays for itself; short groups use insertion sort, long ones a comparison sort of indices.
 */
function sortGroup(
  order: Int32Array,
  day: Float64Array,
  amount: Float64Array,
  from: number,
  to: number,
): void {
  let sorted = true;
  for (let k = from + 1; k < to && sorted; k++) sorted = day[k - 1] <= day[k];
  if (sorted) return;
  if (to - from <= 32) {
    for (let k = from + 1; k < to; k++) {
      const d = day[k];
      const o = order[k];
      const a = amount[k];
      let m = k - 1;
      for (; m >= from && day[m] > d; m--) {
        day[m + 1] = day[m];
        order[m + 1] = order[m];
        amount[m + 1] = amount[m];
      }
      day[m + 1] = d;
      order[m + 1] = o;
      amount[m + 1] = a;
    }
    return;
  }
  const idx = Array.from({ length: to - from }, (_, k) => from + k);
  idx.sort((a, b) => day[a] - day[b] || order[a] - order[b]);
  const days = idx.map((k) => day[k]);
  const rows = idx.map((k) => order[k]);
  const amounts = idx.map((k) => amount[k]);
  for (let k = 0; k < idx.length; k++) {
    day[from + k] = days[k];
    order[from + k] = rows[k];
    amount[from + k] = amounts[k];
  }
}
