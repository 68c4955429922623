import type { SlaTimer, TicketStatus } from '../api/types';

/** How urgent a timer looks: the colour of its badge. */
export type SlaTone = 'ok' | 'warn' | 'late' | 'quiet';

/** Working minutes as "2 h 05 min" or "45 min" (hours and minutes in both languages' short forms). */
export function formatWorkingMinutes(minutes: number, units: { hour: string; minute: string }): string {
  const whole = Math.round(Math.abs(minutes));
  const hours = Math.floor(whole / 60);
  const rest = whole % 60;
  if (hours === 0) return `${rest} ${units.minute}`;
  return `${hours} ${units.hour} ${String(rest).padStart(2, '0')} ${units.minute}`;
}

/**
 * The timer a reader should look at: the first response until answered, then the answer owed to the
 * customer's latest message while there is one, else the resolution.
 */
export function currentTimer(sla: {
  firstResponse: SlaTimer;
  nextResponse: SlaTimer;
  resolution: SlaTimer;
}): {
  which: 'firstResponse' | 'nextResponse' | 'resolution';
  timer: SlaTimer;
} {
  const open = (t: SlaTimer) => t.state === 'running' || t.state === 'near_breach' || t.state === 'breached';
  if (open(sla.firstResponse)) return { which: 'firstResponse', timer: sla.firstResponse };
  if (open(sla.nextResponse)) return { which: 'nextResponse', timer: sla.nextResponse };
  return { which: 'resolution', timer: sla.resolution };
}

export function slaTone(timer: SlaTimer): SlaTone {
  if (timer.state === 'breached' || timer.state === 'missed') return 'late';
  if (timer.state === 'near_breach') return 'warn';
  if (timer.state === 'running' || timer.state === 'met') return 'ok';
  return 'quiet';
}

/** Where a ticket may go next, as the server's workflow allows (it has the last word). */
export const NEXT_STATUS: Record<TicketStatus, TicketStatus[]> = {
  new: ['triaged', 'in_progress', 'waiting', 'resolved', 'closed'],
  triaged: ['in_progress', 'waiting', 'resolved', 'closed'],
  in_progress: ['triaged', 'waiting', 'resolved'],
  waiting: ['in_progress', 'resolved'],
  resolved: ['in_progress', 'closed'],
  closed: [],
};
