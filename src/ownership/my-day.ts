import { sql } from 'kysely';
import { z } from 'zod';
import type { Tx, Viewer } from '../db/tenant.js';
import { localTime } from '../lifecycle/nightly.js';
import { daysLeft } from './return-rules.js';
import { deadlines } from './returns.js';
import { teamDay, teamDayJson } from './team-day.js';

const DAY_MS = 86_400_000;
/** How far ahead "returning soon" and how far back "new" look. */
const WINDOW_DAYS = 7;

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
    z.object({ customerId: z.uuid(), name: z.string(), returnsAt: z.iso.datetime(), daysLeft: z.number() }),
  ),
  newAssignments: z.array(
    z.object({ customerId: z.uuid(), name: z.string(), at: z.iso.datetime(), byUserId: z.uuid().nullable() }),
  ),
  /** A manager's team (scope `team`); null for everyone else. */
  team: teamDayJson.nullable(),
});
export type MyDay = z.infer<typeof myDayJson>;

/**
 * A rep's day: open tasks due today or before, customers whose promised follow-up day has come, their
 * customers going back to the pool within a week, and customers given to them in the last week. A
 * manager (scope `team`) also gets their team's (team-day.ts).
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
  const horizon = now.getTime() + WINDOW_DAYS * DAY_MS;
  const soon = (await deadlines(tx, { ownerId: userId }))
    .filter((d) => d.at.getTime() <= horizon)
    .sort((a, b) => a.at.getTime() - b.at.getTime());
  const names = soon.length
    ? await tx
        .selectFrom('customers')
        .select(['id', 'name'])
        .where(sql<boolean>`id = any(${soon.map((d) => d.customer.id)}::uuid[])`)
        .execute()
    : [];
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
      customerId: d.customer.id,
      name: names.find((n) => n.id === d.customer.id)?.name ?? '',
      returnsAt: d.at.toISOString(),
      daysLeft: daysLeft(d.at, now),
    })),
    newAssignments: assigned.map((a) => ({
      customerId: a.customer_id,
      name: a.name,
      at: a.at.toISOString(),
      byUserId: a.by_user_id,
    })),
    team: viewer.scope === 'team' ? await teamDay(tx, day, now) : null,
  };
}
