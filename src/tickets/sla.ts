import {
  addBusinessMinutes,
  type BusinessCalendar,
  businessMinutesBetween,
} from '../calendars/business-hours.js';

export type Priority = 'low' | 'normal' | 'high' | 'urgent';

/**
 * Working minutes allowed for the first reply, for each later answer to the customer, and for resolution;
 * null (or absent) where the policy sets none.
 */
export interface SlaTargets {
  firstResponseMinutes: number | null;
  nextResponseMinutes?: number | null;
  resolutionMinutes: number | null;
}

/** Customers whose predicted CLV is at least `min` and below `max` (an absent bound is open). */
export interface ClvBand {
  min?: number;
  max?: number;
}

/**
 * A policy applies to the tickets that match every condition it has (an absent one matches all): their
 * priority, category, the customer's ABC class and the customer's CLV band. The first policy that
 * matches wins.
 */
export interface SlaPolicy {
  name: string;
  priorities?: Priority[];
  categories?: string[];
  tiers?: ('A' | 'B' | 'C')[];
  clvBand?: ClvBand;
  targets: SlaTargets;
}

export interface PolicySubject {
  priority: Priority;
  category: string | null;
  tier: 'A' | 'B' | 'C' | null;
  /** The customer's predicted CLV; null before it has one. */
  clv: number | null;
}

export function choosePolicy(policies: readonly SlaPolicy[], subject: PolicySubject): SlaPolicy | null {
  const matches = <T>(list: readonly T[] | undefined, value: T | null) =>
    !list || (value !== null && list.includes(value));
  const inBand = (band: ClvBand | undefined, clv: number | null) =>
    !band ||
    (clv !== null &&
      (band.min === undefined || clv >= band.min) &&
      (band.max === undefined || clv < band.max));
  return (
    policies.find(
      (p) =>
        matches(p.priorities, subject.priority) &&
        matches(p.categories, subject.category) &&
        matches(p.tiers, subject.tier) &&
        inBand(p.clvBand, subject.clv),
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
  /** Since when a message of the customer has gone unanswered; null when no answer is owed. */
  replyOwedSince: Date | null;
  /** Working minutes spent waiting on the customer, in closed waits, since the answer came to be owed. */
  replyPausedMinutes: number;
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
  nextResponse: Timer;
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
 * The state of a ticket's three timers at `now`, counted in the calendar's working time. The first response
 * is never paused (an answer is owed before anything is asked of the customer); the next response and
 * resolution stop while the ticket waits on the customer. The next response runs only while a message of
 * the customer is unanswered; answering it settles the timer until the customer writes again.
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
  const owedSince = facts.resolvedAt === null ? facts.replyOwedSince : null;
  let nextResponse = none;
  if (owedSince !== null) {
    // Only the part of the current wait that falls after the customer's message pauses this timer.
    const replyWaitNow = waiting
      ? businessMinutesBetween(
          calendar,
          new Date(Math.max(facts.waitingSince!.getTime(), owedSince.getTime())),
          now,
        )
      : 0;
    nextResponse = timer(
      calendar,
      targets.nextResponseMinutes ?? null,
      owedSince,
      businessMinutesBetween(calendar, owedSince, now) - facts.replyPausedMinutes - replyWaitNow,
      false,
      waiting,
      facts.replyPausedMinutes,
    );
  }
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
    nextResponse,
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
