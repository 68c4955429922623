import { sql } from 'kysely';
import { z } from 'zod';
import type { Tx } from '../db/tenant.js';
import { churnReason } from './schema.js';

export const churnReasonsJson = z.object({
  data: z.array(
    z.object({
      category: churnReason,
      /** The customer's overall lifecycle stage now; null before its first refresh. */
      stage: z.string().nullable(),
      ownerId: z.uuid().nullable(),
      /** The month of the release in the workspace's time zone, `YYYY-MM`. */
      month: z.string(),
      customers: z.number(),
      /** Their revenue to date: what the relationships that ended had brought. */
      revenue: z.string(),
    }),
  ),
});

/**
 * Released customers with a recorded churn reason, counted and valued by reason, stage, the owner who
 * let them go and month: one grouped statement over the customers in the caller's scope.
 */
export async function churnReasons(tx: Tx, timezone: string) {
  const { rows } = await sql<{
    category: 'company' | 'competitor' | 'customer';
    stage: string | null;
    owner_id: string | null;
    month: string;
    customers: number;
    revenue: string;
  }>`
    select e.churn_reason as category, l.stage, e.from_user_id as owner_id,
      to_char(e.at at time zone ${timezone}, 'YYYY-MM') as month,
      count(distinct e.customer_id)::int as customers, coalesce(sum(s.revenue), 0)::numeric(16, 2)::text as revenue
    from ownership_events e
    left join customer_lifecycle l on l.workspace_id = e.workspace_id and l.customer_id = e.customer_id
      and l.business_line_id is null
    left join customer_stats s on s.workspace_id = e.workspace_id and s.customer_id = e.customer_id
    where e.kind = 'release' and e.churn_reason is not null
    group by 1, 2, 3, 4
    order by 4 desc, 1, 2, 3`.execute(tx);
  return {
    data: rows.map((r) => ({
      category: r.category,
      stage: r.stage,
      ownerId: r.owner_id,
      month: r.month,
      customers: r.customers,
      revenue: r.revenue,
    })),
  };
}
