import { sql } from 'kysely';
import type { Tx } from '../db/tenant.js';

/** Purchase metrics of one customer (businessLineId null) or of one customer in one line, at day D. */
export interface PurchaseRow {
  customerId: string;
  businessLineId: string | null;
  n: number;
  first: number | null;
  last: number | null;
  rhythm: number | null;
  rev: number;
  prev: number;
  windowChange: number | null;
  nextPurchase: number | null;
  /** When the latest purchase up to D was recorded: a purchase recorded after an override ends it. */
  lastRecordedAt: Date | null;
}

/** What the rules need from outside the transactions, per customer. */
export interface SignalRow {
  customerId: string;
  hasOwner: boolean;
  lastInteraction: number | null;
  nextInteraction: number | null;
}

// Day numbers (days since 1970-01-01) of instants in the workspace time zone, as in the aggregates.
const dayOf = (column: string, tz: string) =>
  sql<number>`((${sql.ref(column)} at time zone ${tz})::date - date '1970-01-01')`;

/**
 * One statement for every candidate (`ids`, or null for every customer): purchase days per customer
 * and per customer-and-line, with the median interval (window function + percentile_cont), the two
 * revenue windows, and the next day either window changes. Days after D are read too: the first of
 * them is when the stage can next change. Each scope is its own pipeline over the customer index:
 * grouped by day, stepped and aggregated in the order the index gives, so that a million customers
 * need no sort of all their purchase days; only customers with line purchases (customer_line_stats)
 * are read for the lines.
 */
export async function purchaseRows(
  tx: Tx,
  tz: string,
  asOf: number,
  windowDays: number,
  ids: string[] | null,
): Promise<PurchaseRow[]> {
  const recent = asOf - windowDays;
  const previous = asOf - 2 * windowDays;
  const some = ids ? sql`and t.customer_id = any(${ids}::uuid[])` : sql``;
  const scope = (lines: boolean) => {
    const line = lines ? sql`, business_line_id` : sql``;
    const onlyLines = lines
      ? sql`and t.business_line_id is not null
          and t.customer_id in (select customer_id from customer_line_stats)`
      : sql``;
    return sql`
      select customer_id as "customerId", ${lines ? sql`business_line_id` : sql`null::uuid`} as "businessLineId",
        (count(*) filter (where day <= ${asOf}))::int as n,
        min(day) filter (where day <= ${asOf}) as first,
        max(day) filter (where day <= ${asOf}) as last,
        percentile_cont(0.5) within group (order by step) filter (where day <= ${asOf}) as rhythm,
        coalesce(sum(amount) filter (where day > ${recent} and day <= ${asOf}), 0)::float8 as rev,
        coalesce(sum(amount) filter (where day > ${previous} and day <= ${recent}), 0)::float8 as prev,
        min(case when day > ${recent} then day + ${windowDays} else day + ${2 * windowDays} end)
          filter (where day > ${previous} and day <= ${asOf}) as "windowChange",
        min(day) filter (where day > ${asOf}) as "nextPurchase",
        max(recorded_at) filter (where day <= ${asOf}) as "lastRecordedAt"
      from (
        select *, day - lag(day) over (partition by customer_id${line} order by day) as step
        from (
          select t.customer_id${lines ? sql`, t.business_line_id` : sql``}, ${dayOf('t.occurred_at', tz)} as day,
            sum(t.amount) as amount, max(t.created_at) as recorded_at
          from transactions t
          where true ${some} ${onlyLines}
          group by t.customer_id${lines ? sql`, t.business_line_id` : sql``}, day
        ) days
      ) steps
      group by customer_id${line}`;
  };
  const { rows } = await sql<PurchaseRow>`${scope(false)} union all ${scope(true)}`.execute(tx);
  return rows;
}

/** Owner and interaction days of the candidates (null: of everyone) that are not deleted. */
export async function signalRows(
  tx: Tx,
  tz: string,
  asOf: number,
  ids: string[] | null,
): Promise<SignalRow[]> {
  const { rows } = await sql<SignalRow>`
    select c.id as "customerId", c.owner_id is not null as "hasOwner",
      max(${dayOf('i.occurred_at', tz)}) filter (where ${dayOf('i.occurred_at', tz)} <= ${asOf}) as "lastInteraction",
      min(${dayOf('i.occurred_at', tz)}) filter (where ${dayOf('i.occurred_at', tz)} > ${asOf}) as "nextInteraction"
    from customers c
    left join interactions i on i.workspace_id = c.workspace_id and i.customer_id = c.id
    where ${ids ? sql`c.id = any(${ids}::uuid[])` : sql`true`} and c.deleted_at is null
    group by c.id, c.owner_id`.execute(tx);
  return rows;
}
