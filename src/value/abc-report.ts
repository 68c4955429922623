import { sql } from 'kysely';
import { ABC_CLASSES, type AbcClass } from '../analytics/abc.js';
import type { Tx } from '../db/tenant.js';
import { valueScalesOf } from './value-scales.js';

// A Pareto curve needs no more points than a chart has pixels to spare: one per percent of customers.
const PARETO_POINTS = 100;

interface ClassRow {
  class: AbcClass;
  count: number;
  revenue: string;
  customer_share: number;
  revenue_share: number;
}

/**
 * Customers and net revenue per ABC class with their shares, and the Pareto curve: customers by
 * revenue, largest first, sampled at every percent of them. Shares count positive revenue only, as
 * the classes do (a customer whose returns exceed their purchases adds nothing).
 */
export async function abcReport(tx: Tx) {
  const { rows: classes } = await sql<ClassRow>`
    select abc_class as class, count(*)::int as count, sum(revenue)::text as revenue,
      count(*)::float8 / sum(count(*)) over () as customer_share,
      coalesce(sum(greatest(revenue, 0))::float8 / nullif(sum(sum(greatest(revenue, 0))) over (), 0), 0) as revenue_share
    from customer_values group by abc_class`.execute(tx);
  const { rows: pareto } = await sql<{ customerShare: number; revenueShare: number }>`
    with ranked as (
      select row_number() over (order by revenue desc, customer_id) as i, count(*) over () as n,
        sum(greatest(revenue, 0)) over (order by revenue desc, customer_id) as running,
        sum(greatest(revenue, 0)) over () as total
      from customer_values
    )
    select k::float8 / ${PARETO_POINTS} as "customerShare",
      coalesce(running::float8 / nullif(total, 0), 0) as "revenueShare"
    from generate_series(1, ${PARETO_POINTS}) k
    join ranked on ranked.i = ceil(ranked.n * k::numeric / ${PARETO_POINTS})
    order by k`.execute(tx);
  const asOf = await tx.selectFrom('customer_values').select('as_of').limit(1).executeTakeFirst();
  const { scales } = await valueScalesOf(tx);
  return {
    asOf: asOf?.as_of ?? null,
    thresholds: { a: scales.abcA, b: scales.abcB },
    classes: ABC_CLASSES.map((name) => {
      const row = classes.find((r) => r.class === name);
      return {
        class: name,
        count: row?.count ?? 0,
        revenue: row?.revenue ?? '0.00',
        customerShare: row?.customer_share ?? 0,
        revenueShare: row?.revenue_share ?? 0,
      };
    }),
    pareto: pareto.length ? [{ customerShare: 0, revenueShare: 0 }, ...dedupe(pareto)] : [],
  };
}

/** With fewer than 100 customers several percents land on one customer; each point is kept once. */
function dedupe(points: { customerShare: number; revenueShare: number }[]) {
  return points.filter((p, i) => i === points.length - 1 || points[i + 1].revenueShare !== p.revenueShare);
}
