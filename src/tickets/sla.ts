import {
  addBusinessMinutes,
  type BusinessCalendar,
  businessMinutesBetween,
} from '../calendars/business-hours.js';

export type Priority = 'low' | 'normal' | 'high' | 'urgent';

/** Working minutes allowed for the first reply and for resolution; null where the policy sets none. */
export interface SlaTargets {
  firstResponseMinutes: number | null;
  resolutionMinutes: number | null;
}

/**
 * A policy applies to the tickets that match every list it has (an absent list matches all): their
 * priority, category and the customer's ABC class. The first policy that matches wins.
 */
export interface SlaPolicy {
  name: string;
  priorities?: Priority[];
  categories?: string[];
  tiers?: ('A' | 'B' | 'C')[];
  targets: SlaTargets;
}

export interface PolicySubject {
  priority: Priority;
  category: string | null;
  tier: 'A' | 'B' | 'C' | null;
}

export function choosePolicy(policies: readonly SlaPolicy[], subject: PolicySubject): SlaPolicy | null {
  const matches = <T>(list: readonly T[] | undefined, value: T | null) =>
    !list || (value !== null && list.includes(value));
  return (
    policies.find(
      (p) =>
        matches(p.priorities, subject.priority) &&
        matches(p.categories, subject.category) &&
        matches(p.tiers, subject.tier),
    ) ?? null
  );
}

/** What the timers need to know of a ticket. Time spent waiting on the customer does not count. */
export interface SlaFacts {
  openedAt: Date;
  firstResponseAt: Date | null;
  resolvedAt: Date | null;
  /** Working minutes already spent waiting on the customer, in closed waits. */
  pausedMinutes: number;
  /** Start of the wait in progress, if the ticket waits on the customer now. */
  waitingSince: Date | null;
}

export type TimerState = 'none' | 'running' | 'near_breach' | 'breached' | 'paused' | 'met' | 'missed';

export interface Timer {
  state: TimerState;
  targetMinutes: number | null;
  /** Working minutes left (negative once breached); null when there is no target or it is settled. */
  remainingMinutes: number | null;
  /** When the target falls due if the clock keeps running; null while paused, settled or without target. */
  dueAt: Date | null;
}

export interface SlaState {
  firstResponse: Timer;
  resolution: Timer;
}

/** Share of a target after which a running timer is near breach: the assignee is warned then. */
export const NEAR_BREACH = 0.8;

const none: Timer = { state: 'none', targetMinutes: null, remainingMinutes: null, dueAt: null };

function timer(
  calendar: BusinessCalendar,
  target: number | null,
  openedAt: Date,
  elapsed: number,
  settled: boolean,
  paused: boolean,
  pausedBefore: number,
): Timer {
  if (target === null) return none;
  const remainingMinutes = target - elapsed;
  if (settled)
    return {
      state: remainingMinutes >= 0 ? 'met' : 'missed',
      targetMinutes: target,
      remainingMinutes: null,
      dueAt: null,
    };
  if (paused) return { state: 'paused', targetMinutes: target, remainingMinutes, dueAt: null };
  const state =
    remainingMinutes < 0 ? 'breached' : elapsed >= NEAR_BREACH * target ? 'near_breach' : 'running';
  return {
    state,
    targetMinutes: target,
    remainingMinutes,
    dueAt: addBusinessMinutes(calendar, openedAt, target + pausedBefore),
  };
}

/**
 * The state of a ticket's two timers at `now`, counted in the calendar's working time. The first response
 * is never paused (an answer is owed before anything is asked of the customer); resolution stops while the
 * ticket waits on the customer.
 */
export function slaState(
  calendar: BusinessCalendar,
  targets: SlaTargets,
  facts: SlaFacts,
  now: Date,
): SlaState {
  const { openedAt } = facts;
  const responded = facts.firstResponseAt ?? facts.resolvedAt;
  const firstElapsed = businessMinutesBetween(calendar, openedAt, responded ?? now);
  const waiting = facts.resolvedAt === null && facts.waitingSince !== null;
  const waitNow = waiting ? businessMinutesBetween(calendar, facts.waitingSince!, now) : 0;
  const resolutionElapsed =
    businessMinutesBetween(calendar, openedAt, facts.resolvedAt ?? now) - facts.pausedMinutes - waitNow;
  return {
    firstResponse: timer(
      calendar,
      targets.firstResponseMinutes,
      openedAt,
      firstElapsed,
      responded !== null,
      false,
      0,
    ),
    resolution: timer(
      calendar,
      targets.resolutionMinutes,
      openedAt,
      resolutionElapsed,
      facts.resolvedAt !== null,
      waiting,
      facts.pausedMinutes,
    ),
  };
}
