import { type BusinessCalendar, businessMinutesBetween } from '../calendars/business-hours.js';
import type { TicketStatus } from '../db/tables.js';
import { conflict } from '../errors.js';

/**
 * Where a ticket may go from each status. Resolved goes back to in progress only within the reopen window;
 * closed is the archive and final.
 */
const NEXT: Record<TicketStatus, readonly TicketStatus[]> = {
  new: ['triaged', 'in_progress', 'waiting', 'resolved', 'closed'],
  triaged: ['in_progress', 'waiting', 'resolved', 'closed'],
  in_progress: ['triaged', 'waiting', 'resolved'],
  waiting: ['in_progress', 'resolved'],
  resolved: ['in_progress', 'closed'],
  closed: [],
};

export interface TicketClock {
  status: TicketStatus;
  resolvedAt: Date | null;
  waitingSince: Date | null;
  pausedMinutes: number;
  replyOwedSince: Date | null;
  replyPausedMinutes: number;
}

export interface ClockChange {
  status: TicketStatus;
  resolved_at?: Date | null;
  closed_at?: Date;
  waiting_since?: Date | null;
  paused_minutes?: number;
  reply_owed_since?: null;
  reply_paused_minutes?: number;
}

const DAY_MS = 86_400_000;

/**
 * The columns a status change sets: a wait starts or ends (its working minutes added to the pause, and the
 * part after an unanswered customer message to that answer's pause), a resolution is stamped (it answers
 * the customer) or, on reopening, undone. A move the workflow does not allow is a 409.
 */
export function changeStatus(
  ticket: TicketClock,
  to: TicketStatus,
  now: Date,
  calendar: BusinessCalendar,
  reopenDays: number,
): ClockChange {
  const from = ticket.status;
  if (!NEXT[from].includes(to))
    throw conflict(`a ${from} ticket cannot become ${to}`, { from, to, allowed: NEXT[from] });
  if (
    from === 'resolved' &&
    to === 'in_progress' &&
    now.getTime() - ticket.resolvedAt!.getTime() > reopenDays * DAY_MS
  )
    throw conflict(`the ticket was resolved more than ${reopenDays} days ago and can no longer be reopened`, {
      from,
      to,
    });
  const change: ClockChange = { status: to };
  if (from === 'waiting' && ticket.waitingSince) {
    change.paused_minutes = ticket.pausedMinutes + businessMinutesBetween(calendar, ticket.waitingSince, now);
    change.waiting_since = null;
    if (ticket.replyOwedSince) {
      const since = Math.max(ticket.waitingSince.getTime(), ticket.replyOwedSince.getTime());
      change.reply_paused_minutes =
        ticket.replyPausedMinutes + businessMinutesBetween(calendar, new Date(since), now);
    }
  }
  if (to === 'waiting') change.waiting_since = now;
  if (to === 'resolved' || to === 'closed') change.reply_owed_since = null;
  if (to === 'resolved') change.resolved_at = now;
  if (from === 'resolved' && to === 'in_progress') change.resolved_at = null;
  if (to === 'closed') {
    change.closed_at = now;
    change.resolved_at = ticket.resolvedAt ?? now;
  }
  return change;
}
