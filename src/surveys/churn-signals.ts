import { sql } from 'kysely';
import type { Tx } from '../db/tenant.js';
import { type ScoredAnswer, satisfaction, satisfactionDrop } from './satisfaction.js';

/** How much satisfaction a customer had lost by the end of a day (see satisfactionDrop). */
export interface SatisfactionSignal {
  day: number;
  customerId: string;
  drop: number;
}

/**
 * Every customer's satisfaction drop at the end of each of `days`, from the surveys answered by the
 * last of them (one statement): CSAT after tickets, C = b / a of relationship surveys. Customers
 * without a drop are left out.
 */
export async function satisfactionDrops(
  tx: Tx,
  timezone: string,
  days: readonly number[],
  windowDays: number,
  /** Only these customers (all by default). */
  only?: readonly string[],
): Promise<SatisfactionSignal[]> {
  if (days.length === 0) return [];
  const byCustomer = await scoredAnswers(tx, timezone, only ?? null, Math.max(...days));
  const out: SatisfactionSignal[] = [];
  for (const [customerId, answers] of byCustomer)
    for (const day of days) {
      const drop = satisfactionDrop(answers, day, windowDays);
      if (drop > 0) out.push({ day, customerId, drop });
    }
  return out;
}

/**
 * The answered surveys of the given customers (null: of everyone) scored for comparison, by customer,
 * each customer's in the order they were answered: CSAT after tickets, overall C = b / a of
 * relationship surveys. Only answers given by the end of `untilDay`, when it is given.
 */
export async function scoredAnswers(
  tx: Tx,
  timezone: string,
  customerIds: readonly string[] | null,
  untilDay?: number,
): Promise<Map<string, ScoredAnswer[]>> {
  const some = customerIds ? sql`and customer_id = any(${customerIds}::uuid[])` : sql``;
  const until =
    untilDay === undefined
      ? sql``
      : sql`and answered_at < ((date '1970-01-01' + ${untilDay}::int + 1)::timestamp at time zone ${timezone})`;
  const { rows } = await sql<{
    customer_id: string;
    day: number;
    kind: 'ticket' | 'relationship';
    csat: number | null;
    ratings: { code: string; expectation: number; perception: number }[] | null;
  }>`
    select customer_id, (answered_at at time zone ${timezone})::date - date '1970-01-01' as day, kind, csat, ratings
    from surveys
    where answered_at is not null ${until} ${some}
    order by answered_at, id`.execute(tx);
  const byCustomer = new Map<string, ScoredAnswer[]>();
  for (const row of rows) {
    const score = row.kind === 'ticket' ? row.csat : satisfaction(row.ratings ?? []).overall;
    if (score === null) continue;
    const answers = byCustomer.get(row.customer_id) ?? [];
    answers.push({ day: Number(row.day), kind: row.kind, score });
    byCustomer.set(row.customer_id, answers);
  }
  return byCustomer;
}
