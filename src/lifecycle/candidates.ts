import { sql } from 'kysely';
import { formatDay } from '../analytics/civil-days.js';
import type { Tx } from '../db/tenant.js';

/**
 * The customers a refresh at D must evaluate, in one statement: those with new data or new (the marks
 * left by the triggers), those whose next time-based change is due, and those whose override expires.
 * Each reason is a set of its own, read from its index: asking every customer each question cost a
 * second at 100,000 customers. With `everyone`, the marks are only cleared and the answer is null:
 * the caller evaluates every customer it reads.
 *
 * Taken before the refresh reads any transaction: a write committed after this statement leaves a
 * mark for the next refresh, while one committed between a read and the taking of its mark would be
 * forgotten with its mark.
 */
export async function takeCandidates(
  tx: Tx,
  options: { asOf: number; everyone: boolean },
): Promise<string[] | null> {
  if (options.everyone) {
    await sql`delete from lifecycle_dirty`.execute(tx);
    return null;
  }
  const day = formatDay(options.asOf);
  const { rows } = await sql<{ id: string }>`
    with marked as (delete from lifecycle_dirty returning customer_id), due as (
      select customer_id from marked
      union select customer_id from customer_lifecycle where next_check <= ${day}::date
      union select customer_id from lifecycle_overrides where ended_on is null and until < ${day}::date
    )
    -- Customers are never deleted but softly: the few deleted ones, in their partial index, are left
    -- out, rather than every candidate looked up among all customers.
    select customer_id as id from due
    where customer_id not in (select id from customers where deleted_at is not null)
    order by customer_id`.execute(tx);
  return rows.map((r) => r.id);
}

/**
 * The candidates and every live customer whose P(alive) a new fit moved: those with a repeat purchase
 * when the fit is BG/NBD before and after (its P(alive) of a one-time buyer is 1 whatever the
 * parameters), otherwise everyone who bought.
 */
export async function withBuyers(tx: Tx, candidates: string[], repeatOnly: boolean): Promise<string[]> {
  const { rows } = await sql<{ id: string }>`
    select c.id from customers c
    where c.deleted_at is null and (c.id = any(${candidates}::uuid[])
      or c.id in (select customer_id from customer_stats where purchase_days >= ${repeatOnly ? 2 : 1}))
    order by c.id`.execute(tx);
  return rows.map((r) => r.id);
}
