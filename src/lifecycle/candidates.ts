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
 * The customers a refresh at D must evaluate, in one statement: those with new data or new (the marks
 * left by the triggers, taken here so that a write committed during the refresh marks its customer
 * again), those whose next time-based change is due, and those whose override expires.
 * Each reason is a set of its own, read from its index, and the union is joined to the live
 * customers: asking every customer each question cost a second at 100,000 customers.
 */
export async function takeCandidates(tx: Tx, options: CandidateOptions): Promise<string[]> {
  const day = formatDay(options.asOf);
  if (options.everyone) {
    await sql`delete from lifecycle_dirty`.execute(tx);
    const { rows } = await sql<{ id: string }>`
      select id from customers where deleted_at is null order by workspace_id, id`.execute(tx);
    return rows.map((r) => r.id);
  }
  const repeatBuyers = options.repeatBuyers
    ? sql`union select customer_id from customer_stats where purchase_days >= 2`
    : sql``;
  const { rows } = await sql<{ id: string }>`
    with marked as (delete from lifecycle_dirty returning customer_id), due as (
      select customer_id from marked
      union select customer_id from customer_lifecycle where next_check <= ${day}::date
      union select customer_id from lifecycle_overrides where ended_on is null and until < ${day}::date
      ${repeatBuyers}
    )
    select c.id from customers c join due on due.customer_id = c.id
    where c.deleted_at is null
    order by c.id`.execute(tx);
  return rows.map((r) => r.id);
}
