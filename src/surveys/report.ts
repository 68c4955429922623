import { sql } from 'kysely';
import type { Tx } from '../db/tenant.js';
import { customerSatisfaction, netPromoterScore, satisfaction } from './satisfaction.js';

export const SATISFACTION_GROUPINGS = ['month', 'stage', 'abcClass', 'owner', 'team'] as const;
export type SatisfactionGrouping = (typeof SATISFACTION_GROUPINGS)[number];

interface Answer {
  key: string | null;
  name: string | null;
  csat: number | null;
  nps: number | null;
  ratings: { code: string; expectation: number; perception: number }[] | null;
}

// The group of an answer: the month it came in (workspace time), or its customer's stage, ABC class (the
// value segment) or owner now, or the team: the one whose queue the surveyed ticket was in, else the
// team of the customer's owner (a relationship survey has no ticket).
const keyOf: Record<SatisfactionGrouping, ReturnType<typeof sql>> = {
  month: sql`to_char(s.answered_at at time zone w.timezone, 'YYYY-MM')`,
  stage: sql`l.stage`,
  abcClass: sql`v.abc_class`,
  owner: sql`c.owner_id::text`,
  team: sql`coalesce(t.team_id, m.team_id)::text`,
};
// Owners and teams are named in the report: the lists of members and teams are not everyone's to read.
const nameOf: Record<SatisfactionGrouping, ReturnType<typeof sql>> = {
  month: sql`null`,
  stage: sql`null`,
  abcClass: sql`null`,
  owner: sql`coalesce(nullif(u.name, ''), u.email)`,
  team: sql`(select name from teams where workspace_id = s.workspace_id and id = coalesce(t.team_id, m.team_id))`,
};

/**
 * CSAT, NPS and C = b / a per dimension of the surveys answered in [from, to), in groups, each with its
 * name for owners and teams. Each group's C per dimension is the mean of its answers' C.
 */
export async function satisfactionReport(tx: Tx, by: SatisfactionGrouping, from: string, to: string) {
  const { rows } = await sql<Answer>`
    select ${keyOf[by]} as key, ${nameOf[by]} as name, s.csat, s.nps, s.ratings
    from surveys s
    join workspaces w on w.id = s.workspace_id
    join customers c on c.workspace_id = s.workspace_id and c.id = s.customer_id
    left join tickets t on t.workspace_id = s.workspace_id and t.id = s.ticket_id
    left join users u on u.id = c.owner_id
    left join customer_lifecycle l
      on l.workspace_id = s.workspace_id and l.customer_id = s.customer_id and l.business_line_id is null
    left join customer_values v on v.workspace_id = s.workspace_id and v.customer_id = s.customer_id
    left join memberships m on m.workspace_id = c.workspace_id and m.user_id = c.owner_id
    where s.answered_at >= ${from}::date and s.answered_at < ${to}::date`.execute(tx);
  const groups = new Map<string | null, Answer[]>();
  for (const row of rows) groups.set(row.key, [...(groups.get(row.key) ?? []), row]);
  return [...groups]
    .sort(([a], [b]) => (a ?? '').localeCompare(b ?? ''))
    .map(([key, answers]) => {
      const perDimension = new Map<string, number[]>();
      for (const answer of answers)
        for (const [code, c] of Object.entries(satisfaction(answer.ratings ?? []).byDimension))
          perDimension.set(code, [...(perDimension.get(code) ?? []), c]);
      const byDimension = Object.fromEntries(
        [...perDimension].map(([code, cs]) => [code, cs.reduce((a, b) => a + b, 0) / cs.length]),
      );
      const means = Object.values(byDimension);
      return {
        key,
        name: answers[0]?.name ?? null,
        csat: customerSatisfaction(answers.flatMap((a) => (a.csat === null ? [] : [a.csat]))),
        nps: netPromoterScore(answers.flatMap((a) => (a.nps === null ? [] : [a.nps]))),
        satisfaction: {
          responses: answers.filter((a) => a.ratings).length,
          byDimension,
          overall: means.length ? means.reduce((a, b) => a + b, 0) / means.length : null,
        },
      };
    });
}
