import { sql } from 'kysely';
import type { Tx } from '../db/tenant.js';
import { stagePhases } from '../lifecycle/phases.js';
import type { StageEntry } from '../lifecycle/playbooks.js';
import { choiceOf, effectiveModel, loadSettings } from '../lifecycle/settings.js';
import { notify } from './inbox.js';

/** The levels an owner hears of, lowest first: from high on, the customer needs them now. */
const TOLD_LEVELS = ['high', 'critical'];
const RANK = sql`array['low', 'medium', 'high', 'critical']`;

/**
 * Tells each owner of their customers whose churn level rose into high or critical in the value rows
 * this transaction wrote (a refresh; rows written earlier keep their `computed_at`), once per rise:
 * `notification_churn_seen` keeps the level last seen, so a customer staying critical is not told of
 * again, and one that falls to medium and rises again is. Params: `level`, `previousLevel`.
 * `only`: the customers whose rows the refresh wrote, when it scored only those; their rows are then
 * found by key instead of among every customer's. Answers how many messages it wrote.
 */
export async function warnOfChurnRises(
  tx: Tx,
  workspaceId: string,
  only?: readonly string[],
): Promise<number> {
  if (only?.length === 0) return 0;
  // Every row: they were just written in this transaction, after the statistics were taken. Planned
  // on those, the join below became a nested loop of every row over every row (minutes at 100,000
  // customers). Any other join is fine; this statement alone does without loops. A few customers'
  // rows, on the contrary, are best joined by key.
  const everyone = only === undefined;
  if (everyone) await sql`select set_config('enable_nestloop', 'off', true)`.execute(tx);
  const { rows } = await sql<{ told: string }>`
    with written as (
      select v.customer_id, v.churn_level as level, s.level as seen
      from customer_values v
      left join notification_churn_seen s on s.workspace_id = v.workspace_id and s.customer_id = v.customer_id
      where v.workspace_id = ${workspaceId} and v.computed_at >= now()::timestamptz(3)
        ${everyone ? sql`` : sql`and v.customer_id = any(${only}::uuid[])`}
        and v.churn_level is not null and v.churn_level is distinct from s.level
        -- Only levels told of, or a fall from one, need remembering: a million low and medium
        -- customers are not written each night.
        and (v.churn_level in (${sql.join(TOLD_LEVELS)}) or s.level is not null)
    ), told as (
      insert into notifications (workspace_id, user_id, kind, customer_id, params, created_at)
      select ${workspaceId}, c.owner_id, 'churn-warning', w.customer_id,
        jsonb_build_object('level', w.level, 'previousLevel', w.seen), now()
      from written w
      join customers c on c.workspace_id = ${workspaceId} and c.id = w.customer_id
      where c.owner_id is not null and c.deleted_at is null
        and w.level in (${sql.join(TOLD_LEVELS)})
        and array_position(${RANK}, w.level) > coalesce(array_position(${RANK}, w.seen), 0)
      returning 1
    ), seen as (
      insert into notification_churn_seen (workspace_id, customer_id, level)
      select ${workspaceId}, customer_id, level from written
      on conflict (workspace_id, customer_id) do update set level = excluded.level
    )
    select count(*)::text as told from told`.execute(tx);
  if (everyone) await sql`select set_config('enable_nestloop', 'on', true)`.execute(tx);
  return Number(rows[0]?.told ?? 0);
}

/**
 * The lifecycle's stage-entry hook: the owner of a customer entering a stage of the decline phase (as
 * a whole, not in one business line) is told, with the stage's key in `stage`.
 */
export async function warnOfDeclines(tx: Tx, workspaceId: string, entries: StageEntry[]): Promise<void> {
  const whole = entries.filter((e) => e.businessLineId === null);
  if (!whole.length) return;
  const phases = stagePhases(effectiveModel(choiceOf(await loadSettings(tx, workspaceId))));
  const declining = whole.filter((e) => phases.get(e.stage) === 'decline');
  if (!declining.length) return;
  const owners = await tx
    .selectFrom('customers')
    .select(['id', 'owner_id'])
    .where(
      'id',
      'in',
      declining.map((e) => e.customerId),
    )
    .where('owner_id', 'is not', null)
    .where('deleted_at', 'is', null)
    .execute();
  const ownerOf = new Map(owners.map((o) => [o.id, o.owner_id as string]));
  await notify(
    tx,
    workspaceId,
    declining.flatMap((e) => {
      const userId = ownerOf.get(e.customerId);
      return userId
        ? [{ userId, kind: 'churn-warning' as const, customerId: e.customerId, params: { stage: e.stage } }]
        : [];
    }),
    new Date(),
  );
}
