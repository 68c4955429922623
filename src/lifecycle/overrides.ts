import { sql } from 'kysely';
import { recordAudit } from '../audit/record.js';
import { findCustomer } from '../customers/repository.js';
import { type Actor, assertCanWrite } from '../customers/service.js';
import type { Tx } from '../db/tenant.js';
import { badRequest } from '../errors.js';
import type { Cause } from './assess.js';
import { stagePhases } from './phases.js';
import { runPlaybooks, type StageEntry } from './playbooks.js';
import { customerLifecycle } from './repository.js';
import type { LifecycleJson, OverrideInput } from './schema.js';
import { choiceOf, effectiveModel, loadSettings } from './settings.js';

/** Today in a time zone, as YYYY-MM-DD (en-CA formats dates that way). */
export const todayIn = (timezone: string, now = new Date()) =>
  new Intl.DateTimeFormat('en-CA', { timeZone: timezone }).format(now);

/**
 * Puts a customer in a stage by hand. The override replaces any earlier one and holds until its
 * `until` day has passed or a purchase is recorded after it; then the rules place the customer again.
 */
export async function overrideStage(
  tx: Tx,
  actor: Actor & { timezone: string },
  customerId: string,
  input: OverrideInput,
): Promise<LifecycleJson> {
  assertCanWrite(actor);
  await findCustomer(tx, customerId);
  // Locked like a refresh: a refresh that read the overrides before this one commits would otherwise
  // write its rule-based stage over this manual one.
  const model = effectiveModel(choiceOf(await loadSettings(tx, actor.workspaceId, true)));
  if (!model.stages.some((s) => s.key === input.stage))
    throw badRequest('unknown stage', [
      { path: 'body.stage', message: `must be one of ${model.stages.map((s) => s.key).join(', ')}` },
    ]);
  const phase = stagePhases(model).get(input.stage);
  if (input.churnReason && phase !== 'decline' && phase !== 'terminated')
    throw badRequest('a churn reason needs a decline or termination stage', [
      { path: 'body.churnReason', message: `${input.stage} is not a decline or termination stage` },
    ]);
  const today = todayIn(actor.timezone);
  if (input.until !== undefined && input.until < today)
    throw badRequest('until is in the past', [{ path: 'body.until', message: `must be ${today} or later` }]);
  await tx
    .updateTable('lifecycle_overrides')
    .set({ ended_on: today, ended_reason: 'replaced' })
    .where('customer_id', '=', customerId)
    .where('ended_on', 'is', null)
    .execute();
  await tx
    .insertInto('lifecycle_overrides')
    .values({
      workspace_id: actor.workspaceId,
      customer_id: customerId,
      stage: input.stage,
      reason: input.reason,
      user_id: actor.userId,
      until: input.until ?? null,
      since: today,
      churn_reason: input.churnReason ? JSON.stringify(input.churnReason) : null,
    })
    .execute();
  const cause: Cause = {
    type: 'manual',
    userId: actor.userId,
    reason: input.reason,
    until: input.until ?? null,
    ...(input.churnReason ? { churnReason: input.churnReason } : {}),
  };
  const { before, entry } = await placeManually(tx, actor.workspaceId, customerId, input.stage, today, cause);
  if (entry) await runPlaybooks(tx, actor.workspaceId, model, [entry]);
  await recordAudit(tx, actor, {
    action: 'override',
    entity: 'customer-lifecycle',
    entityId: customerId,
    before: before && { stage: before },
    after: {
      stage: input.stage,
      reason: input.reason,
      until: input.until ?? null,
      churnReason: input.churnReason,
    },
  });
  return customerLifecycle(tx, actor.workspaceId, customerId);
}

/** Writes the manual stage now, with a history entry when the stage changes; answers the stage before and the entry. */
async function placeManually(
  tx: Tx,
  workspaceId: string,
  customerId: string,
  stage: string,
  today: string,
  cause: Cause,
) {
  const current = await tx
    .selectFrom('customer_lifecycle')
    .select('stage')
    .where('customer_id', '=', customerId)
    .where('business_line_id', 'is', null)
    .forUpdate()
    .executeTakeFirst();
  const causeText = JSON.stringify(cause);
  await sql`
    insert into customer_lifecycle (workspace_id, customer_id, business_line_id, stage, since, cause)
    values (${workspaceId}, ${customerId}, null, ${stage}, ${today}::date, ${causeText}::jsonb)
    on conflict on constraint customer_lifecycle_key do update set
      since = case when customer_lifecycle.stage = excluded.stage then customer_lifecycle.since else excluded.since end,
      stage = excluded.stage, cause = excluded.cause, history_count = null, history_digest = null`.execute(
    tx,
  );
  let entry: StageEntry | undefined;
  if (current?.stage !== stage) {
    const row = await tx
      .insertInto('lifecycle_history')
      .values({
        workspace_id: workspaceId,
        customer_id: customerId,
        business_line_id: null,
        from_stage: current?.stage ?? null,
        to_stage: stage,
        at: today,
        cause: causeText,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    entry = { historyId: String(row.id), customerId, businessLineId: null, stage, at: today };
  }
  return { before: current?.stage ?? null, entry };
}
