import { auditorOf } from '../audit/record.js';
import { type Actor, assertCanWrite } from '../customers/service.js';
import type { Tx } from '../db/tenant.js';
import { AppError } from '../errors.js';
import { staleVersion } from '../http/preconditions.js';
import { refreshReturnDeadlines } from '../ownership/return-deadlines.js';
import { assertReferences } from '../workspaces/references.js';
import { findInteraction, type InteractionRow, interactionToJson } from './repository.js';
import type { InteractionInput, InteractionPatch } from './schema.js';

const audit = auditorOf('interaction');

function columns(input: InteractionPatch) {
  return {
    channel: input.channel,
    direction: input.direction,
    summary: input.summary,
    occurred_at: input.occurredAt === undefined ? undefined : new Date(input.occurredAt),
    next_follow_up_on: input.nextFollowUpOn,
  };
}

/** A follow-up is its author's record of work (it counts in their performance); reps change only their own. */
function assertCanChange(actor: Actor, row: InteractionRow) {
  assertCanWrite(actor);
  if (actor.role === 'rep' && row.user_id !== actor.userId)
    throw new AppError(403, 'forbidden', 'reps can change only their own follow-ups');
}

export async function createInteraction(
  tx: Tx,
  actor: Actor,
  input: InteractionInput,
): Promise<InteractionRow> {
  assertCanWrite(actor);
  await assertReferences(tx, [{ path: 'body.customerId', kind: 'customer', id: input.customerId }]);
  const row = await tx
    .insertInto('interactions')
    .values({
      workspace_id: actor.workspaceId,
      customer_id: input.customerId,
      user_id: actor.userId,
      channel: input.channel,
      direction: input.direction,
      summary: input.summary,
      occurred_at: new Date(input.occurredAt),
      next_follow_up_on: input.nextFollowUpOn,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  await audit(tx, actor, 'create', row.id, { after: interactionToJson(row) });
  // A follow-up restarts the customer's return clock.
  await refreshReturnDeadlines(tx, [row.customer_id]);
  return row;
}

export async function updateInteraction(
  tx: Tx,
  actor: Actor,
  id: string,
  version: number,
  patch: InteractionPatch,
) {
  const before = await findInteraction(tx, id);
  assertCanChange(actor, before);
  const row = await tx
    .updateTable('interactions')
    .set((eb) => ({ ...columns(patch), version: eb('version', '+', 1), updated_at: new Date() }))
    .where('id', '=', id)
    .where('version', '=', version)
    .returningAll()
    .executeTakeFirst();
  if (!row) throw staleVersion();
  await audit(tx, actor, 'update', id, { before: interactionToJson(before), after: interactionToJson(row) });
  await refreshReturnDeadlines(tx, [row.customer_id]);
  return row;
}

export async function deleteInteraction(tx: Tx, actor: Actor, id: string, version: number) {
  const before = await findInteraction(tx, id);
  assertCanChange(actor, before);
  const result = await tx
    .deleteFrom('interactions')
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  if (result.numDeletedRows === 0n) throw staleVersion();
  await audit(tx, actor, 'delete', id, { before: interactionToJson(before) });
  await refreshReturnDeadlines(tx, [before.customer_id]);
}
