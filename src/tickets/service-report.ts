import { sql } from 'kysely';
import { businessMinutesBetween } from '../calendars/business-hours.js';
import type { Tx } from '../db/tenant.js';
import { serviceContext } from './settings.js';

/** The p-quantile of sorted values, interpolating between ranks (R's type 7); null when empty. */
function quantile(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  const rank = (sorted.length - 1) * p;
  const low = Math.floor(rank);
  const high = Math.min(low + 1, sorted.length - 1);
  return sorted[low]! + (sorted[high]! - sorted[low]!) * (rank - low);
}

const spread = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return { count: sorted.length, median: quantile(sorted, 0.5), p90: quantile(sorted, 0.9) };
};

const attainment = (met: number, missed: number) => ({
  met,
  missed,
  percent: met + missed ? (100 * met) / (met + missed) : null,
});

interface TicketFacts {
  id: string;
  customer_id: string;
  stage: string | null;
  abc_class: string | null;
  team_id: string | null;
  team_name: string | null;
  kind: string;
  category: string | null;
  month: string;
  created_at: Date;
  first_response_at: Date | null;
  resolved_at: Date | null;
  paused_minutes: number;
  first_response_minutes: number | null;
  resolution_minutes: number | null;
}

export type Segmenting = 'stage' | 'abcClass' | 'team';

interface SegmentTally {
  tickets: number;
  complaints: number;
  resolution: { met: number; missed: number };
  toResolve: number[];
}

/**
 * Who stopped buying after complaining. Each customer who complained in the period is looked at from
 * their first complaint in it, every other customer from the middle of the period; a customer who made no
 * purchase in the `days` after that day has lapsed. Only customers who had bought before that day count,
 * and only once the `days` have passed by `now` (the others are still pending).
 */
async function complainerChurn(tx: Tx, from: string, to: string, days: number, now: Date) {
  const { rows } = await sql<{ complained: boolean; customers: number; measured: number; lapsed: number }>`
    with firsts as (
      select customer_id, min(created_at) as first_at from tickets
      where kind = 'complaint' and created_at >= ${from}::date and created_at < ${to}::date
      group by customer_id
    ), refs as (
      select c.id as customer_id, f.first_at is not null as complained,
        coalesce(f.first_at, (${from}::date + (${to}::date - ${from}::date) / 2)::timestamptz) as ref
      from customers c left join firsts f on f.customer_id = c.id
      where c.deleted_at is null
    ), buyers as (
      select r.*, r.ref + make_interval(days => ${days}) <= ${now} as due from refs r
      where exists (select 1 from transactions x where x.customer_id = r.customer_id and x.occurred_at <= r.ref)
    )
    select complained, count(*)::int as customers, count(*) filter (where due)::int as measured,
      count(*) filter (where due and not exists (
        select 1 from transactions x where x.customer_id = b.customer_id
          and x.occurred_at > b.ref and x.occurred_at <= b.ref + make_interval(days => ${days})))::int as lapsed
    from buyers b group by complained`.execute(tx);
  const group = (complained: boolean) => {
    const row = rows.find((r) => r.complained === complained);
    const measured = row?.measured ?? 0;
    const lapsed = row?.lapsed ?? 0;
    return {
      customers: row?.customers ?? 0,
      measured,
      lapsed,
      lapsedPercent: measured ? (100 * lapsed) / measured : null,
    };
  };
  return { days, complained: group(true), others: group(false) };
}

/**
 * The service desk over tickets opened in [from, to): volume by month, kind and category; working
 * minutes to first response and to resolution (median, 90th percentile); SLA attainment; the most
 * frequent categories; customers who complained more than once; CSAT after resolution; the same figures
 * by the customer's stage, ABC class and owner's team; and how many complainers stopped buying in the
 * `churnDays` after complaining beside the other buyers.
 */
export async function serviceReport(tx: Tx, from: string, to: string, churnDays: number, now: Date) {
  const { calendar } = await serviceContext(tx);
  const { rows: tickets } = await sql<TicketFacts>`
    select t.id, t.customer_id, t.kind, t.category, t.created_at, t.first_response_at, t.resolved_at,
      t.paused_minutes, t.first_response_minutes, t.resolution_minutes,
      to_char(t.created_at at time zone w.timezone, 'YYYY-MM') as month,
      l.stage, v.abc_class, m.team_id::text as team_id, tm.name as team_name
    from tickets t join workspaces w on w.id = t.workspace_id
    join customers c on c.workspace_id = t.workspace_id and c.id = t.customer_id
    left join customer_lifecycle l
      on l.workspace_id = t.workspace_id and l.customer_id = t.customer_id and l.business_line_id is null
    left join customer_values v on v.workspace_id = t.workspace_id and v.customer_id = t.customer_id
    left join memberships m on m.workspace_id = c.workspace_id and m.user_id = c.owner_id
    left join teams tm on tm.workspace_id = m.workspace_id and tm.id = m.team_id
    where t.created_at >= ${from}::date and t.created_at < ${to}::date`.execute(tx);
  const segments: Record<Segmenting, Map<string | null, SegmentTally>> = {
    stage: new Map(),
    abcClass: new Map(),
    team: new Map(),
  };

  const volume = new Map<string, { month: string; kind: string; category: string | null; count: number }>();
  const categories = new Map<string | null, number>();
  const complaints = new Map<string, number>();
  const toFirst: number[] = [];
  const toResolve: number[] = [];
  const first = { met: 0, missed: 0 };
  const resolution = { met: 0, missed: 0 };
  // Team names travel with the report: the list of teams is for owners and admins only.
  const teamNames = new Map<string | null, string | null>();
  for (const t of tickets) {
    teamNames.set(t.team_id, t.team_name);
    const tallies = (
      [
        ['stage', t.stage],
        ['abcClass', t.abc_class],
        ['team', t.team_id],
      ] as const
    ).map(([by, key]) => {
      const tally = segments[by].get(key) ?? {
        tickets: 0,
        complaints: 0,
        resolution: { met: 0, missed: 0 },
        toResolve: [],
      };
      segments[by].set(key, tally);
      tally.tickets++;
      if (t.kind === 'complaint') tally.complaints++;
      return tally;
    });
    const key = `${t.month}\n${t.kind}\n${t.category}`;
    const cell = volume.get(key) ?? { month: t.month, kind: t.kind, category: t.category, count: 0 };
    cell.count++;
    volume.set(key, cell);
    categories.set(t.category, (categories.get(t.category) ?? 0) + 1);
    if (t.kind === 'complaint') complaints.set(t.customer_id, (complaints.get(t.customer_id) ?? 0) + 1);
    const answered = t.first_response_at ?? t.resolved_at;
    if (answered) {
      const minutes = businessMinutesBetween(calendar, t.created_at, answered);
      toFirst.push(minutes);
      if (t.first_response_minutes !== null) first[minutes <= t.first_response_minutes ? 'met' : 'missed']++;
    }
    if (t.resolved_at) {
      const minutes = businessMinutesBetween(calendar, t.created_at, t.resolved_at) - t.paused_minutes;
      toResolve.push(minutes);
      const outcome = minutes <= (t.resolution_minutes ?? 0) ? 'met' : 'missed';
      if (t.resolution_minutes !== null) resolution[outcome]++;
      for (const tally of tallies) {
        tally.toResolve.push(minutes);
        if (t.resolution_minutes !== null) tally.resolution[outcome]++;
      }
    }
  }

  const { rows: csat } = await sql<{ responses: number; average: number | null }>`
    select count(*)::int as responses, avg(s.csat)::float8 as average from surveys s
    join tickets t on t.workspace_id = s.workspace_id and t.id = s.ticket_id
    where s.csat is not null and t.created_at >= ${from}::date and t.created_at < ${to}::date`.execute(tx);
  const bySegment = (by: Segmenting) =>
    [...segments[by]]
      .sort(([a], [b]) => (a ?? '').localeCompare(b ?? ''))
      .map(([key, tally]) => ({
        key,
        tickets: tally.tickets,
        complaints: tally.complaints,
        resolutionMinutes: spread(tally.toResolve),
        resolutionAttainment: attainment(tally.resolution.met, tally.resolution.missed),
      }));

  return {
    from,
    to,
    tickets: tickets.length,
    volume: [...volume.values()].sort(
      (a, b) =>
        a.month.localeCompare(b.month) ||
        a.kind.localeCompare(b.kind) ||
        (a.category ?? '').localeCompare(b.category ?? ''),
    ),
    topCategories: [...categories]
      .map(([category, count]) => ({ category, count }))
      .sort((a, b) => b.count - a.count || (a.category ?? '').localeCompare(b.category ?? ''))
      .slice(0, 10),
    firstResponseMinutes: spread(toFirst),
    resolutionMinutes: spread(toResolve),
    slaAttainment: {
      firstResponse: attainment(first.met, first.missed),
      resolution: attainment(resolution.met, resolution.missed),
    },
    repeatComplainers: [...complaints]
      .filter(([, n]) => n > 1)
      .map(([customerId, complaints]) => ({ customerId, complaints }))
      .sort((a, b) => b.complaints - a.complaints || a.customerId.localeCompare(b.customerId))
      .slice(0, 50),
    csatAfterResolution: { responses: csat[0]?.responses ?? 0, average: csat[0]?.average ?? null },
    segments: {
      stage: bySegment('stage'),
      abcClass: bySegment('abcClass'),
      team: bySegment('team').map((s) => ({ ...s, name: teamNames.get(s.key) ?? null })),
    },
    complainerChurn: await complainerChurn(tx, from, to, churnDays, now),
  };
}
