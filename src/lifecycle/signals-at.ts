import { SATISFACTION_DROP_DAYS, type ScoredAnswer, satisfactionDrop } from '../surveys/satisfaction.js';
import type { ComplaintSpell } from '../tickets/complaint-spells.js';
import type { SignalRow } from './metrics.js';

/** What is known about one customer besides their sales and overrides: the inputs of the signals. */
export interface CustomerSignals {
  customerId: string;
  hasOwner: boolean;
  /** Days with an interaction, ascending. */
  interactions: number[];
  /** The days their complaints stood open (tickets domain), ordered by first day. */
  complaints: ComplaintSpell[];
  /** Their answered surveys, scored (surveys domain), in the order they were answered. */
  answers: ScoredAnswer[];
}

/**
 * The signals of a customer at the end of `day`, from what was recorded by then: the timeline of each
 * complaint as it stood that day, the answers given by then. With `service` false (a business line's
 * course: tickets and surveys name no line) the service signals are left out.
 */
export function signalsAt(customer: CustomerSignals, day: number, service = true): SignalRow {
  const days = customer.interactions;
  // The first interaction after the day, by bisection.
  let lo = 0;
  let hi = days.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (days[mid] <= day) lo = mid + 1;
    else hi = mid;
  }
  const row: SignalRow = {
    customerId: customer.customerId,
    hasOwner: customer.hasOwner,
    lastInteraction: lo > 0 ? days[lo - 1] : null,
    nextInteraction: lo < days.length ? days[lo] : null,
    complaintSince: null,
    satisfactionDrop: 0,
    nextServiceChange: null,
  };
  if (!service) return row;
  let next: number | null = null;
  const later = (d: number | null) => {
    if (d !== null && d > day && (next === null || d < next)) next = d;
  };
  for (const spell of customer.complaints) {
    const open = spell.from <= day && (spell.to === null || day < spell.to);
    if (open && (row.complaintSince === null || spell.from < row.complaintSince))
      row.complaintSince = spell.from;
    later(spell.from);
    later(spell.to);
  }
  for (const answer of customer.answers) {
    later(answer.day);
    // The day an answer is too old to show a drop (satisfactionDrop's window).
    later(answer.day + SATISFACTION_DROP_DAYS);
  }
  row.satisfactionDrop = satisfactionDrop(customer.answers, day, SATISFACTION_DROP_DAYS);
  row.nextServiceChange = next;
  return row;
}
