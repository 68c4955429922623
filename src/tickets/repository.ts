import { type Selectable, sql } from 'kysely';
import type { BusinessCalendar } from '../calendars/business-hours.js';
import { pinyinQuery } from '../customers/pinyin-search.js';
import { reassignBack, reassignRows } from '../db/reassign.js';
import type { TicketEventsTable, TicketsTable } from '../db/tables.js';
import type { Tx } from '../db/tenant.js';
import { notFound } from '../errors.js';
import { decodeTimeCursor, toPage } from '../http/list.js';
import { findMember } from '../members/repository.js';
import type { TicketJson, TicketListQuery } from './schema.js';
import { slaState, type Timer } from './sla.js';

/** A ticket with its customer's name, which lists show and search. */
export type TicketRow = Selectable<TicketsTable> & { customer_name: string };

function withCustomer(tx: Tx) {
  return tx
    .selectFrom('tickets')
    .innerJoin('customers as c', (join) =>
      join.onRef('c.workspace_id', '=', 'tickets.workspace_id').onRef('c.id', '=', 'tickets.customer_id'),
    )
    .selectAll('tickets')
    .select('c.name as customer_name');
}

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

const timerJson = (timer: Timer) => ({ ...timer, dueAt: timer.dueAt?.toISOString() ?? null });

/** A stored ticket's timers at `now`. */
export function ticketSla(row: Selectable<TicketsTable>, calendar: BusinessCalendar, now: Date) {
  return slaState(
    calendar,
    {
      firstResponseMinutes: row.first_response_minutes,
      nextResponseMinutes: row.next_response_minutes,
      resolutionMinutes: row.resolution_minutes,
    },
    {
      openedAt: row.created_at,
      firstResponseAt: row.first_response_at,
      resolvedAt: row.resolved_at,
      pausedMinutes: row.paused_minutes,
      waitingSince: row.waiting_since,
      replyOwedSince: row.reply_owed_since,
      replyPausedMinutes: row.reply_paused_minutes,
    },
    now,
  );
}

export function ticketToJson(row: TicketRow, calendar: BusinessCalendar, now = new Date()): TicketJson {
  const sla = ticketSla(row, calendar, now);
  return {
    id: row.id,
    number: row.number,
    customerId: row.customer_id,
    customerName: row.customer_name,
    contactId: row.contact_id,
    kind: row.kind,
    channel: row.channel,
    priority: row.priority,
    category: row.category,
    subject: row.subject,
    description: row.description,
    status: row.status,
    assigneeId: row.assignee_id,
    businessLineId: row.business_line_id,
    teamId: row.team_id,
    createdBy: row.created_by,
    sla: {
      policy: row.policy_name,
      firstResponse: timerJson(sla.firstResponse),
      nextResponse: timerJson(sla.nextResponse),
      resolution: timerJson(sla.resolution),
    },
    firstResponseAt: row.first_response_at?.toISOString() ?? null,
    resolvedAt: row.resolved_at?.toISOString() ?? null,
    closedAt: row.closed_at?.toISOString() ?? null,
    version: row.version,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

export async function findTicket(tx: Tx, id: string): Promise<TicketRow> {
  const row = await withCustomer(tx).where('tickets.id', '=', id).executeTakeFirst();
  if (!row) throw notFound('ticket');
  return row;
}

/**
 * Newest first; `open` means anything not yet resolved or closed. `team` keeps the tickets in a team's
 * queue or assigned to its members (`mine`: the caller's own team, none when the caller has no team),
 * so a ticket sent to a team and handled by a member of another shows in both; `q` looks for a
 * ticket number, words of the subject, or the customer's name (or its pinyin).
 */
export async function listTickets(
  tx: Tx,
  query: TicketListQuery,
  userId: string,
  calendar: BusinessCalendar,
) {
  let page = withCustomer(tx);
  if (query.assignee === 'none') page = page.where('tickets.assignee_id', 'is', null);
  else if (query.assignee)
    page = page.where('tickets.assignee_id', '=', query.assignee === 'me' ? userId : query.assignee);
  if (query.team) {
    const teamId = query.team === 'mine' ? (await findMember(tx, userId)).teamId : query.team;
    page = page.where((eb) =>
      eb.or([
        eb('tickets.team_id', '=', teamId),
        eb(
          'tickets.assignee_id',
          'in',
          eb.selectFrom('memberships').select('user_id').where('team_id', '=', teamId),
        ),
      ]),
    );
  }
  if (query.businessLine === 'none') page = page.where('tickets.business_line_id', 'is', null);
  else if (query.businessLine) page = page.where('tickets.business_line_id', '=', query.businessLine);
  if (query.q) {
    const q = query.q;
    const number = /^#?(\d{1,9})$/.exec(q)?.[1];
    const pattern = `%${escapeLike(q)}%`;
    const pinyin = pinyinQuery(q);
    page = page.where((eb) =>
      eb.or([
        ...(number ? [eb('tickets.number', '=', Number(number))] : []),
        eb('tickets.subject', 'ilike', pattern),
        eb('c.name', 'ilike', pattern),
        eb('c.company', 'ilike', pattern),
        ...(pinyin ? [eb('c.name_pinyin', 'like', `%${pinyin}%`)] : []),
      ]),
    );
  }
  if (query.status === 'open') page = page.where('tickets.status', 'not in', ['resolved', 'closed']);
  else if (query.status) page = page.where('tickets.status', '=', query.status);
  if (query.kind) page = page.where('tickets.kind', '=', query.kind);
  if (query.priority) page = page.where('tickets.priority', '=', query.priority);
  if (query.customerId) page = page.where('tickets.customer_id', '=', query.customerId);
  if (query.sla === 'at_risk')
    page = page
      .where('tickets.status', 'not in', ['resolved', 'closed'])
      .where(sql<boolean>`cardinality(tickets.sla_alerts) > 0`);
  if (query.cursor) {
    const after = decodeTimeCursor(query.cursor);
    page = page.where(sql<boolean>`(tickets.created_at, tickets.id) < (${after[0]}, ${after[1]}::uuid)`);
  }
  const rows = await page
    .orderBy('tickets.created_at', 'desc')
    .orderBy('tickets.id', 'desc')
    .limit(query.limit + 1)
    .execute();
  const now = new Date();
  return toPage(
    rows,
    query.limit,
    (row) => ticketToJson(row, calendar, now),
    (row) => [row.created_at.toISOString(), row.id],
  );
}

export async function ticketEvents(tx: Tx, ticketId: string) {
  await findTicket(tx, ticketId);
  const rows = await tx
    .selectFrom('ticket_events')
    .selectAll()
    .where('ticket_id', '=', ticketId)
    .orderBy('id')
    .execute();
  return rows.map((row: Selectable<TicketEventsTable>) => ({
    id: String(row.id),
    kind: row.kind,
    authorId: row.author_id,
    detail: row.detail,
    at: row.at.toISOString(),
  }));
}

/** A merge's move of the tickets of the customers `from` to `to` (see reassignRows). */
export const moveTickets = (tx: Tx, to: string, from: string[]) => reassignRows(tx, 'tickets', to, from);

/** A merge's undo: the tickets it moved go back, those still on the survivor. */
export const moveTicketsBack = (tx: Tx, survivorId: string, moved: Record<string, string>) =>
  reassignBack(tx, 'tickets', survivorId, moved);
