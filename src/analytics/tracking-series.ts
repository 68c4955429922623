import type { BgNbdParams } from './bgnbd.js';
import { bgnbdExpectedPurchases } from './bgnbd.js';
import type { CustomerSummary, TransactionColumns } from './summaries.js';
import { orderByCustomerAndTime } from './transaction-order.js';

export interface TrackingSeries {
  /** Last day (day number) of each week. */
  weekEnd: Float64Array;
  /** Cumulative repeat purchases (distinct purchase days after the first) by the end of each week. */
  actual: Float64Array;
  /** The model's expectation of the same, summed over cohorts of equal first-purchase day. */
  model: Float64Array;
}

/**
 * Weekly cumulative repeat transactions, actual against BG/NBD, for the customers of `summary`
 * from the first first-purchase day to `endDay` (the tracking plot of Fader, Hardie & Lee 2005,
 * fig. 3). A customer who first bought on day d contributes E[X((e − d) / unitDays)] by day e.
 */
export function trackingSeries(
  tx: TransactionColumns,
  summary: CustomerSummary,
  params: BgNbdParams,
  endDay: number,
  unitDays: number,
): TrackingSeries {
  const day0 = minimum(summary.first);
  const span = endDay - day0 + 1;
  const weeks = Math.ceil(span / 7);
  const repeatsByDay = repeatPurchaseDays(tx, summary, endDay, day0, span);
  const cohorts = new Float64Array(span);
  for (let r = 0; r < summary.first.length; r++) cohorts[summary.first[r] - day0]++;
  const weekEnd = new Float64Array(weeks);
  const actual = new Float64Array(weeks);
  const model = new Float64Array(weeks);
  let cumulative = 0;
  for (let w = 0; w < weeks; w++) {
    const last = Math.min(endDay, day0 + 7 * w + 6);
    for (let d = day0 + 7 * w; d <= last; d++) cumulative += repeatsByDay[d - day0];
    weekEnd[w] = last;
    actual[w] = cumulative;
    let expected = 0;
    for (let d = day0; d <= last; d++) {
      const n = cohorts[d - day0];
      if (n > 0) expected += n * bgnbdExpectedPurchases(params, (last - d) / unitDays);
    }
    model[w] = expected;
  }
  return { weekEnd, actual, model };
}

/** Repeat purchase days per day offset: each customer's distinct purchase days after the first. */
function repeatPurchaseDays(
  tx: TransactionColumns,
  summary: CustomerSummary,
  endDay: number,
  day0: number,
  span: number,
): Float64Array {
  const { start, day, amount } = orderByCustomerAndTime(tx, endDay);
  const counts = new Float64Array(span);
  for (let r = 0; r < summary.customer.length; r++) {
    const c = summary.customer[r];
    let previous = summary.first[r];
    for (let k = start[c]; k < start[c + 1]; k++) {
      if (day[k] <= previous || amount[k] < 0) continue;
      counts[day[k] - day0]++;
      previous = day[k];
    }
  }
  return counts;
}

function minimum(values: Float64Array): number {
  let min = Number.POSITIVE_INFINITY;
  for (let i = 0; i < values.length; i++) if (values[i] < min) min = values[i];
  return min;
}
