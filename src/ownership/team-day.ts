import { sql } from 'kysely';
import { z } from 'zod';
import type { Tx } from '../db/tenant.js';

const DAY_MS = 86_400_000;
/** The totals look back a week, as "new assignments" do. */
const TOTALS_DAYS = 7;
/** An at-risk customer nobody spoke to in this many days is one the manager should ask about. */
export const NOT_CONTACTED_DAYS = 14;
/** The churn levels a manager is shown. */
export const AT_RISK_LEVELS = ['high', 'critical'];

export const teamDayJson = z.object({
  members: z.array(
    z.object({
      userId: z.uuid(),
      name: z.string(),
      customersHeld: z.number(),
      followUpsDue: z.number(),
      followUpsOverdue: z.number(),
      tasksOverdue: z.number(),
      atRiskNotContacted: z.number(),
    }),
  ),
  /** The team's week: follow-ups logged, customers claimed and returned to a pool; overdue as of today. */
  totals: z.object({
    followUpsLogged: z.number(),
    claimed: z.number(),
    returned: z.number(),
    followUpsOverdue: z.number(),
    tasksOverdue: z.number(),
  }),
  /** High or critical churn risk and no contact for NOT_CONTACTED_DAYS, largest value at risk first. */
  atRisk: z.array(
    z.object({
      customerId: z.uuid(),
      name: z.string(),
      ownerId: z.uuid(),
      churnLevel: z.string(),
      valueAtRisk: z.string().nullable(),
      lastContactAt: z.iso.datetime().nullable(),
    }),
  ),
});
export type TeamDay = z.infer<typeof teamDayJson>;

interface MemberRow {
  user_id: string;
  name: string;
  held: number;
  due: number;
  overdue: number;
  tasks_overdue: number;
  at_risk: number;
}

interface AtRiskRow {
  id: string;
  name: string;
  owner_id: string;
  churn_level: string;
  value_at_risk: string | null;
  occurred_at: Date | null;
}

/**
 * A manager's team as their scope reaches it (row-level security: `clm_visible_owners()`, the active
 * members of their team and themselves), each member's day in figures, and the customers at risk.
 */
export async function teamDay(tx: Tx, day: string, now: Date): Promise<TeamDay> {
  const quiet = new Date(now.getTime() - NOT_CONTACTED_DAYS * DAY_MS);
  const week = new Date(now.getTime() - TOTALS_DAYS * DAY_MS);
  const team = sql`team as (
      select m.user_id, u.name from memberships m join users u on u.id = m.user_id
      where m.user_id = any(clm_visible_owners()) and m.deactivated_at is null
    ), touched as (
      select c.id, c.name, c.owner_id, l.next_follow_up_on, l.occurred_at, v.churn_level, v.value_at_risk
      from customers c
      left join lateral (
        select i.next_follow_up_on, i.occurred_at from interactions i
        where i.workspace_id = c.workspace_id and i.customer_id = c.id
        order by i.occurred_at desc limit 1
      ) l on true
      left join customer_values v on v.workspace_id = c.workspace_id and v.customer_id = c.id
      where c.deleted_at is null and c.owner_id in (select user_id from team)
    ), at_risk as (
      select * from touched
      where churn_level in (${sql.join(AT_RISK_LEVELS)}) and (occurred_at is null or occurred_at < ${quiet})
    )`;
  const { rows: members } = await sql<MemberRow>`with ${team}
    select t.user_id, t.name,
      (select count(*)::int from touched x where x.owner_id = t.user_id) as held,
      (select count(*)::int from touched x where x.owner_id = t.user_id and x.next_follow_up_on = ${day}) as due,
      (select count(*)::int from touched x where x.owner_id = t.user_id and x.next_follow_up_on < ${day}) as overdue,
      (select count(*)::int from tasks k
        where k.assignee_id = t.user_id and k.status = 'open' and k.due_on < ${day}) as tasks_overdue,
      (select count(*)::int from at_risk x where x.owner_id = t.user_id) as at_risk
    from team t order by t.name, t.user_id`.execute(tx);
  const { rows: atRisk } = await sql<AtRiskRow>`with ${team}
    select id, name, owner_id, churn_level, value_at_risk::text as value_at_risk, occurred_at from at_risk
    order by value_at_risk desc nulls last, id limit 50`.execute(tx);
  const { rows: weekly } = await sql<{ logged: number; claimed: number; returned: number }>`with ${team}
    select
      (select count(*)::int from interactions i
        where i.user_id in (select user_id from team) and i.occurred_at > ${week}) as logged,
      (select count(*)::int from ownership_events e
        where e.kind = 'claim' and e.to_user_id in (select user_id from team) and e.at > ${week}) as claimed,
      (select count(*)::int from ownership_events e
        where e.kind = 'return' and e.from_user_id in (select user_id from team) and e.at > ${week}) as returned`.execute(
    tx,
  );
  const sum = (pick: (m: MemberRow) => number) => members.reduce((n, m) => n + pick(m), 0);
  return {
    members: members.map((m) => ({
      userId: m.user_id,
      name: m.name,
      customersHeld: m.held,
      followUpsDue: m.due,
      followUpsOverdue: m.overdue,
      tasksOverdue: m.tasks_overdue,
      atRiskNotContacted: m.at_risk,
    })),
    totals: {
      followUpsLogged: weekly[0]?.logged ?? 0,
      claimed: weekly[0]?.claimed ?? 0,
      returned: weekly[0]?.returned ?? 0,
      followUpsOverdue: sum((m) => m.overdue),
      tasksOverdue: sum((m) => m.tasks_overdue),
    },
    atRisk: atRisk.map((r) => ({
      customerId: r.id,
      name: r.name,
      ownerId: r.owner_id,
      churnLevel: r.churn_level,
      valueAtRisk: r.value_at_risk,
      lastContactAt: r.occurred_at?.toISOString() ?? null,
    })),
  };
}
