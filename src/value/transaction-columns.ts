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
  /** Each customer's number of sales. */
  counts: string;
  day: string;
  amount: string;
  line: string;
}

const values = (text: string) => (text === '' ? [] : text.split(','));

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
 * workspace time zone (as customer_stats counts them). The sales are grouped by customer in the order
 * of the index that covers them, so no sort and no join of every sale; each customer crosses the wire
 * once, with the number of its sales, in primary-key order. Customers without transactions get a
 * number and no sales.
 */
export async function workspaceTransactions(
  tx: Tx,
  timezone: string,
  /** Only these customers (all by default). */
  only?: string[] | null,
): Promise<WorkspaceTransactions> {
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
    lineIds.length > 0 ? sql`coalesce(array_position(${lineIds}::uuid[], business_line_id), 0)` : sql`0`;
  const someSales = only ? sql`where customer_id = any(${only}::uuid[])` : sql``;
  const someCustomers = only ? sql`and c.id = any(${only}::uuid[])` : sql``;
  // Without statistics (PGlite has no autovacuum) the join below is planned for empty tables, as a
  // nested loop of every customer over every customer's sales: seconds for the demo workspace.
  // Any other join is fine; this statement alone does without loops.
  await sql`select set_config('enable_nestloop', 'off', true)`.execute(tx);
  // The texts of one aggregate are built from the same rows in the same order, so the i-th count,
  // day, amount and line belong together whatever order the plan reads them in.
  const { rows } = await sql<ColumnRow>`
    with sales as (
      select workspace_id, customer_id, count(*)::int as n,
        string_agg(((occurred_at at time zone ${timezone})::date - date '1970-01-01')::text, ',') as days,
        string_agg(amount::text, ',') as amounts,
        string_agg((${lineOf})::text, ',') as lines
      from transactions ${someSales}
      group by workspace_id, customer_id
    ), customers_sales as (
      select c.id, coalesce(s.n, 0) as n, s.days, s.amounts, s.lines
      from customers c
        left join sales s on s.workspace_id = c.workspace_id and s.customer_id = c.id
      where c.deleted_at is null ${someCustomers}
      order by c.workspace_id, c.id
    )
    select
      coalesce(string_agg(id::text, ','), '') as ids,
      coalesce(string_agg(n::text, ','), '') as counts,
      coalesce(string_agg(days, ','), '') as day,
      coalesce(string_agg(amounts, ','), '') as amount,
      ${lineIds.length > 0 ? sql`coalesce(string_agg(lines, ','), '')` : sql`''`} as line
    from customers_sales`.execute(tx);
  await sql`select set_config('enable_nestloop', 'on', true)`.execute(tx);
  const row = rows[0];
  const customerIds = values(row.ids);
  const counts = parseNumbers(row.counts, new Int32Array(customerIds.length));
  let total = 0;
  for (let k = 0; k < counts.length; k++) total += counts[k];
  const customer = new Int32Array(total);
  for (let k = 0, i = 0; k < counts.length; i += counts[k++]) customer.fill(k, i, i + counts[k]);
  // Amounts travel as their numeric text (at most 14 digits: parsed exactly): a conversion to float8
  // in the statement goes through text too.
  return {
    customerIds,
    lineIds,
    customer,
    day: parseNumbers(row.day, new Float64Array(total)),
    amount: parseNumbers(row.amount, new Float64Array(total)),
    // Without business lines, every sale is of none (0).
    line: lineIds.length > 0 ? parseNumbers(row.line, new Int32Array(total)) : new Int32Array(total),
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
