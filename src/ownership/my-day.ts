import { sql } from 'kysely';
import { z } from 'zod';
import type { Tx, Viewer } from '../db/tenant.js';
import { localTime } from '../lifecycle/nightly.js';
import { type OccasionSource, upcomingOccasions } from './occasions.js';
import { returnCountdown } from './return-countdown.js';
import { AT_RISK_LEVELS, teamDay, teamDayJson } from './team-day.js';

const DAY_MS = 86_400_000;
/** How far ahead "returning soon" and how far back "new" look. */
const WINDOW_DAYS = 7;
const CHURN_WARNINGS_SHOWN = 20;

export const myDayJson = z.object({
  day: z.iso.date(),
  tasks: z.array(
    z.object({
      id: z.uuid(),
      customerId: z.uuid().nullable(),
      title: z.string(),
      dueOn: z.iso.date(),
      overdue: z.boolean(),
    }),
  ),
  followUps: z.array(
    z.object({ customerId: z.uuid(), name: z.string(), dueOn: z.iso.date(), overdue: z.boolean() }),
  ),
  returningSoon: z.array(
    z.object({
      customerId: z.uuid(),
      name: z.string(),
      returnsAt: z.iso.datetime(),
      daysLeft: z.number(),
      /** At most the pool's urgentDays left. */
      returnUrgent: z.boolean(),
    }),
  ),
  newAssignments: z.array(
    z.object({ customerId: z.uuid(), name: z.string(), at: z.iso.datetime(), byUserId: z.uuid().nullable() }),
  ),
  /** My customers at high or critical churn risk, the most value at risk first. */
  churnWarnings: z.array(
    z.object({
      customerId: z.uuid(),
      name: z.string(),
      churnLevel: z.string(),
      valueAtRisk: z.string().nullable(),
    }),
  ),
  /** My customers' birthdays and first-purchase anniversaries this week (today and the next six days). */
  occasions: z.array(
    z.object({
      customerId: z.uuid(),
      name: z.string(),
      kind: z.enum(['birthday', 'anniversary']),
      on: z.iso.date(),
      years: z.number(),
    }),
  ),
  /** A manager's team (scope `team`); null for everyone else. */
  team: teamDayJson.nullable(),
});
export type MyDay = z.infer<typeof myDayJson>;

/**
 * A rep's day: open tasks due today or before, customers whose promised follow-up day has come, their
 * customers going back to the pool within a week, customers given to them in the last week, those at
 * risk of churning and this week's birthdays and anniversaries. A manager (scope `team`) also gets their
 * team's (team-day.ts).
 */
export async function myDay(tx: Tx, viewer: Viewer, timezone: string, now: Date): Promise<MyDay> {
  const { userId } = viewer;
  const { day } = localTime(timezone, now);
  const tasks = await tx
    .selectFrom('tasks')
    .select(['id', 'customer_id', 'title', 'due_on'])
    .where('assignee_id', '=', userId)
    .where('status', '=', 'open')
    .where('due_on', '<=', day)
    .orderBy('due_on')
    .orderBy('id')
    .limit(100)
    .execute();
  // The latest follow-up of each of my customers, where it promised a next one by today.
  const followUps = await tx
    .selectFrom('customers as c')
    .innerJoinLateral(
      (eb) =>
        eb
          .selectFrom('interactions as i')
          .select('i.next_follow_up_on')
          .whereRef('i.customer_id', '=', 'c.id')
          .orderBy('i.occurred_at', 'desc')
          .limit(1)
          .as('last'),
      (join) => join.onTrue(),
    )
    .select(['c.id', 'c.name', 'last.next_follow_up_on'])
    .where('c.owner_id', '=', userId)
    .where('c.deleted_at', 'is', null)
    .where('last.next_follow_up_on', '<=', day)
    .orderBy('last.next_follow_up_on')
    .limit(100)
    .execute();
  // My customers' stored deadlines within the window, the soonest first.
  const soon = await tx
    .selectFrom('customer_return_deadlines as d')
    .innerJoin('customers as c', (j) =>
      j.onRef('c.workspace_id', '=', 'd.workspace_id').onRef('c.id', '=', 'd.customer_id'),
    )
    .innerJoin('pools as p', (j) =>
      j.onRef('p.workspace_id', '=', 'd.workspace_id').onRef('p.id', '=', 'd.pool_id'),
    )
    .select(['c.id', 'c.name', 'd.returns_at', 'p.urgent_days'])
    .where('c.owner_id', '=', userId)
    .where('c.deleted_at', 'is', null)
    .where('d.returns_at', '<=', new Date(now.getTime() + WINDOW_DAYS * DAY_MS))
    .orderBy('d.returns_at')
    .orderBy('c.id')
    .execute();
  const assigned = await tx
    .selectFrom('ownership_events as e')
    .innerJoin('customers as c', (j) =>
      j.onRef('c.workspace_id', '=', 'e.workspace_id').onRef('c.id', '=', 'e.customer_id'),
    )
    .select(['e.customer_id', 'c.name', 'e.at', 'e.by_user_id'])
    .where('e.to_user_id', '=', userId)
    .where('e.kind', 'in', ['assign', 'transfer'])
    .where('e.at', '>', new Date(now.getTime() - WINDOW_DAYS * DAY_MS))
    .where('c.owner_id', '=', userId)
    .orderBy('e.at', 'desc')
    .limit(100)
    .execute();
  return {
    day,
    tasks: tasks.map((t) => ({
      id: t.id,
      customerId: t.customer_id,
      title: t.title,
      dueOn: t.due_on as string,
      overdue: (t.due_on as string) < day,
    })),
    followUps: followUps.map((f) => ({
      customerId: f.id,
      name: f.name,
      dueOn: f.next_follow_up_on as string,
      overdue: (f.next_follow_up_on as string) < day,
    })),
    returningSoon: soon.map((d) => ({
      customerId: d.id,
      name: d.name,
      ...returnCountdown(d.returns_at, d.urgent_days, now),
    })),
    newAssignments: assigned.map((a) => ({
      customerId: a.customer_id,
      name: a.name,
      at: a.at.toISOString(),
      byUserId: a.by_user_id,
    })),
    churnWarnings: await churnWarnings(tx, userId),
    occasions: upcomingOccasions(await occasionSources(tx, userId, timezone), day, WINDOW_DAYS),
    team: viewer.scope === 'team' ? await teamDay(tx, day, now) : null,
  };
}

async function churnWarnings(tx: Tx, userId: string) {
  const rows = await tx
    .selectFrom('customers as c')
    .innerJoin('customer_values as v', (j) =>
      j.onRef('v.workspace_id', '=', 'c.workspace_id').onRef('v.customer_id', '=', 'c.id'),
    )
    .select(['c.id', 'c.name', 'v.churn_level', 'v.value_at_risk'])
    .where('c.owner_id', '=', userId)
    .where('c.deleted_at', 'is', null)
    .where('v.churn_level', 'in', AT_RISK_LEVELS)
    .orderBy(sql`v.value_at_risk desc nulls last`)
    .orderBy('c.id')
    .limit(CHURN_WARNINGS_SHOWN)
    .execute();
  return rows.map((r) => ({
    customerId: r.id,
    name: r.name,
    churnLevel: r.churn_level as string,
    valueAtRisk: r.value_at_risk,
  }));
}

/** Birthdays and first purchases of my customers, the first purchase as a day of the workspace's zone. */
async function occasionSources(tx: Tx, userId: string, timezone: string): Promise<OccasionSource[]> {
  const { rows } = await sql<{ id: string; name: string; birthday: string | null; first: string | null }>`
    select c.id, c.name, c.birthday::text as birthday,
      to_char(s.first_purchase_at at time zone ${timezone}, 'YYYY-MM-DD') as first
    from customers c
    left join customer_stats s on s.workspace_id = c.workspace_id and s.customer_id = c.id
    where c.owner_id = ${userId} and c.deleted_at is null
      and (c.birthday is not null or s.first_purchase_at is not null)`.execute(tx);
  return rows.map((r) => ({ id: r.id, name: r.name, birthday: r.birthday, firstPurchaseOn: r.first }));
}
