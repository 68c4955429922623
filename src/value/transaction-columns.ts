import { sql } from 'kysely';
import type { TransactionColumns } from '../analytics/summaries.js';
import type { Tx } from '../db/tenant.js';

/** The workspace's transactions as columns, with the customer id behind each dense index. */
export interface WorkspaceTransactions {
  columns: TransactionColumns;
  customerIds: string[];
}

interface ColumnRow {
  ids: string[];
  customer: number[];
  day: number[];
  amount: number[];
}

/**
 * Every transaction of live customers up to the as-of day in one statement, as four arrays: the
 * days are counted in the workspace time zone (as customer_stats counts them). Customers are numbered
 * in the database in primary-key order, which the index gives without a sort, so that no per-row
 * id crosses the wire; customers without transactions get a number and no rows.
 */
export async function workspaceTransactions(
  tx: Tx,
  timezone: string,
  asOf: number,
  /** Only these customers (all by default). */
  only?: string[],
): Promise<WorkspaceTransactions> {
  const some = only ? sql`and id = any(${only}::uuid[])` : sql``;
  const { rows } = await sql<ColumnRow>`
    with ids as (
      select id, (row_number() over (order by workspace_id, id))::int - 1 as k
      from customers where deleted_at is null ${some}
    ), numbered as (
      select ids.k, ((t.occurred_at at time zone ${timezone})::date - date '1970-01-01') as day,
        t.amount::float8 as amount
      from transactions t join ids on ids.id = t.customer_id
    )
    select
      (select coalesce(array_agg(id::text order by k), '{}') from ids) as ids,
      coalesce(array_agg(k), '{}') as customer,
      coalesce(array_agg(day), '{}') as day,
      coalesce(array_agg(amount), '{}') as amount
    from numbered where day <= ${asOf}`.execute(tx);
  const row = rows[0];
  return {
    customerIds: row.ids,
    columns: {
      customer: Int32Array.from(row.customer, Number),
      time: Float64Array.from(row.day, Number),
      amount: Float64Array.from(row.amount, Number),
      customers: row.ids.length,
      timeUnit: 'days',
    },
  };
}
