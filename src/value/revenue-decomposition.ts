import { sql } from 'kysely';
import { z } from 'zod';
import type { Tx } from '../db/tenant.js';
import { badRequest } from '../errors.js';
import { isoDate } from '../http/dates.js';

export const revenueDecompositionQuery = z.object({
  from: isoDate.optional(),
  to: isoDate.optional(),
});

export const revenueDecompositionJson = z.object({
  from: isoDate,
  to: isoDate,
  /** The window of equal length just before, which decides who counts as an existing customer. */
  previousFrom: isoDate,
  previousTo: isoDate,
  /** Net revenue of the period (returns subtracted), a decimal string. */
  revenue: z.string(),
  customers: z.object({
    /** Bought in the period: new + retained + returning. */
    active: z.number().int(),
    /** First purchase in the period. */
    new: z.number().int(),
    /** Bought in the previous window. */
    existing: z.number().int(),
    /** Bought in the previous window and again in the period. */
    retained: z.number().int(),
    /** Bought before the previous window, not in it, and again in the period (won back). */
    returning: z.number().int(),
  }),
  /** retained / existing; null without existing customers. */
  retentionRate: z.number().nullable(),
  /** revenue / active, rounded to the cent; null without active customers. */
  spendPerCustomer: z.string().nullable(),
});

const DAY = 86_400_000;
const MAX_DAYS = 3660;

const addDays = (day: string, days: number) =>
  new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY).toISOString().slice(0, 10);
const daysBetween = (from: string, to: string) => (Date.parse(to) - Date.parse(from)) / DAY;

/**
 * The period's days and the window of equal length before it. Without `to` the period ends today in
 * the workspace's time zone; without `from` it is the 90 days up to `to`.
 */
export function revenuePeriod(query: { from?: string; to?: string }, today: string) {
  const to = query.to ?? today;
  const from = query.from ?? addDays(to, -89);
  const length = daysBetween(from, to) + 1;
  if (length < 1)
    throw badRequest('the period ends before it starts', [
      { path: 'querystring.from', message: 'must be on or before to' },
    ]);
  if (length > MAX_DAYS)
    throw badRequest('the period is too long', [
      { path: 'querystring.from', message: `must be at most ${MAX_DAYS} days before to` },
    ]);
  return { from, to, previousFrom: addDays(from, -length), previousTo: addDays(from, -1) };
}

interface CountsRow {
  active: number;
  new: number;
  existing: number;
  retained: number;
  returning: number;
  revenue: string;
  spend: string | null;
}

/**
 * Revenue = (new customers + existing customers × retention rate + returning customers) × spend per
 * customer, for a period: the decomposition of §2.4 of the spec, with customers won back after a gap
 * as a term of their own so that the identity holds exactly. Days are those of the workspace's time
 * zone; a purchase is a transaction with a positive amount, and returns lower the revenue; a customer
 * is new when their first transaction falls in the period. Only the two windows' transactions are
 * read; who bought before them comes from the per-customer aggregates the transaction triggers keep,
 * joined once sales are summed per customer. Deleted customers are left out by a (small, hashed) list
 * of them rather than a join with every customer, which the planner can turn into a nested loop.
 */
export async function revenueDecomposition(tx: Tx, timezone: string, query: { from?: string; to?: string }) {
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: timezone }).format(new Date());
  const period = revenuePeriod(query, today);
  const { from, to, previousFrom } = period;
  // Midnight starting a day in the workspace's time zone, so that the occurred-at index does the filtering.
  const start = (day: string) => sql`(${day}::date)::timestamp at time zone ${timezone}`;
  const { rows } = await sql<CountsRow>`
    with per_customer_sales as materialized (
      select t.workspace_id, t.customer_id,
        bool_or(t.amount > 0 and t.occurred_at < ${start(from)}) as in_previous,
        bool_or(t.amount > 0 and t.occurred_at >= ${start(from)}) as in_period,
        coalesce(sum(t.amount) filter (where t.occurred_at >= ${start(from)}), 0) as revenue
      from transactions t
      where t.occurred_at >= ${start(previousFrom)} and t.occurred_at < ${start(addDays(to, 1))}
        and t.customer_id not in (select id from customers where deleted_at is not null)
      group by t.workspace_id, t.customer_id
    ), per_customer as (
      select p.*, s.first_purchase_at >= ${start(from)} as first_in_period
      from per_customer_sales p
      join customer_stats s on s.workspace_id = p.workspace_id and s.customer_id = p.customer_id
    )
    select count(*) filter (where in_period)::int as active,
      count(*) filter (where in_period and first_in_period)::int as new,
      count(*) filter (where in_previous)::int as existing,
      count(*) filter (where in_previous and in_period)::int as retained,
      count(*) filter (where in_period and not in_previous and not first_in_period)::int as returning,
      coalesce(sum(revenue), 0)::numeric(14,2)::text as revenue,
      round(coalesce(sum(revenue), 0) / nullif(count(*) filter (where in_period), 0), 2)::text as spend
    from per_customer`.execute(tx);
  const row = rows[0];
  return {
    ...period,
    revenue: row.revenue,
    customers: {
      active: row.active,
      new: row.new,
      existing: row.existing,
      retained: row.retained,
      returning: row.returning,
    },
    retentionRate: row.existing > 0 ? row.retained / row.existing : null,
    spendPerCustomer: row.spend,
  };
}
