import { recordAudit } from '../audit/record.js';
import { type Actor, assertCanWrite } from '../customers/service.js';
import type { Tx } from '../db/tenant.js';
import { staleVersion } from '../http/preconditions.js';
import { assertReferences } from '../workspaces/references.js';
import { findTask, taskToJson } from './repository.js';
import type { TaskInput, TaskPatch } from './schema.js';

/** A customer or assignee of another workspace, or a deleted customer, is a 400 naming the field. */
function checkReferences(tx: Tx, input: { customerId?: string | null; assigneeId?: string | null }) {
  return assertReferences(tx, [
    { path: 'body.customerId', kind: 'customer', id: input.customerId },
    { path: 'body.assigneeId', kind: 'member', id: input.assigneeId },
  ]);
}

export async function createTask(tx: Tx, actor: Actor, input: TaskInput) {
  assertCanWrite(actor);
  await checkReferences(tx, input);
  const { id } = await tx
    .insertInto('tasks')
    .values({
      workspace_id: actor.workspaceId,
      customer_id: input.customerId ?? null,
      assignee_id: input.assigneeId === undefined ? actor.userId : input.assigneeId,
      title: input.title,
      notes: input.notes ?? null,
      due_on: input.dueOn ?? null,
      created_by: actor.userId,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const row = await findTask(tx, id);
  await recordAudit(tx, actor, { action: 'create', entity: 'task', entityId: id, after: taskToJson(row) });
  return row;
}

export async function updateTask(tx: Tx, actor: Actor, id: string, version: number, patch: TaskPatch) {
  assertCanWrite(actor);
  const before = await findTask(tx, id);
  await checkReferences(tx, patch);
  const closing = patch.status !== undefined && patch.status !== before.status;
  const updated = await tx
    .updateTable('tasks')
    .set((eb) => ({
      status: patch.status,
      assignee_id: patch.assigneeId,
      title: patch.title,
      notes: patch.notes,
      due_on: patch.dueOn,
      ...(closing ? { done_at: patch.status === 'done' ? new Date() : null } : {}),
      version: eb('version', '+', 1),
      updated_at: new Date(),
    }))
    .where('id', '=', id)
    .where('version', '=', version)
    .returning('id')
    .executeTakeFirst();
  if (!updated) throw staleVersion();
  const row = await findTask(tx, id);
  await recordAudit(tx, actor, {
    action: 'update',
    entity: 'task',
    entityId: id,
    before: taskToJson(before),
    after: taskToJson(row),
  });
  return row;
}
