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
 * days are counted in the workspace time zone (as customer_stats counts them), and customers are
 * numbered densely in the database so that no per-row id crosses the wire.
 */
export async function workspaceTransactions(
  tx: Tx,
  timezone: string,
  asOf: number,
): Promise<WorkspaceTransactions> {
  const { rows } = await sql<ColumnRow>`
    with rows as (
      select t.customer_id, ((t.occurred_at at time zone ${timezone})::date - date '1970-01-01') as day,
        t.amount::float8 as amount
      from transactions t
      join customers c on c.workspace_id = t.workspace_id and c.id = t.customer_id
      where c.deleted_at is null
    ), numbered as (
      select (dense_rank() over (order by customer_id))::int - 1 as k, customer_id, day, amount
      from rows where day <= ${asOf}
    )
    select
      (select coalesce(array_agg(customer_id::text order by k), '{}')
        from (select distinct k, customer_id from numbered) d) as ids,
      coalesce(array_agg(k), '{}') as customer,
      coalesce(array_agg(day), '{}') as day,
      coalesce(array_agg(amount), '{}') as amount
    from numbered`.execute(tx);
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
