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
 * One statement for every candidate: purchase days per customer and per customer-and-line, with the
 * median interval (window function + percentile_cont), the two revenue windows, and the next day
 * either window changes. Days after D are read too: the first of them is when the stage can next change.
 */
export async function purchaseRows(
  tx: Tx,
  tz: string,
  asOf: number,
  windowDays: number,
  ids: string[],
): Promise<PurchaseRow[]> {
  const recent = asOf - windowDays;
  const previous = asOf - 2 * windowDays;
  const { rows } = await sql<PurchaseRow>`
    with days as (
      select t.customer_id, t.business_line_id, ${dayOf('t.occurred_at', tz)} as day,
        sum(t.amount) as amount, max(t.created_at) as recorded_at
      from transactions t
      where t.customer_id = any(${ids}::uuid[])
      group by 1, 2, 3
    ), scoped as (
      select customer_id, null::uuid as business_line_id, day, sum(amount) as amount, max(recorded_at) as recorded_at
      from days group by customer_id, day
      union all
      select customer_id, business_line_id, day, amount, recorded_at from days where business_line_id is not null
    ), steps as (
      select *, day - lag(day) over (partition by customer_id, business_line_id order by day) as step from scoped
    )
    select customer_id as "customerId", business_line_id as "businessLineId",
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
    from steps
    group by customer_id, business_line_id`.execute(tx);
  return rows;
}

/** Owner and interaction days of the candidates that are not deleted. */
export async function signalRows(tx: Tx, tz: string, asOf: number, ids: string[]): Promise<SignalRow[]> {
  const { rows } = await sql<SignalRow>`
    select c.id as "customerId", c.owner_id is not null as "hasOwner",
      max(${dayOf('i.occurred_at', tz)}) filter (where ${dayOf('i.occurred_at', tz)} <= ${asOf}) as "lastInteraction",
      min(${dayOf('i.occurred_at', tz)}) filter (where ${dayOf('i.occurred_at', tz)} > ${asOf}) as "nextInteraction"
    from customers c
    left join interactions i on i.workspace_id = c.workspace_id and i.customer_id = c.id
    where c.id = any(${ids}::uuid[]) and c.deleted_at is null
    group by c.id, c.owner_id`.execute(tx);
  return rows;
}
