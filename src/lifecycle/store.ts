import { sql } from 'kysely';
import { formatDay, parseIsoDay } from '../analytics/civil-days.js';
import type { Tx } from '../db/tenant.js';
import type { OverrideEnd } from './assess.js';
import type { CurrentStage } from './rules.js';

/** A current stage, with the kind of cause it was entered with (an unchanged stage keeps its cause). */
export interface StoredStage extends CurrentStage {
  causeType: string;
  nextCheck: number | null;
  /** How many history entries the course has and their digest (see courseDigest), as the refresh wrote them; null: unknown. */
  history: { count: number; digest: string } | null;
}

/** Current stages of the given customers (null: of everyone), keyed by customer id, then business line id ('' = whole). */
export async function currentStages(tx: Tx, ids: string[] | null) {
  let query = tx
    .selectFrom('customer_lifecycle')
    .select([
      'customer_id',
      'business_line_id',
      'stage',
      'since',
      sql<string>`cause ->> 'type'`.as('cause_type'),
      'next_check',
      'history_count',
      'history_digest',
    ]);
  if (ids) query = query.where('customer_id', '=', sql<string>`any(${ids}::uuid[])`);
  const rows = await query.execute();
  const byCustomer = new Map<string, Map<string, StoredStage>>();
  for (const row of rows) {
    const lines = byCustomer.get(row.customer_id) ?? new Map<string, StoredStage>();
    lines.set(row.business_line_id ?? '', {
      stage: row.stage,
      since: parseIsoDay(row.since),
      causeType: row.cause_type,
      nextCheck: row.next_check === null ? null : parseIsoDay(row.next_check),
      history:
        row.history_count === null || row.history_digest === null
          ? null
          : { count: row.history_count, digest: row.history_digest },
    });
    byCustomer.set(row.customer_id, lines);
  }
  return byCustomer;
}

/** Marks the overrides in force that the replay found ended, each on its day and with its reason. */
export async function endOverrides(tx: Tx, ends: { customerId: string; day: number; reason: OverrideEnd }[]) {
  if (ends.length === 0) return;
  await sql`
    update lifecycle_overrides o set ended_on = u.day, ended_reason = u.reason
    from unnest(${ends.map((e) => e.customerId)}::uuid[], ${ends.map((e) => formatDay(e.day))}::date[],
      ${ends.map((e) => e.reason)}::text[]) as u(c, day, reason)
    where o.customer_id = u.c and o.ended_on is null`.execute(tx);
}
