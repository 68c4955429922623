import { type RepeatModel, repeatModelExpectedPurchases } from './repeat-model.js';
import { type CustomerSummary, type Period, periodIndex, type TransactionColumns } from './summaries.js';
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
 * Weekly cumulative repeat transactions, actual against a repeat model (BG/NBD, MBG/NBD, Pareto/NBD),
 * for the customers of `summary` from the first first-purchase day to `endDay` (the tracking plot of
 * Fader, Hardie & Lee 2005, fig. 3). A customer who first bought on day b contributes
 * E[X((e − b) / unitDays)], the model's expectation for a new customer, by the end of day e. lifetimes and R BTYD count e − b + 1 days there; e − b is kept because purchases are merged
 * per `period` (a day by default), so no repeat purchase can fall on day b itself, and because the
 * model was fitted on T = e − b (the published CDNOW summary: T = 38.86 weeks = 272 days from
 * 1997-01-01 to 1997-09-30); with e − b + 1 the model would run one day ahead of its own fit.
 * A repeat purchase is the first purchase in a `period` after the customer's first one.
 */
export function trackingSeries(
  tx: TransactionColumns,
  summary: CustomerSummary,
  repeat: RepeatModel,
  endDay: number,
  unitDays: number,
  period: Period = 'day',
): TrackingSeries {
  const day0 = minimum(summary.first);
  const span = endDay - day0 + 1;
  const weeks = Math.ceil(span / 7);
  const repeatsByDay = repeatPurchaseDays(tx, summary, endDay, day0, span, period);
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
      if (n > 0) expected += n * repeatModelExpectedPurchases(repeat, (last - d) / unitDays, 0, 0, 0);
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
  period: Period,
): Float64Array {
  const { start, day, amount } = orderByCustomerAndTime(tx, endDay);
  const counts = new Float64Array(span);
  for (let r = 0; r < summary.customer.length; r++) {
    const c = summary.customer[r];
    let previous = periodIndex(summary.first[r], period);
    for (let k = start[c]; k < start[c + 1]; k++) {
      const p = periodIndex(day[k], period);
      if (p <= previous || amount[k] < 0) continue;
      counts[day[k] - day0]++;
      previous = p;
    }
  }
  return counts;
}

function minimum(values: Float64Array): number {
  let min = Number.POSITIVE_INFINITY;
  for (let i = 0; i < values.length; i++) if (values[i] < min) min = values[i];
  return min;
}
