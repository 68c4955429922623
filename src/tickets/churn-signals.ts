import { sql } from 'kysely';
import type { Tx } from '../db/tenant.js';

/** A customer's complaints and breaches at the end of one day (a day number in the workspace's time zone). */
export interface ComplaintSignal {
  day: number;
  customerId: string;
  /** Complaints opened by the day and not resolved or closed by it, as their timeline tells. */
  openComplaints: number;
  /** SLA breaches on any of the customer's tickets in the `windowDays` days up to the day. */
  slaBreaches: number;
}

/**
 * Every customer's open complaints and recent SLA breaches as they stood at the end of each of `days`,
 * in one statement: a ticket's state on a day is the last status change on its timeline by then, not
 * its status now, so a day in the past sees only what was known that day (a ticket with no change on
 * its timeline by then counts as resolved only if it was resolved by then). Customers with neither
 * are left out.
 */
export async function complaintSignals(
  tx: Tx,
  timezone: string,
  days: readonly number[],
  windowDays: number,
  /** Only these customers (all by default). */
  only?: readonly string[],
): Promise<ComplaintSignal[]> {
  if (days.length === 0) return [];
  const some = only ? sql`and t.customer_id = any(${only}::uuid[])` : sql``;
  const { rows } = await sql<{
    day: number;
    customer_id: string;
    open_complaints: number;
    sla_breaches: number;
  }>`
    with bounds as (
      select day,
        ((date '1970-01-01' + day + 1)::timestamp at time zone ${timezone}) as day_end,
        ((date '1970-01-01' + day + 1 - ${windowDays}::int)::timestamp at time zone ${timezone}) as window_start
      from unnest(${days}::int[]) as d (day)
    ), open_complaints as (
      select b.day, t.customer_id, count(*)::int as n
      from bounds b
      join tickets t on t.kind = 'complaint' and t.created_at < b.day_end ${some}
      where coalesce((
        select e.detail ->> 'to' from ticket_events e
        where e.workspace_id = t.workspace_id and e.ticket_id = t.id and e.kind = 'status' and e.at < b.day_end
        order by e.at desc, e.id desc
        limit 1), case when t.resolved_at < b.day_end then 'resolved' end, 'new') not in ('resolved', 'closed')
      group by b.day, t.customer_id
    ), breaches as (
      select b.day, t.customer_id, count(*)::int as n
      from bounds b
      join ticket_events e on e.kind = 'sla_breach' and e.at >= b.window_start and e.at < b.day_end
      join tickets t on t.workspace_id = e.workspace_id and t.id = e.ticket_id ${some}
      group by b.day, t.customer_id
    )
    select coalesce(o.day, s.day) as day, coalesce(o.customer_id, s.customer_id) as customer_id,
      coalesce(o.n, 0) as open_complaints, coalesce(s.n, 0) as sla_breaches
    from open_complaints o
    full join breaches s on s.day = o.day and s.customer_id = o.customer_id`.execute(tx);
  return rows.map((r) => ({
    day: Number(r.day),
    customerId: r.customer_id,
    openComplaints: Number(r.open_complaints),
    slaBreaches: Number(r.sla_breaches),
  }));
}
