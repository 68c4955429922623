import { sql } from 'kysely';
import { CN_CLASSES, RFM_SEGMENTS } from '../analytics/rfm.js';
import type { Tx } from '../db/tenant.js';
import { valueScalesOf } from './value-scales.js';

interface GroupRow {
  kind: 'segment' | 'cn' | 'cell';
  key: string;
  count: number;
  revenue: string;
}

/**
 * Customer counts and net revenue per English segment, per Chinese class and per R×F cell, in one
 * statement (grouping sets). Every segment, class and cell is listed, empty ones with zeros, so that
 * a chart has a stable shape: bins × bins cells, the workspace's bins, or more while stored scores
 * still come from a larger number (the refresh after a change rescores everyone).
 */
export async function rfmReport(tx: Tx) {
  const { rows } = await sql<GroupRow>`
    select case when grouping(rfm_segment) = 0 then 'segment' when grouping(cn_class) = 0 then 'cn' else 'cell' end as kind,
      coalesce(rfm_segment, cn_class, r_score || ',' || f_score) as key,
      count(*)::int as count, sum(revenue)::text as revenue
    from customer_values
    group by grouping sets ((rfm_segment), (cn_class), (r_score, f_score))`.execute(tx);
  const found = (kind: GroupRow['kind'], key: string) => {
    const row = rows.find((r) => r.kind === kind && r.key === key);
    return { count: row?.count ?? 0, revenue: row?.revenue ?? '0.00' };
  };
  const stored = Math.max(
    0,
    ...rows.filter((r) => r.kind === 'cell').flatMap((r) => r.key.split(',').map(Number)),
  );
  const bins = Math.max((await valueScalesOf(tx)).scales.rfmBins, stored);
  const scores = Array.from({ length: bins }, (_, i) => i + 1);
  const cells = scores.flatMap((r) => scores.map((f) => ({ r, f, ...found('cell', `${r},${f}`) })));
  const asOf = await tx.selectFrom('customer_values').select('as_of').limit(1).executeTakeFirst();
  return {
    asOf: asOf?.as_of ?? null,
    customers: cells.reduce((sum, c) => sum + c.count, 0),
    bins,
    segments: RFM_SEGMENTS.map((segment) => ({ segment, ...found('segment', segment) })),
    cnClasses: CN_CLASSES.map((name) => ({ class: name, ...found('cn', name) })),
    grid: cells,
  };
}
