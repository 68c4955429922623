import { sql } from 'kysely';
import type { Tx } from '../db/tenant.js';
import { badRequest } from '../errors.js';
import { todayIn } from './overrides.js';
import { funnelStages, stagePhases } from './phases.js';
import { workspaceModel } from './repository.js';
import type { StageModel } from './stage-model.js';

/**
 * Stage analytics over lifecycle_history: each customer's changes of stage as a whole (business line
 * null), deleted customers left out. Every figure is one set-based statement; durations count days
 * from the as-of day a change was recorded at, so a customer placed by the first refresh is counted
 * from that day, not from before CLM knew them.
 */

/**
 * Deleted customers, left out by `not in`: PostgreSQL hashes the few of them whatever its statistics
 * say, where a join can turn into a nested loop over every customer on tables not analysed yet (PGlite
 * has no autovacuum).
 */
const DELETED = sql`select id from customers where deleted_at is not null`;

const labelled = (model: StageModel, key: string | null) => {
  const stage = model.stages.find((s) => s.key === key);
  return { labels: stage?.labels ?? null, colour: stage?.colour ?? null };
};

/** Dates of a period, defaulted and checked: from after to is a 400 naming `from`. */
export function period(
  query: { from?: string; to?: string },
  timezone: string,
  defaultFrom: (to: string) => string,
) {
  const to = query.to ?? todayIn(timezone);
  const from = query.from ?? defaultFrom(to);
  if (from > to)
    throw badRequest('from is after to', [{ path: 'querystring.from', message: `must be ${to} or earlier` }]);
  return { from, to };
}

/** Shifts a YYYY-MM-DD day by whole days or months (UTC arithmetic on a civil date). */
export function shiftDay(day: string, { days = 0, months = 0 }: { days?: number; months?: number }) {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCMonth(d.getUTCMonth() + months, months ? 1 : d.getUTCDate());
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/**
 * Where the customers in a stage at `to` were at `from` (null: not yet placed), as a matrix and as
 * Sankey nodes and links; and the changes recorded in (from, to], counted by their from and to stages.
 */
export async function stageTransitions(tx: Tx, workspaceId: string, from: string, to: string) {
  const model = await workspaceModel(tx, workspaceId);
  // One pass over the history, no join of two per-customer snapshots.
  const { rows: pairs } = await sql<{ from: string | null; to: string; count: number }>`
    with staged as (
      select h.customer_id,
        (array_agg(h.to_stage order by h.at desc, h.id desc) filter (where h.at <= ${from}::date))[1] as from_stage,
        (array_agg(h.to_stage order by h.at desc, h.id desc))[1] as to_stage
      from lifecycle_history h
      where h.business_line_id is null and h.at <= ${to}::date
      group by h.customer_id
    )
    select s.from_stage as "from", s.to_stage as "to", count(*)::int as count
    from staged s
    where s.customer_id not in (${DELETED})
    group by s.from_stage, s.to_stage`.execute(tx);
  const { rows: changes } = await sql<{ from: string | null; to: string; count: number }>`
    select h.from_stage as "from", h.to_stage as "to", count(*)::int as count
    from lifecycle_history h
    where h.customer_id not in (${DELETED}) and h.business_line_id is null and h.at > ${from}::date and h.at <= ${to}::date
    group by h.from_stage, h.to_stage`.execute(tx);
  const order = (key: string | null) => {
    const i = model.stages.findIndex((s) => s.key === key);
    return key === null ? -1 : i < 0 ? model.stages.length : i;
  };
  const byStages = <T extends { from: string | null; to: string }>(a: T, b: T) =>
    order(a.from) - order(b.from) ||
    order(a.to) - order(b.to) ||
    String(a.from).localeCompare(String(b.from)) ||
    a.to.localeCompare(b.to);
  pairs.sort(byStages);
  changes.sort(byStages);
  // Sankey: a node per stage on each side; "none" stands for customers not yet placed at `from`.
  const nodeId = (side: 'from' | 'to', stage: string | null) => `${side}:${stage ?? 'none'}`;
  const nodes = new Map<string, { id: string; side: 'from' | 'to'; stage: string | null }>();
  for (const p of pairs) {
    nodes.set(nodeId('from', p.from), { id: nodeId('from', p.from), side: 'from', stage: p.from });
    nodes.set(nodeId('to', p.to), { id: nodeId('to', p.to), side: 'to', stage: p.to });
  }
  return {
    model: model.key,
    from,
    to,
    matrix: pairs,
    changes,
    nodes: [...nodes.values()]
      .sort((a, b) => a.side.localeCompare(b.side) || order(a.stage) - order(b.stage))
      .map((n) => ({ ...n, ...labelled(model, n.stage) })),
    links: pairs.map((p) => ({ source: nodeId('from', p.from), target: nodeId('to', p.to), value: p.count })),
  };
}

interface DurationRow {
  stage: string;
  completed: number;
  median_days: number | null;
  ongoing: number;
  ongoing_median_days: number | null;
}

/**
 * Median days in each stage: over completed stays (entered and left again), and over the stays still
 * going, counted up to the last refresh's as-of day.
 */
export async function stageDurations(tx: Tx, workspaceId: string) {
  const model = await workspaceModel(tx, workspaceId);
  const { rows } = await sql<DurationRow>`
    with stays as (
      select h.to_stage as stage, h.at,
        lead(h.at) over (partition by h.customer_id order by h.at, h.id) as left_at
      from lifecycle_history h
      where h.customer_id not in (${DELETED}) and h.business_line_id is null
    ), until as (select coalesce(max(last_as_of), current_date) as day from lifecycle_settings)
    select s.stage,
      count(*) filter (where s.left_at is not null)::int as completed,
      percentile_cont(0.5) within group (order by s.left_at - s.at) filter (where s.left_at is not null) as median_days,
      count(*) filter (where s.left_at is null)::int as ongoing,
      percentile_cont(0.5) within group (order by greatest(u.day - s.at, 0)) filter (where s.left_at is null) as ongoing_median_days
    from stays s, until u
    group by s.stage`.execute(tx);
  const found = new Map(rows.map((r) => [r.stage, r]));
  const keys = [
    ...model.stages.map((s) => s.key),
    ...rows
      .map((r) => r.stage)
      .filter((k) => !model.stages.some((s) => s.key === k))
      .sort(),
  ];
  return {
    model: model.key,
    stages: keys.map((key) => {
      const r = found.get(key);
      return {
        stage: key,
        ...labelled(model, key),
        completed: r?.completed ?? 0,
        medianDays: r?.median_days ?? null,
        ongoing: r?.ongoing ?? 0,
        ongoingMedianDays: r?.ongoing_median_days ?? null,
      };
    }),
  };
}

/**
 * How far customers got up the model's stages: per stage of the exploration, formation and stability
 * phases (model order), the customers whose history ever reached it or a later one, and the share of
 * the previous step's customers that did.
 */
export async function stageFunnel(tx: Tx, workspaceId: string) {
  const model = await workspaceModel(tx, workspaceId);
  const steps = funnelStages(model);
  const { rows } = await sql<{ step: number; reached: number }>`
    with step as (
      select s.stage, s.i::int as step from unnest(${steps}::text[]) with ordinality as s(stage, i)
    ), furthest as (
      select h.customer_id, max(step.step) as step
      from lifecycle_history h
      join step on step.stage = h.to_stage
      where h.customer_id not in (${DELETED}) and h.business_line_id is null
      group by h.customer_id
    )
    select step.step, count(f.customer_id)::int as reached
    from step left join furthest f on f.step >= step.step
    group by step.step order by step.step`.execute(tx);
  return {
    model: model.key,
    steps: rows.map((r, i) => ({
      stage: steps[r.step - 1],
      ...labelled(model, steps[r.step - 1]),
      reached: r.reached,
      conversion: i === 0 ? null : rows[i - 1].reached ? r.reached / rows[i - 1].reached : null,
    })),
  };
}

interface KpiRow {
  month: string;
  exploration_exits: number;
  exploration_days: number | null;
  formed: number;
  formation_days: number | null;
  stability_exits: number;
  stability_days: number | null;
  active: number;
  declines: number;
  in_decline: number;
  recoveries: number;
}

/** The longest series of months the KPIs answer. */
export const KPI_MAX_MONTHS = 20 * 12;

/**
 * The four aims of the lifecycle as monthly series. Stages are grouped into phases (phases.ts) and a
 * stay in a phase runs until the customer's phase changes. Per month:
 * - explorationDays: median length of the exploration stays that ended in the month;
 * - formationDays: median length of the formation stays that ended in stability in the month;
 * - stabilityDays: median length of the stability stays that ended in the month;
 * - declineRate: customers who went from an active phase (exploration, formation, stability) into
 *   decline in the month, over those in an active phase at some time in the month;
 * - recoveryRate: customers who went from decline back to an active phase in the month, over those
 *   in decline at some time in the month.
 */
export async function lifecycleKpis(tx: Tx, workspaceId: string, from: string, to: string) {
  // Each month joins every stay begun before it, so the work grows with months × stays and 1,100 years
  // of months would hold the database for one chart; twenty years cover any history worth one.
  const earliest = shiftDay(to, { months: -(KPI_MAX_MONTHS - 1) });
  if (from < earliest)
    throw badRequest('the period is too long', [
      {
        path: 'querystring.from',
        code: 'period_too_long',
        limit: KPI_MAX_MONTHS,
        message: `must be ${earliest} or later: at most ${KPI_MAX_MONTHS / 12} years of months`,
      },
    ]);
  const model = await workspaceModel(tx, workspaceId);
  const phases = [...stagePhases(model)].map(([stage, phase]) => ({ stage, phase }));
  const { rows } = await sql<KpiRow>`
    with phase as (
      select * from json_to_recordset(${JSON.stringify(phases)}::json) as p(stage text, phase text)
    ), h as (
      select h.customer_id, h.id, h.at, p.phase,
        lag(h.id) over w is null or lag(p.phase) over w is distinct from p.phase as starts
      from lifecycle_history h
      left join phase p on p.stage = h.to_stage
      where h.customer_id not in (${DELETED}) and h.business_line_id is null
      window w as (partition by h.customer_id order by h.at, h.id)
    ), stays as (
      select customer_id, phase, at as started,
        lead(at) over w as ended, lead(phase) over w as next_phase, lag(phase) over w as prev_phase
      from h where starts
      window w as (partition by customer_id order by at, id)
    ), months as (
      select m::date as month_start, (m + interval '1 month' - interval '1 day')::date as month_end
      from generate_series(date_trunc('month', ${from}::timestamp), date_trunc('month', ${to}::timestamp),
        interval '1 month') m
    )
    select to_char(m.month_start, 'YYYY-MM') as month,
      count(*) filter (where s.phase = 'exploration' and s.ended between m.month_start and m.month_end)::int
        as exploration_exits,
      percentile_cont(0.5) within group (order by s.ended - s.started)
        filter (where s.phase = 'exploration' and s.ended between m.month_start and m.month_end) as exploration_days,
      count(*) filter (where s.phase = 'formation' and s.next_phase = 'stability'
        and s.ended between m.month_start and m.month_end)::int as formed,
      percentile_cont(0.5) within group (order by s.ended - s.started)
        filter (where s.phase = 'formation' and s.next_phase = 'stability'
          and s.ended between m.month_start and m.month_end) as formation_days,
      count(*) filter (where s.phase = 'stability' and s.ended between m.month_start and m.month_end)::int
        as stability_exits,
      percentile_cont(0.5) within group (order by s.ended - s.started)
        filter (where s.phase = 'stability' and s.ended between m.month_start and m.month_end) as stability_days,
      count(distinct s.customer_id) filter (where s.phase in ('exploration', 'formation', 'stability')
        and s.started <= m.month_end and (s.ended is null or s.ended >= m.month_start))::int as active,
      count(distinct s.customer_id) filter (where s.phase = 'decline'
        and s.prev_phase in ('exploration', 'formation', 'stability')
        and s.started between m.month_start and m.month_end)::int as declines,
      count(distinct s.customer_id) filter (where s.phase = 'decline'
        and s.started <= m.month_end and (s.ended is null or s.ended >= m.month_start))::int as in_decline,
      count(distinct s.customer_id) filter (where s.phase in ('exploration', 'formation', 'stability')
        and s.prev_phase = 'decline' and s.started between m.month_start and m.month_end)::int as recoveries
    from months m left join stays s on s.started <= m.month_end
    group by m.month_start order by m.month_start`.execute(tx);
  const rate = (n: number, of: number) => (of ? n / of : null);
  return {
    model: model.key,
    from,
    to,
    series: rows.map((r) => ({
      month: r.month,
      explorationDays: r.exploration_days,
      formationDays: r.formation_days,
      stabilityDays: r.stability_days,
      declineRate: rate(r.declines, r.active),
      recoveryRate: rate(r.recoveries, r.in_decline),
      counts: {
        explorationExits: r.exploration_exits,
        formed: r.formed,
        stabilityExits: r.stability_exits,
        active: r.active,
        declines: r.declines,
        inDecline: r.in_decline,
        recoveries: r.recoveries,
      },
    })),
  };
}

/** Churn reasons recorded with manual decline and termination stages in [from, to], counted. */
export async function churnReasons(tx: Tx, from: string, to: string) {
  const { rows } = await sql<{
    category: 'company' | 'competitor' | 'customer';
    stage: string;
    count: number;
  }>`
    select h.cause -> 'churnReason' ->> 'category' as category, h.to_stage as stage, count(*)::int as count
    from lifecycle_history h
    where h.customer_id not in (${DELETED}) and h.business_line_id is null
      and h.at between ${from}::date and ${to}::date and h.cause ? 'churnReason'
    group by 1, 2 order by 1, 2`.execute(tx);
  return { from, to, data: rows };
}
