import { civilFromDays } from './civil-days.js';
import { medianInPlace } from './median.js';
import { orderByCustomerAndTime, type TransactionOrder } from './transaction-order.js';

/**
 * Transactions as columns. Row i is one purchase (or return, when `amount[i] < 0`) of customer
 * `customer[i]` (a dense index below `customers`) at `time[i]`: days since 1970-01-01 UTC
 * (fractions allowed: they are floored to the calendar day), or epoch milliseconds when
 * `timeUnit` is `epoch-ms`.
 */
export interface TransactionColumns {
  customer: Int32Array;
  time: Float64Array;
  amount: Float64Array;
  customers: number;
  timeUnit?: 'days' | 'epoch-ms';
}

const MS_PER_DAY = 86400000;

/** The last calendar day with a transaction. */
export function lastDay(tx: TransactionColumns): number {
  let max = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < tx.time.length; i++) if (tx.time[i] > max) max = tx.time[i];
  return Math.floor(tx.timeUnit === 'epoch-ms' ? max / MS_PER_DAY : max);
}

export type Period = 'day' | 'week' | 'month';

export interface SummaryOptions {
  /** Last day observed (inclusive), as a day number. */
  asOf: number;
  /** Purchases in the same period count once, their amounts summed. Default `day`. */
  period?: Period;
  /**
   * Unit of `recency` and `T`; defaults to the period. A finer merge than unit (daily purchases
   * measured in weeks, as in the CDNOW papers) is allowed only for `period: 'day'`.
   */
  unit?: Period;
  /** Holdout end (inclusive): purchases in (asOf, holdoutEnd] are counted in `holdout*`. */
  holdoutEnd?: number;
  /** Length in days of the recent window of the spend trend. Default 90. */
  trendDays?: number;
  /** Only customers first…end−1 of the pair: one share of the work for a thread. Default all. */
  customers?: [number, number];
  /**
   * Rows the columns have room for (default the customers summarised): another share's rows can
   * then be appended in place. The columns returned are views of their first rows.
   */
  capacity?: number;
  /** Columns in shared memory, so that other threads read them without a copy. Default false. */
  shared?: boolean;
  /**
   * The rows of the customers summarised already in order, up to {@link lastDayOfRows}: threads
   * that share the ordering pass it (see orderBlocks). Default: ordered here.
   */
  order?: TransactionOrder;
}

/** The last day whose rows a summary reads: the holdout's end, or the as-of day. */
export function lastDayOfRows(options: SummaryOptions): number {
  return Math.floor(options.holdoutEnd ?? options.asOf);
}

/**
 * One row per customer with at least one purchase by `asOf`, in the "buy till you die" conventions
 * (Fader, Hardie & Lee 2005): `frequency` = repeat purchase periods, `recency` = age at the last
 * purchase, `T` = age at `asOf`, `monetaryValue` = mean value of the repeat periods (0 when none).
 */
export interface CustomerSummary {
  /** Dense customer index of each row. */
  customer: Int32Array;
  frequency: Float64Array;
  recency: Float64Array;
  T: Float64Array;
  monetaryValue: Float64Array;
  /** Raw rows up to asOf, returns included. */
  transactions: Int32Array;
  /** Net amount up to asOf (returns subtracted). */
  total: Float64Array;
  /** Day numbers of the first and last purchase. */
  first: Float64Array;
  /** Net amount of the first purchase period: the one amount known of a customer without repeats. */
  firstAmount: Float64Array;
  last: Float64Array;
  /** Median gap in days between distinct purchase days; NaN with fewer than two. */
  medianInterval: Float64Array;
  /** Net spend in the last `trendDays` up to asOf. */
  recentSpend: Float64Array;
  /**
   * Net spend before that window, per window length of the customer's earlier tenure: what the
   * recent window would hold at the customer's usual pace (tenures shorter than a window count as
   * one). Against the whole earlier pace rather than the one window before, a customer who bought
   * in neither of the last two windows does not look steady.
   */
  previousSpend: Float64Array;
  /** Purchase periods and net spend in the holdout; zeros without `holdoutEnd`. */
  holdoutFrequency: Float64Array;
  holdoutSpend: Float64Array;
  /** Length of the holdout in units (0 without `holdoutEnd`). */
  holdoutDuration: number;
  /** Rows with a negative amount, netted against the purchases of their customer. */
  negativeAmounts: number;
  /** Customers whose rows up to asOf are all returns: they have no first purchase, so no row. */
  returnsOnly: number;
}

const DAYS_PER_MONTH = 365.25 / 12;

/** Index of the period containing a day. Weeks start on Monday (day 0, 1970-01-01, was a Thursday). */
export function periodIndex(day: number, period: Period): number {
  if (period === 'day') return day;
  if (period === 'week') return Math.floor((day + 3) / 7);
  const { year, month } = civilFromDays(day);
  return year * 12 + month - 1;
}

function unitScale(period: Period, unit: Period): number {
  if (period === unit) return 1;
  if (period !== 'day') throw new RangeError(`a ${period} period can only be measured in ${period}s`);
  return unit === 'week' ? 7 : DAYS_PER_MONTH;
}

function allocate(rows: number, shared: boolean) {
  const floats = () => new Float64Array(shared ? new SharedArrayBuffer(rows * 8) : new ArrayBuffer(rows * 8));
  const ints = () => new Int32Array(shared ? new SharedArrayBuffer(rows * 4) : new ArrayBuffer(rows * 4));
  return {
    customer: ints(),
    frequency: floats(),
    recency: floats(),
    T: floats(),
    monetaryValue: floats(),
    transactions: ints(),
    total: floats(),
    first: floats(),
    firstAmount: floats(),
    last: floats(),
    medianInterval: floats(),
    recentSpend: floats(),
    previousSpend: floats(),
    holdoutFrequency: floats(),
    holdoutSpend: floats(),
  };
}

type Columns = ReturnType<typeof allocate>;

/** Compacts the columns to the first `rows` rows without copying. */
function truncate(columns: Columns, rows: number): Columns {
  const out = {} as Record<string, Int32Array | Float64Array>;
  for (const [key, array] of Object.entries(columns)) out[key] = array.subarray(0, rows);
  return out as Columns;
}

/**
 * Summarises transactions at `asOf`. Rows after `asOf` (and after `holdoutEnd`, when given) are
 * ignored. A period counts as a purchase when it holds at least one row with amount ≥ 0, so
 * zero-value purchases count and a day of returns alone does not.
 */
export function customerSummaries(tx: TransactionColumns, options: SummaryOptions): CustomerSummary {
  const period = options.period ?? 'day';
  const scale = unitScale(period, options.unit ?? period);
  const asOfDay = Math.floor(options.asOf);
  const endDay = lastDayOfRows(options);
  const [firstCustomer, endCustomer] = options.customers ?? [0, tx.customers];
  const order = options.order ?? orderByCustomerAndTime(tx, endDay, firstCustomer, endCustomer);
  const { start, day, amount: amounts } = order;
  const periodOf = period === 'day' ? day : day.map((d) => periodIndex(d, period));
  const out = allocate(Math.max(options.capacity ?? 0, endCustomer - firstCustomer), options.shared ?? false);
  const asOfPeriod = periodIndex(asOfDay, period);
  const trendDays = options.trendDays ?? 90;
  const windowStart = asOfDay + 1 - trendDays;
  let gapBuffer = new Float64Array(64);
  let rows = 0;
  let negativeAmounts = 0;
  let returnsOnly = 0;
  for (let c = firstCustomer; c < endCustomer; c++) {
    const from = start[c - firstCustomer];
    const to = start[c - firstCustomer + 1];
    if (from === to) continue;
    let transactions = 0;
    let total = 0;
    let firstPeriod = Number.NaN;
    let firstAmount = 0;
    let lastPeriod = Number.NaN;
    let firstDay = Number.NaN;
    let lastDay = Number.NaN;
    let repeats = 0;
    let repeatSum = 0;
    let holdoutPeriods = 0;
    let holdoutSpend = 0;
    let gapCount = 0;
    let recentSpend = 0;
    let earlierSpend = 0;
    if (gapBuffer.length < to - from) gapBuffer = new Float64Array(2 * (to - from));
    let i = from;
    while (i < to) {
      // One merged period: every row of this customer in the same period as row i.
      const p = periodOf[i];
      let sum = 0;
      let purchase = false;
      let j = i;
      for (; j < to && periodOf[j] === p; j++) {
        const amount = amounts[j];
        sum += amount;
        if (day[j] >= windowStart && day[j] <= asOfDay) recentSpend += amount;
        else if (day[j] < windowStart) earlierSpend += amount;
        if (amount < 0) {
          negativeAmounts++;
          continue;
        }
        purchase = true;
        const d = day[j];
        if (p > asOfPeriod) continue;
        if (Number.isNaN(firstDay)) firstDay = d;
        else if (d > lastDay) gapBuffer[gapCount++] = d - lastDay;
        lastDay = d;
      }
      if (p <= asOfPeriod) {
        transactions += j - i;
        total += sum;
        if (purchase) {
          if (Number.isNaN(firstPeriod)) {
            firstPeriod = p;
            firstAmount = sum;
          } else {
            repeats++;
            repeatSum += sum;
          }
          lastPeriod = p;
        }
      } else if (!Number.isNaN(firstPeriod)) {
        holdoutSpend += sum;
        if (purchase) holdoutPeriods++;
      }
      i = j;
    }
    if (Number.isNaN(firstPeriod)) {
      if (transactions > 0) returnsOnly++;
      continue;
    }
    out.customer[rows] = c;
    out.frequency[rows] = repeats;
    out.recency[rows] = (lastPeriod - firstPeriod) / scale;
    out.T[rows] = (asOfPeriod - firstPeriod) / scale;
    out.monetaryValue[rows] = repeats > 0 ? repeatSum / repeats : 0;
    out.transactions[rows] = transactions;
    out.total[rows] = total;
    out.first[rows] = firstDay;
    out.firstAmount[rows] = firstAmount;
    out.last[rows] = lastDay;
    out.medianInterval[rows] = median(gapBuffer, gapCount);
    out.recentSpend[rows] = recentSpend;
    out.previousSpend[rows] = (earlierSpend * trendDays) / Math.max(trendDays, windowStart - day[from]);
    // The columns start zeroed: writing zeros would only touch their memory.
    if (holdoutPeriods !== 0) out.holdoutFrequency[rows] = holdoutPeriods;
    if (holdoutSpend !== 0) out.holdoutSpend[rows] = holdoutSpend;
    rows++;
  }
  const holdoutDuration =
    options.holdoutEnd === undefined ? 0 : (periodIndex(endDay, period) - asOfPeriod) / scale;
  return { ...truncate(out, rows), holdoutDuration, negativeAmounts, returnsOnly };
}

/** Median of the first `n` values; reorders them. */
function median(values: Float64Array, n: number): number {
  // Many are selected in place: sorting a view of them, a call and an object per customer, took a
  // fifth of the summaries of a million customers.
  if (n > 16 || n === 0) return medianInPlace(values, n);
  // Most customers have a handful of gaps: an insertion sort beats anything with a call in it.
  for (let k = 1; k < n; k++) {
    const v = values[k];
    let m = k - 1;
    for (; m >= 0 && values[m] > v; m--) values[m + 1] = values[m];
    values[m + 1] = v;
  }
  const mid = n >> 1;
  return n % 2 === 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
}

/**
 * The rows a model can be fitted on: customers whose first purchase is before the as-of day
 * (T > 0). A customer first seen on the as-of day has no time yet to show a repeat purchase; they
 * are still predicted from the fitted model.
 */
export function fittableRows(summary: CustomerSummary): {
  frequency: Float64Array;
  recency: Float64Array;
  T: Float64Array;
  monetaryValue: Float64Array;
} {
  const keep = summary.T.reduce((n, t) => (t > 0 ? n + 1 : n), 0);
  if (keep === summary.T.length) return summary;
  const pick = (column: Float64Array) => column.filter((_, i) => summary.T[i] > 0);
  return {
    frequency: pick(summary.frequency),
    recency: pick(summary.recency),
    T: pick(summary.T),
    monetaryValue: pick(summary.monetaryValue),
  };
}
