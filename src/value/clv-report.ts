import { sql } from 'kysely';
import type { Tx } from '../db/tenant.js';

const QUANTILES = [0.1, 0.25, 0.5, 0.75, 0.9, 0.99];

interface Spread {
  n: number;
  lo: string | null;
  hi: string | null;
  total: string | null;
  q: (number | string)[] | null;
}

/**
 * The distribution of predicted CLV over the customers that have one: quantiles, and a histogram of
 * equal-width buckets from the lowest to the highest value (the last bucket includes the highest).
 */
export async function clvReport(tx: Tx, buckets: number) {
  const { rows } = await sql<Spread>`
    select count(*)::int as n, min(clv)::text as lo, max(clv)::text as hi, sum(clv)::text as total,
      percentile_cont(${sql.raw(`array[${QUANTILES.join(',')}]`)}::float8[]) within group (order by clv::float8) as q
    from customer_values where clv is not null`.execute(tx);
  const spread = rows[0];
  const asOf = await tx.selectFrom('customer_values').select('as_of').limit(1).executeTakeFirst();
  const empty = { asOf: asOf?.as_of ?? null, customers: 0, total: '0.00', quantiles: [], histogram: [] };
  if (spread.n === 0 || spread.lo === null || spread.hi === null) return empty;
  const lo = Number(spread.lo);
  const hi = Number(spread.hi);
  // One bucket when every value is equal: width_bucket needs a range, so that bucket spans lo to lo + 1.
  const count = hi > lo ? buckets : 1;
  const upper = hi > lo ? hi : lo + 1;
  const { rows: counts } = await sql<{ b: number; count: number }>`
    select least(width_bucket(clv::float8, ${lo}::float8, ${upper}::float8, ${count}), ${count}) as b,
      count(*)::int as count
    from customer_values where clv is not null group by 1`.execute(tx);
  const width = (hi - lo) / count;
  return {
    asOf: empty.asOf,
    customers: spread.n,
    total: spread.total ?? '0.00',
    quantiles: QUANTILES.map((p, i) => ({ p, value: Number(spread.q?.[i] ?? 0).toFixed(2) })),
    histogram: Array.from({ length: count }, (_, i) => ({
      from: (lo + i * width).toFixed(2),
      to: (i === count - 1 ? hi : lo + (i + 1) * width).toFixed(2),
      count: counts.find((c) => c.b === i + 1)?.count ?? 0,
    })),
  };
}
