import { sql } from 'kysely';
import { formatDay } from '../analytics/civil-days.js';
import type { Tx } from '../db/tenant.js';

export interface CandidateOptions {
  asOf: number;
  /** Evaluate everyone: the model changed, or the as-of went back before the last refresh. */
  everyone: boolean;
  /** P(alive) was refitted with other parameters: every repeat buyer's P(alive) moved. */
  repeatBuyers: boolean;
}

/**
 * The customers a refresh at D must evaluate, in one statement: those with new data (the marks left
 * by the triggers, taken here so that a write committed during the refresh marks its customer again),
 * those never placed, those whose next time-based change is due, and those whose override expires.
 */
export async function takeCandidates(tx: Tx, options: CandidateOptions): Promise<string[]> {
  const day = formatDay(options.asOf);
  const { rows } = await sql<{ id: string }>`
    with marked as (delete from lifecycle_dirty returning customer_id)
    select c.id from customers c
    where c.deleted_at is null and (
      ${options.everyone}
      or c.id in (select customer_id from marked)
      or not exists (select 1 from customer_lifecycle l where l.workspace_id = c.workspace_id
        and l.customer_id = c.id and l.business_line_id is null)
      or c.id in (select customer_id from customer_lifecycle where next_check <= ${day}::date)
      or c.id in (select customer_id from lifecycle_overrides where ended_on is null and until < ${day}::date)
      or (${options.repeatBuyers} and c.id in (select customer_id from customer_stats where purchase_days >= 2))
    )
    order by c.id`.execute(tx);
  return rows.map((r) => r.id);
}
