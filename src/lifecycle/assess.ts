import type { BgNbdParams } from '../analytics/bgnbd.js';
import { formatDay } from '../analytics/civil-days.js';
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

export interface Override {
  stage: string;
  reason: string;
  userId: string | null;
  until: number | null;
  createdAt: Date;
}

/** Everything known about one customer at day D. */
export interface CustomerFacts {
  signals: SignalRow;
  /** The customer row (businessLineId null) and one per business line with purchases. */
  purchases: PurchaseRow[];
  override?: Override;
  /** Current stage per business line id ('' for the customer as a whole). */
  current: Map<string, CurrentStage>;
}

export interface Placement {
  businessLineId: string | null;
  stage: string;
  cause: Cause;
  nextCheck: number | null;
}

export interface Assessment {
  placements: Placement[];
  /** Why the override in force ends at D, if it does. */
  overrideEnds?: OverrideEnd;
}

/**
 * Places a customer and each of their business lines at day D. A manual override holds for the
 * customer as a whole until its `until` day has passed or a purchase is recorded after it; business
 * lines follow the rules only, and P(alive) is a customer-level model, so lines go without it.
 */
export function assessCustomer(
  model: StageModel,
  asOf: number,
  facts: CustomerFacts,
  fit: BgNbdParams | null,
): Assessment {
  const whole = facts.purchases.find((p) => p.businessLineId === null);
  const overrideEnds = facts.override && overrideEnd(model, facts.override, asOf, whole);
  const override = overrideEnds ? undefined : facts.override;
  const placements = [placeOne(model, asOf, facts, whole ?? null, fit)];
  if (override) {
    placements[0].cause = {
      type: 'manual',
      userId: override.userId,
      reason: override.reason,
      until: override.until === null ? null : formatDay(override.until),
    };
    placements[0].stage = override.stage;
  }
  // A line is placed from its first purchase on; before it, the customer's next purchase day (on the
  // whole customer's row) brings the customer back for evaluation.
  for (const row of facts.purchases) {
    if (row.businessLineId !== null && row.n > 0) placements.push(placeOne(model, asOf, facts, row, null));
  }
  return { placements, overrideEnds };
}

function overrideEnd(model: StageModel, override: Override, asOf: number, whole: PurchaseRow | undefined) {
  // The workspace switched to a model without that stage: the new model's rules take over.
  if (!model.stages.some((s) => s.key === override.stage)) return 'replaced';
  if (override.until !== null && asOf > override.until) return 'until';
  if (whole?.lastRecordedAt && whole.lastRecordedAt > override.createdAt) return 'purchase';
  return undefined;
}

function placeOne(
  model: StageModel,
  asOf: number,
  facts: CustomerFacts,
  row: PurchaseRow | null,
  fit: BgNbdParams | null,
): Placement {
  const metrics = metricsOf(model, asOf, facts.signals, row, fit);
  const evaluation = evaluateStage(model, metrics, asOf, facts.current.get(row?.businessLineId ?? ''));
  // Decided on the exact P(alive), shown rounded: a value just under the threshold must not display
  // as the threshold itself, but it must not decide differently from the crossing day either.
  const shown = { ...metrics, pAlive: metrics.pAlive === null ? null : round(metrics.pAlive, 4) };
  return {
    businessLineId: row?.businessLineId ?? null,
    stage: evaluation.stage,
    cause: { type: 'rule', rule: evaluation.rule, metrics: shown },
    nextCheck: nextCheckOf(model, asOf, facts.signals, row, fit, metrics.rhythm),
  };
}

function metricsOf(
  model: StageModel,
  asOf: number,
  signals: SignalRow,
  row: PurchaseRow | null,
  fit: BgNbdParams | null,
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
  };
}

function nextCheckOf(
  model: StageModel,
  asOf: number,
  signals: SignalRow,
  row: PurchaseRow | null,
  fit: BgNbdParams | null,
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
  });
  const upcoming = signals.nextInteraction;
  return upcoming !== null && (next === null || upcoming < next) ? upcoming : next;
}

const round = (value: number, digits: number) => {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
};
