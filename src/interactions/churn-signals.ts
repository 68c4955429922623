import { sql } from 'kysely';
import type { Tx } from '../db/tenant.js';

/** A customer's interactions in the `windowDays` days up to a day (a day number in the workspace's time zone). */
export interface InteractionSignal {
  day: number;
  customerId: string;
  interactions: number;
}

/**
 * Every customer's interactions in the window up to each of `days`, by when they occurred, in one
 * statement. Customers without any are left out.
 */
export async function recentInteractions(
  tx: Tx,
  timezone: string,
  days: readonly number[],
  windowDays: number,
  /** Only these customers (all by default). */
  only?: readonly string[],
): Promise<InteractionSignal[]> {
  if (days.length === 0) return [];
  const some = only ? sql`and i.customer_id = any(${only}::uuid[])` : sql``;
  const { rows } = await sql<{ day: number; customer_id: string; n: number }>`
    with bounds as (
      select day,
        ((date '1970-01-01' + day + 1)::timestamp at time zone ${timezone}) as day_end,
        ((date '1970-01-01' + day + 1 - ${windowDays}::int)::timestamp at time zone ${timezone}) as window_start
      from unnest(${days}::int[]) as d (day)
    )
    select b.day, i.customer_id, count(*)::int as n
    from bounds b
    join interactions i on i.occurred_at >= b.window_start and i.occurred_at < b.day_end ${some}
    group by b.day, i.customer_id`.execute(tx);
  return rows.map((r) => ({ day: Number(r.day), customerId: r.customer_id, interactions: Number(r.n) }));
}
