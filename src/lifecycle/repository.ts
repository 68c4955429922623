import { sql } from 'kysely';
import type { Tx } from '../db/tenant.js';
import { AppError } from '../errors.js';
import { metricsNow } from './metrics-now.js';
import type { CauseJson, LifecycleJson } from './schema.js';
import { choiceOf, effectiveModel, loadSettings } from './settings.js';
import type { StageModel } from './stage-model.js';

/** The workspace's effective model (settings row created on first use). */
export async function workspaceModel(tx: Tx, workspaceId: string): Promise<StageModel> {
  return effectiveModel(choiceOf(await loadSettings(tx, workspaceId)));
}

/** A customer's stage, and their stage per business line when the workspace has lines. */
export async function customerLifecycle(
  tx: Tx,
  workspaceId: string,
  customerId: string,
): Promise<LifecycleJson> {
  const settings = await loadSettings(tx, workspaceId);
  const model = effectiveModel(choiceOf(settings));
  const rows = await tx
    .selectFrom('customer_lifecycle')
    .select(['business_line_id', 'stage', 'since', 'cause'])
    .where('customer_id', '=', customerId)
    .orderBy('business_line_id', 'asc')
    .execute();
  const whole = rows.find((r) => r.business_line_id === null);
  if (!whole)
    throw new AppError(
      404,
      'not-found',
      'the customer has no lifecycle stage yet: run POST /api/v1/lifecycle/refresh',
    );
  const lines = await tx.selectFrom('business_lines').select('id').limit(1).execute();
  const placed = (r: (typeof rows)[number]) => ({
    stage: r.stage,
    since: r.since,
    cause: r.cause as CauseJson,
  });
  const { timezone } = await tx
    .selectFrom('workspaces')
    .select('timezone')
    .where('id', '=', workspaceId)
    .executeTakeFirstOrThrow();
  const now = await metricsNow(tx, timezone, model, settings, customerId);
  return {
    model: model.key,
    ...placed(whole),
    ...(now ? { now } : {}),
    ...(lines.length
      ? {
          byBusinessLine: rows
            .filter((r) => r.business_line_id !== null)
            .map((r) => ({ businessLineId: r.business_line_id as string, ...placed(r) })),
        }
      : {}),
  };
}

/** Every stage change of a customer (or of the customer in one line), oldest first. */
export async function lifecycleHistory(tx: Tx, customerId: string, businessLineId?: string) {
  const rows = await tx
    .selectFrom('lifecycle_history')
    .select(['from_stage', 'to_stage', 'at', 'business_line_id', 'cause'])
    .where('customer_id', '=', customerId)
    .where('business_line_id', businessLineId ? '=' : 'is', businessLineId ?? null)
    .orderBy('id', 'asc')
    .execute();
  return {
    data: rows.map((r) => ({
      from: r.from_stage,
      to: r.to_stage,
      at: r.at,
      businessLineId: r.business_line_id,
      cause: r.cause as CauseJson,
    })),
  };
}

interface StageCount {
  stage: string;
  count: number;
  revenue: string;
  /** Stored CLV; only for now, the refresh keeps no past values. */
  clv: string | null;
}

/**
 * Customers and their revenue per stage: now (current stages, all-time revenue from the aggregates),
 * or at a past day (each customer's last change on or before it, revenue up to it).
 */
export async function stageDistribution(tx: Tx, workspaceId: string, asOf?: string) {
  const settings = await loadSettings(tx, workspaceId);
  const model = effectiveModel(choiceOf(settings));
  const counts = asOf ? await countsAt(tx, asOf) : await countsNow(tx);
  const found = new Map(counts.map((c) => [c.stage, c]));
  const known = model.stages.map((s) => ({
    stage: s.key,
    labels: s.labels,
    colour: s.colour,
    count: found.get(s.key)?.count ?? 0,
    revenue: found.get(s.key)?.revenue ?? '0.00',
    clv: found.get(s.key)?.clv ?? (asOf ? null : '0.00'),
  }));
  // Stages of a model used before the current one, until a refresh re-places those customers.
  const other = counts
    .filter((c) => !model.stages.some((s) => s.key === c.stage))
    .map((c) => ({ ...c, labels: null, colour: null }));
  return { model: model.key, asOf: asOf ?? null, stages: [...known, ...other] };
}

async function countsNow(tx: Tx): Promise<StageCount[]> {
  const { rows } = await sql<StageCount>`
    select l.stage, count(*)::int as count, coalesce(sum(s.revenue), 0)::numeric(16, 2)::text as revenue,
      coalesce(sum(v.clv), 0)::numeric(16, 2)::text as clv
    from customer_lifecycle l
    left join customer_stats s on s.workspace_id = l.workspace_id and s.customer_id = l.customer_id
    left join customer_values v on v.workspace_id = l.workspace_id and v.customer_id = l.customer_id
    where l.business_line_id is null
      and l.customer_id not in (select id from customers where deleted_at is not null)
    group by l.stage order by l.stage`.execute(tx);
  return rows;
}

async function countsAt(tx: Tx, asOf: string): Promise<StageCount[]> {
  const { rows } = await sql<StageCount>`
    with staged as (
      select h.customer_id, (array_agg(h.to_stage order by h.at desc, h.id desc))[1] as stage
      from lifecycle_history h
      where h.business_line_id is null and h.at <= ${asOf}::date
      group by h.customer_id
    ), revenue as (
      -- The end of the day as an instant, so that the index on occurred_at bounds the scan.
      select t.customer_id, sum(t.amount) as revenue
      from transactions t
      where t.occurred_at < (select (${asOf}::date + 1)::timestamp at time zone w.timezone from workspaces w)
      group by t.customer_id
    )
    select s.stage, count(*)::int as count, coalesce(sum(r.revenue), 0)::numeric(16, 2)::text as revenue,
      null as clv
    from staged s
    left join revenue r on r.customer_id = s.customer_id
    where s.customer_id not in (select id from customers where deleted_at is not null)
    group by s.stage order by s.stage`.execute(tx);
  return rows;
}
