import { sql } from 'kysely';
import type { TransactionColumns } from '../analytics/summaries.js';
import type { Tx } from '../db/tenant.js';

/**
 * The workspace's transactions as columns, read once per refresh for both the lifecycle metrics and
 * the value engine: every day, also those after the as-of (the lifecycle looks for the next
 * purchase), with the customer id behind each dense index and the business line behind each line
 * number (0: no line).
 */
export interface WorkspaceTransactions {
  customerIds: string[];
  /** Line number k > 0 is lineIds[k − 1]. */
  lineIds: string[];
  customer: Int32Array;
  /** Day numbers (days since 1970-01-01) in the workspace time zone. */
  day: Float64Array;
  amount: Float64Array;
  line: Int32Array;
}

/** Each column as one comma-separated text: splitting it costs a fifth of parsing an array literal. */
interface ColumnRow {
  ids: string;
  customer: string;
  day: string;
  amount: string;
  line: string;
}

const values = (text: string) => (text === '' ? [] : text.split(','));

/** How many values a comma-separated text holds. */
function countValues(text: string): number {
  if (text === '') return 0;
  let count = 1;
  for (let i = text.indexOf(','); i >= 0; i = text.indexOf(',', i + 1)) count++;
  return count;
}

const POW10 = Array.from({ length: 23 }, (_, i) => 10 ** i);

/**
 * The numbers of a comma-separated text as PostgreSQL prints integers, numeric and float8, read in place: a
 * split into ten million strings costs more than the statement. A plain decimal of at most 15 digits
 * is its digits divided by a power of ten, which rounds as Number() does (both exact, one correctly
 * rounded division); anything else (an exponent, more digits) goes through Number().
 */
export function parseNumbers<T extends Int32Array | Float64Array>(text: string, out: T): T {
  let k = 0;
  let start = 0;
  const end = text.length;
  while (start < end) {
    let i = start;
    const negative = text.charCodeAt(i) === 45;
    if (negative) i++;
    let digits = 0;
    let mantissa = 0;
    let decimals = -1;
    let c = text.charCodeAt(i);
    for (; i < end && c !== 44; c = text.charCodeAt(++i)) {
      const d = c - 48;
      if (d >>> 0 <= 9) {
        mantissa = mantissa * 10 + d;
        digits++;
        if (decimals >= 0) decimals++;
      } else if (c === 46 && decimals < 0) decimals = 0;
      else {
        digits = 99;
        while (i < end && text.charCodeAt(i) !== 44) i++;
        break;
      }
    }
    let value: number;
    if (digits === 0 || digits > 15) value = Number(text.slice(start, i));
    else {
      value = decimals > 0 ? mantissa / POW10[decimals] : mantissa;
      if (negative) value = -value;
    }
    out[k++] = value;
    start = i + 1;
  }
  return out;
}

/**
 * Every transaction of live customers in one statement, as columns: the days are counted in the
 * workspace time zone (as customer_stats counts them). Customers are numbered in the database in
 * primary-key order, which the index gives without a sort, so that no per-row id crosses the wire;
 * customers without transactions get a number and no rows.
 */
export async function workspaceTransactions(
  tx: Tx,
  timezone: string,
  /** Only these customers (all by default). */
  only?: string[] | null,
): Promise<WorkspaceTransactions> {
  const some = only ? sql`and id = any(${only}::uuid[])` : sql``;
  // The few business lines are numbered here, and each sale's line found in their array: a join of
  // every sale to them was a large part of the statement, even with no line at all.
  const lines = await tx
    .selectFrom('business_lines')
    .select('id')
    .orderBy('workspace_id')
    .orderBy('id')
    .execute();
  const lineIds = lines.map((l) => l.id);
  const lineOf =
    lineIds.length > 0 ? sql`coalesce(array_position(${lineIds}::uuid[], t.business_line_id), 0)` : sql`0`;
  const { rows } = await sql<ColumnRow>`
    with ids as (
      select id, (row_number() over (order by workspace_id, id))::int - 1 as k
      from customers where deleted_at is null ${some}
    ), numbered as (
      select ids.k, ((t.occurred_at at time zone ${timezone})::date - date '1970-01-01') as day,
        t.amount, ${lineOf} as line
      from transactions t join ids on ids.id = t.customer_id
    )
    select
      (select coalesce(string_agg(id::text, ',' order by k), '') from ids) as ids,
      coalesce(string_agg(k::text, ','), '') as customer,
      coalesce(string_agg(day::text, ','), '') as day,
      coalesce(string_agg(amount::text, ','), '') as amount,
      ${lineIds.length > 0 ? sql`coalesce(string_agg(line::text, ','), '')` : sql`''`} as line
    from numbered`.execute(tx);
  const row = rows[0];
  const count = countValues(row.customer);
  // Amounts travel as their numeric text (at most 14 digits: parsed exactly): a conversion to float8
  // in the statement goes through text too.
  return {
    customerIds: values(row.ids),
    lineIds,
    customer: parseNumbers(row.customer, new Int32Array(count)),
    day: parseNumbers(row.day, new Float64Array(count)),
    amount: parseNumbers(row.amount, new Float64Array(count)),
    // Without business lines, every sale is of none (0).
    line: lineIds.length > 0 ? parseNumbers(row.line, new Int32Array(count)) : new Int32Array(count),
  };
}

/** The transactions up to the as-of day, as the value engine takes them. */
export function valueColumns(all: WorkspaceTransactions, asOf: number): TransactionColumns {
  const { customer, day, amount } = all;
  let kept = 0;
  for (let i = 0; i < day.length; i++) if (day[i] <= asOf) kept++;
  const columns: TransactionColumns = {
    customer: kept === day.length ? customer : new Int32Array(kept),
    time: kept === day.length ? day : new Float64Array(kept),
    amount: kept === day.length ? amount : new Float64Array(kept),
    customers: all.customerIds.length,
    timeUnit: 'days',
  };
  if (kept < day.length) {
    for (let i = 0, k = 0; i < day.length; i++) {
      if (day[i] > asOf) continue;
      columns.customer[k] = customer[i];
      columns.time[k] = day[i];
      columns.amount[k++] = amount[i];
    }
  }
  return columns;
}
