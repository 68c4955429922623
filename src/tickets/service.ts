import type { Updateable } from 'kysely';
import { recordAudit } from '../audit/record.js';
import { type Actor, assertCanWrite } from '../customers/service.js';
import type { TicketEventKind, TicketsTable } from '../db/tables.js';
import type { Tx } from '../db/tenant.js';
import { AppError, badRequest, conflict, type FieldError } from '../errors.js';
import { staleVersion } from '../http/preconditions.js';
import { customersChanged } from '../scoring/customers-changed.js';
import { abcClassOf, customerValue } from '../value/customer-value.js';
import { assertReferences } from '../workspaces/references.js';
import { findTicket, type TicketRow } from './repository.js';
import type { BulkAssignInput, ServiceSettings, TicketInput, TicketMessage, TicketPatch } from './schema.js';
import type { ServiceContext } from './settings.js';
import { choosePolicy } from './sla.js';
import { changeStatus } from './workflow.js';

/**
 * A customer, contact, member, team, business line or category the workspace does not have is a 400
 * naming the field; ids of other workspaces are invisible through row-level security and read as unknown.
 */
async function checkReferences(
  tx: Tx,
  settings: ServiceSettings,
  input: {
    customerId?: string;
    contactId?: string | null;
    assigneeId?: string | null;
    teamId?: string | null;
    businessLineId?: string | null;
    category?: string | null;
  },
) {
  const errors: FieldError[] = [];
  if (input.contactId) {
    const contact = await tx
      .selectFrom('contacts')
      .select('customer_id')
      .where('id', '=', input.contactId)
      .executeTakeFirst();
    if (!contact || (input.customerId && contact.customer_id !== input.customerId))
      errors.push({
        path: 'body.contactId',
        code: 'not_in_workspace',
        message: "is not a contact of the ticket's customer in this workspace",
      });
  }
  if (input.category && !settings.categories.some((c) => c.code === input.category))
    errors.push({
      path: 'body.category',
      code: 'invalid',
      message: 'is not one of the workspace’s categories',
    });
  await assertReferences(
    tx,
    [
      { path: 'body.customerId', kind: 'customer', id: input.customerId },
      { path: 'body.assigneeId', kind: 'member', id: input.assigneeId },
      { path: 'body.teamId', kind: 'team', id: input.teamId },
      { path: 'body.businessLineId', kind: 'businessLine', id: input.businessLineId },
    ],
    errors,
  );
}

export async function addEvent(
  tx: Tx,
  actor: { workspaceId: string; userId: string | null },
  ticketId: string,
  kind: TicketEventKind,
  detail: Record<string, unknown>,
  at = new Date(),
) {
  await tx
    .insertInto('ticket_events')
    .values({
      workspace_id: actor.workspaceId,
      ticket_id: ticketId,
      kind,
      author_id: actor.userId,
      detail: JSON.stringify(detail),
      at,
    })
    .execute();
}

/**
 * What service levels tier a customer on: the ABC class and the predicted CLV, both from the value domain;
 * null for either before the customer has one.
 */
async function customerTier(tx: Tx, customerId: string, withClv: boolean) {
  const tier = await abcClassOf(tx, customerId);
  if (!withClv) return { tier, clv: null };
  const value = await customerValue(tx, customerId).catch((error: unknown) => {
    if (error instanceof AppError && error.status === 404) return null;
    throw error;
  });
  return { tier, clv: value?.clv == null ? null : Number(value.clv) };
}

/**
 * Opens a ticket with the SLA targets of the first policy that matches it, numbered in the workspace.
 * `now` is when it was opened (a history replayed, as in the demo, opens it in the past).
 */
export async function createTicket(
  tx: Tx,
  actor: Actor,
  context: ServiceContext,
  input: TicketInput,
  now = new Date(),
) {
  assertCanWrite(actor);
  await checkReferences(tx, context.settings, input);
  const priority = input.priority ?? 'normal';
  const category = input.category ?? null;
  const policy = choosePolicy(context.settings.policies, {
    priority,
    category,
    ...(await customerTier(
      tx,
      input.customerId,
      context.settings.policies.some((p) => p.clvBand),
    )),
  });
  // Numbers are per workspace; the unique key turns a concurrent duplicate into a retryable conflict.
  const { next } = await tx
    .selectFrom('tickets')
    .select((eb) => eb.fn.coalesce(eb.fn.max('number'), eb.lit(0)).as('next'))
    .executeTakeFirstOrThrow();
  const { id } = await tx
    .insertInto('tickets')
    .values({
      workspace_id: actor.workspaceId,
      number: Number(next) + 1,
      customer_id: input.customerId,
      contact_id: input.contactId ?? null,
      kind: input.kind,
      channel: input.channel,
      priority,
      category,
      subject: input.subject,
      description: input.description ?? null,
      assignee_id: input.assigneeId ?? null,
      team_id: input.teamId ?? null,
      business_line_id: input.businessLineId ?? null,
      created_by: actor.userId,
      policy_name: policy?.name ?? null,
      first_response_minutes: policy?.targets.firstResponseMinutes ?? null,
      next_response_minutes: policy?.targets.nextResponseMinutes ?? null,
      resolution_minutes: policy?.targets.resolutionMinutes ?? null,
      created_at: now,
      updated_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await addEvent(
    tx,
    actor,
    id,
    'created',
    {
      status: 'new',
      assigneeId: input.assigneeId ?? null,
      teamId: input.teamId ?? null,
      businessLineId: input.businessLineId ?? null,
    },
    now,
  );
  await recordAudit(tx, actor, { action: 'create', entity: 'ticket', entityId: id });
  // An open complaint is a sign of decline and of churn risk: the customer is placed and scored again.
  await customersChanged(tx, actor.workspaceId, [input.customerId]);
  return findTicket(tx, id);
}

/**
 * Moves a ticket along its workflow, or reassigns, reprioritises, recategorises it or moves it to another
 * team or business line; each change is on its timeline.
 */
export async function updateTicket(
  tx: Tx,
  actor: Actor,
  context: ServiceContext,
  id: string,
  version: number,
  patch: TicketPatch,
  now = new Date(),
): Promise<{ before: TicketRow; row: TicketRow }> {
  assertCanWrite(actor);
  const before = await findTicket(tx, id);
  await checkReferences(tx, context.settings, patch);
  const clock =
    patch.status !== undefined && patch.status !== before.status
      ? changeStatus(clockOf(before), patch.status, now, context.calendar, context.settings.reopenDays)
      : {};
  const updated = await tx
    .updateTable('tickets')
    .set((eb) => ({
      ...clock,
      priority: patch.priority,
      category: patch.category,
      assignee_id: patch.assigneeId,
      team_id: patch.teamId,
      business_line_id: patch.businessLineId,
      subject: patch.subject,
      version: eb('version', '+', 1),
      updated_at: now,
    }))
    .where('id', '=', id)
    .where('version', '=', version)
    .returning('id')
    .executeTakeFirst();
  if (!updated) throw staleVersion();
  const changes = [
    ['status', before.status, patch.status],
    ['assigned', before.assignee_id, patch.assigneeId],
    ['team', before.team_id, patch.teamId],
    ['business_line', before.business_line_id, patch.businessLineId],
    ['priority', before.priority, patch.priority],
    ['category', before.category, patch.category],
  ] as const;
  for (const [kind, from, to] of changes)
    if (to !== undefined && to !== from) await addEvent(tx, actor, id, kind, { from, to }, now);
  if (patch.status !== undefined && patch.status !== before.status)
    await customersChanged(tx, actor.workspaceId, [before.customer_id]);
  await recordAudit(tx, actor, {
    action: 'update',
    entity: 'ticket',
    entityId: id,
    before: { status: before.status },
  });
  return { before, row: await findTicket(tx, id) };
}

const clockOf = (row: TicketRow) => ({
  status: row.status,
  resolvedAt: row.resolved_at,
  waitingSince: row.waiting_since,
  pausedMinutes: row.paused_minutes,
  replyOwedSince: row.reply_owed_since,
  replyPausedMinutes: row.reply_paused_minutes,
});

/**
 * A note for the team, a reply to the customer, or a message of the customer. A reply answers the first-
 * response target, or the next-response target of the customer's unanswered message. A message of the
 * customer ends a wait on them and, once they have had a first response, owes them an answer within the
 * next-response target (its earlier alerts forgotten). A resolved or closed ticket takes no message of the
 * customer: it is reopened first.
 */
export async function addTicketMessage(
  tx: Tx,
  actor: Actor,
  context: ServiceContext,
  id: string,
  message: TicketMessage,
  now = new Date(),
) {
  assertCanWrite(actor);
  const ticket = await findTicket(tx, id);
  let change: Updateable<TicketsTable> = {};
  if (message.kind === 'reply') {
    if (ticket.first_response_at === null) change.first_response_at = now;
    if (ticket.reply_owed_since !== null)
      change = { ...change, reply_owed_since: null, reply_paused_minutes: 0 };
  } else if (message.kind === 'customer_message') {
    if (ticket.status === 'resolved' || ticket.status === 'closed')
      throw conflict(`a ${ticket.status} ticket takes no message of the customer: reopen it first`, {
        from: ticket.status,
      });
    if (ticket.status === 'waiting') {
      change = changeStatus(
        clockOf(ticket),
        'in_progress',
        now,
        context.calendar,
        context.settings.reopenDays,
      );
      await addEvent(tx, actor, id, 'status', { from: 'waiting', to: 'in_progress' }, now);
    }
    if (ticket.first_response_at !== null && ticket.reply_owed_since === null)
      change = {
        ...change,
        reply_owed_since: now,
        reply_paused_minutes: 0,
        sla_alerts: ticket.sla_alerts.filter((alert) => !alert.startsWith('next_response:')),
      };
  }
  await addEvent(tx, actor, id, message.kind, { text: message.text }, now);
  if (Object.keys(change).length > 0)
    await tx
      .updateTable('tickets')
      .set((eb) => ({ ...change, version: eb('version', '+', 1), updated_at: now }))
      .where('id', '=', id)
      .execute();
  return findTicket(tx, id);
}

/**
 * Gives tickets to one member, or back to the unassigned queue: all of them or, if any is not a ticket
 * the caller can see, none (a 400 naming each). Each ticket that changes hands has it on its timeline.
 */
export async function bulkAssign(tx: Tx, actor: Actor, context: ServiceContext, input: BulkAssignInput) {
  assertCanWrite(actor);
  await checkReferences(tx, context.settings, { assigneeId: input.assigneeId });
  const ids = [...new Set(input.ticketIds)];
  const rows = await tx
    .selectFrom('tickets')
    .select(['id', 'assignee_id'])
    .where('id', 'in', ids)
    .forUpdate()
    .execute();
  const found = new Map(rows.map((row) => [row.id, row.assignee_id]));
  const errors: FieldError[] = input.ticketIds.flatMap((id, i) =>
    found.has(id) ? [] : [{ path: `body.ticketIds.${i}`, code: 'not_found', message: 'is not a ticket' }],
  );
  if (errors.length) throw badRequest(`${errors.length} unknown ticket(s)`, errors);
  const moving = ids.filter((id) => found.get(id) !== input.assigneeId);
  if (moving.length === 0) return [];
  const now = new Date();
  await tx
    .updateTable('tickets')
    .set((eb) => ({ assignee_id: input.assigneeId, version: eb('version', '+', 1), updated_at: now }))
    .where('id', 'in', moving)
    .execute();
  for (const id of moving) {
    await addEvent(tx, actor, id, 'assigned', { from: found.get(id), to: input.assigneeId });
    await recordAudit(tx, actor, {
      action: 'update',
      entity: 'ticket',
      entityId: id,
      before: { assigneeId: found.get(id) },
    });
  }
  return moving;
}
