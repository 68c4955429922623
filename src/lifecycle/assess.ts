import { formatDay } from '../analytics/civil-days.js';
import type { RepeatModel } from '../analytics/repeat-model.js';
import type { PurchaseRow, SignalRow } from './metrics.js';
import { nextCheckDay } from './next-check.js';
import { pAliveAt, pAliveCrossingDay } from './p-alive.js';
import { type CurrentStage, evaluateStage, type StageMetrics } from './rules.js';
import type { StageModel } from './stage-model.js';

export type Cause =
  | { type: 'rule'; rule: string; metrics: StageMetrics }
  | {
      type: 'manual';
      userId: string | null;
      reason: string;
      until: string | null;
      churnReason?: ChurnReason;
    };

/** Why a customer declined or left (SPEC §4): our fault, a competitor's offer, or the customer's own change. */
export interface ChurnReason {
  category: 'company' | 'competitor' | 'customer';
  detail?: string;
}

export type OverrideEnd = 'until' | 'purchase' | 'replaced';

/** A manual stage as recorded: it takes effect on its `since` day (in the workspace time zone). */
export interface Override {
  stage: string;
  reason: string;
  userId: string | null;
  /** Holds through this day; null: until a purchase on a later day than `since`. */
  until: number | null;
  since: number;
  churnReason?: ChurnReason;
}

export interface Placement {
  businessLineId: string | null;
  stage: string;
  cause: Cause;
  nextCheck: number | null;
}

/** What the rules say about one customer (or one customer in one line) on day D, from their state before it. */
export function placeAt(
  model: StageModel,
  asOf: number,
  signals: SignalRow,
  row: PurchaseRow | null,
  fit: RepeatModel | null,
  current: CurrentStage | undefined,
): Placement {
  const metrics = metricsOf(model, asOf, signals, row, fit);
  const evaluation = evaluateStage(model, metrics, asOf, current);
  // Decided on the exact P(alive), shown rounded: a value just under the threshold must not display
  // as the threshold itself, but it must not decide differently from the crossing day either.
  const shown = { ...metrics, pAlive: metrics.pAlive === null ? null : round(metrics.pAlive, 4) };
  if (shown.satisfactionDrop !== undefined) shown.satisfactionDrop = round(shown.satisfactionDrop, 4);
  return {
    businessLineId: row?.businessLineId ?? null,
    stage: evaluation.stage,
    cause: { type: 'rule', rule: evaluation.rule, metrics: shown },
    nextCheck: nextCheckOf(model, asOf, signals, row, fit, metrics.rhythm),
  };
}

/** The manual cause an override places a customer with. */
export function manualCause(override: Override): Cause {
  return {
    type: 'manual',
    userId: override.userId,
    reason: override.reason,
    until: override.until === null ? null : formatDay(override.until),
    ...(override.churnReason ? { churnReason: override.churnReason } : {}),
  };
}

function metricsOf(
  model: StageModel,
  asOf: number,
  signals: SignalRow,
  row: PurchaseRow | null,
  fit: RepeatModel | null,
): StageMetrics {
  const n = row?.n ?? 0;
  const first = row?.first ?? null;
  const last = row?.last ?? null;
  return {
    n,
    gap: last === null ? null : asOf - last,
    rhythm: n >= 3 && row?.rhythm != null ? row.rhythm : null,
    tenure: first === null ? null : asOf - first,
    rev90: round(row?.rev ?? 0, 2),
    prev90: round(row?.prev ?? 0, 2),
    pAlive: fit && first !== null && last !== null ? pAliveAt(fit, n, first, last, asOf) : null,
    hasOwner: signals.hasOwner,
    // Opportunities are not recorded yet; the rule is ready for them.
    openOpportunity: false,
    recentInteraction:
      signals.lastInteraction !== null && signals.lastInteraction > asOf - model.windows.interactionDays,
    // Explicit terminations (with their churn reason) are not recorded yet; until they are, a manual
    // override to the termination stage is how a person terminates a customer.
    terminatedByUser: false,
    ...(signals.complaintSince === null ? {} : { openComplaintDays: asOf - signals.complaintSince }),
    ...(signals.satisfactionDrop > 0 ? { satisfactionDrop: signals.satisfactionDrop } : {}),
  };
}

function nextCheckOf(
  model: StageModel,
  asOf: number,
  signals: SignalRow,
  row: PurchaseRow | null,
  fit: RepeatModel | null,
  rhythm: number | null,
): number | null {
  const first = row?.first ?? null;
  const last = row?.last ?? null;
  const decline = model.rules.find((r) => r.test === 'decline');
  const crossing =
    fit && decline?.test === 'decline' && row && first !== null && last !== null
      ? pAliveCrossingDay(fit, row.n, first, last, decline.thresholds.pAliveBelow)
      : null;
  const next = nextCheckDay(model, {
    asOf,
    firstPurchase: first,
    lastPurchase: last,
    rhythm,
    windowChange: row?.windowChange ?? null,
    nextPurchase: row?.nextPurchase ?? null,
    lastInteraction: signals.lastInteraction,
    pAliveCrossing: crossing,
    complaintSince: signals.complaintSince,
  });
  let earliest = next;
  for (const upcoming of [signals.nextInteraction, signals.nextServiceChange])
    if (upcoming !== null && (earliest === null || upcoming < earliest)) earliest = upcoming;
  return earliest;
}

const round = (value: number, digits: number) => {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
};
