import { type Rule, ruleId, type StageModel, stageOfTest, type Thresholds } from './stage-model.js';

/** What the rules look at, for one customer (or one customer in one business line) at an as-of date D. */
export interface StageMetrics {
  /** Distinct purchase days up to D. */
  n: number;
  /** Days from the last purchase to D; null without purchases. */
  gap: number | null;
  /** Median days between purchase days; null unless n >= 3 (two intervals are not yet a rhythm). */
  rhythm: number | null;
  /** Days from the first purchase to D; null without purchases. */
  tenure: number | null;
  /** Net revenue of the recent window (D − w, D] and of the one before it (D − 2w, D − w]. */
  rev90: number;
  prev90: number;
  /** BG/NBD probability that the customer is still active; null when no model could be fitted. */
  pAlive: number | null;
  hasOwner: boolean;
  openOpportunity: boolean;
  recentInteraction: boolean;
  terminatedByUser: boolean;
  /**
   * Days the longest-open complaint had stood open at the end of D (0: opened on D). Absent without an
   * open complaint, as the next one is without a drop: the causes of customers without service data
   * read as they did before these signals.
   */
  openComplaintDays?: number;
  /** The share of satisfaction the latest survey answer lost against the one before it (satisfactionDrop). */
  satisfactionDrop?: number;
}

/** The stage a customer is in before this evaluation, and the day (day number) they entered it. */
export interface CurrentStage {
  stage: string;
  since: number;
}

export interface Evaluation {
  stage: string;
  /** The rule that decided, with the condition that held when a rule has several: `decline.overdue`. */
  rule: string;
  metrics: StageMetrics;
}

interface Context {
  metrics: StageMetrics;
  /** The customer is in the model's decline stage now: ratio thresholds carry the hysteresis margin. */
  inDecline: boolean;
}

/**
 * Places a customer in a stage of `model` at day `asOf`: the first rule whose test holds wins.
 * Hysteresis keeps stages from flapping: a customer in decline stays there until they buy again
 * (only termination can move them on before that), and while in decline the ratio conditions must
 * clear their thresholds by the margin before they stop holding.
 */
export function evaluateStage(
  model: StageModel,
  metrics: StageMetrics,
  asOf: number,
  current?: CurrentStage,
): Evaluation {
  const declineStage = stageOfTest(model, 'decline');
  const inDecline = declineStage !== undefined && current?.stage === declineStage;
  const context: Context = { metrics, inDecline };
  for (const rule of model.rules) {
    const condition = testRule(rule, context);
    if (condition !== undefined) {
      const id = ruleId(rule);
      return { stage: rule.stage, rule: condition ? `${id}.${condition}` : id, metrics };
    }
    if (rule.test === 'decline' && inDecline && current && !boughtSince(metrics, asOf, current.since)) {
      return { stage: rule.stage, rule: `${ruleId(rule)}.held`, metrics };
    }
  }
  // Unreachable for a parsed model, whose last rule is `otherwise`.
  throw new Error(`lifecycle model ${model.key} has no rule that always matches`);
}

/** A purchase on a day after the customer entered their current stage. */
function boughtSince(metrics: StageMetrics, asOf: number, since: number): boolean {
  return metrics.gap !== null && asOf - metrics.gap > since;
}

/** The condition of `rule` that holds ('' when the rule has one condition), or undefined. */
function testRule(rule: Rule, context: Context): string | undefined {
  const { metrics } = context;
  switch (rule.test) {
    case 'terminated':
      return terminated(rule.thresholds, metrics);
    case 'decline':
      return decline(rule.thresholds, context);
    case 'development':
      return metrics.n <= rule.thresholds.maxPurchaseDays &&
        (metrics.hasOwner || metrics.openOpportunity || metrics.recentInteraction)
        ? ''
        : undefined;
    case 'exploration':
      return metrics.n <= rule.thresholds.maxPurchaseDays ? '' : undefined;
    case 'stability':
      return metrics.n >= rule.thresholds.minPurchaseDays &&
        metrics.tenure !== null &&
        metrics.tenure >= rule.thresholds.minTenureDays
        ? ''
        : undefined;
    case 'otherwise':
      return '';
  }
}

function terminated(t: Thresholds<'terminated'>, m: StageMetrics): string | undefined {
  if (m.terminatedByUser) return 'by-user';
  if (m.n >= 1 && m.gap !== null && m.gap > t.inactiveDays) return 'inactive';
  return undefined;
}

function decline(t: Thresholds<'decline'>, { metrics: m, inDecline }: Context): string | undefined {
  if (m.n < 1 || m.gap === null) return undefined;
  if (m.gap > overdueLimit(t, m.rhythm)) return 'overdue';
  const margin = inDecline ? t.hysteresisMargin : 0;
  if (m.n >= t.minPurchaseDaysForPAlive && m.pAlive !== null && m.pAlive < limit(t.pAliveBelow, margin, 1))
    return 'p-alive';
  if (m.prev90 > 0 && m.rev90 < limit(t.revenueRatioBelow, margin, m.prev90)) return 'revenue-drop';
  return serviceSignal(t, m);
}

/**
 * A complaint left open too long, or a fall in satisfaction; either is off when its threshold is absent
 * or null. Neither takes the hysteresis margin: each
 * changes only with a ticket's status or a new answer, not by drifting around its threshold.
 */
function serviceSignal(t: Thresholds<'decline'>, m: StageMetrics): string | undefined {
  if (t.complaintOpenDays != null && (m.openComplaintDays ?? -1) > t.complaintOpenDays)
    return 'open-complaint';
  if (
    t.satisfactionDropAtLeast != null &&
    m.satisfactionDrop !== undefined &&
    limit(m.satisfactionDrop, 0, 1) >= t.satisfactionDropAtLeast
  )
    return 'satisfaction-drop';
  return undefined;
}

// threshold × (1 + margin) × base, rounded to 1e-9 so that float artefacts do not decide a boundary:
// 0.5 × 1.1 × 200 is 110.00000000000001 in floating point, which would keep a ratio of exactly 0.55 in decline.
const limit = (threshold: number, margin: number, base: number) =>
  Math.round(threshold * (1 + margin) * base * 1e9) / 1e9;

/** Days without a purchase after which a customer is overdue against their own rhythm. */
export function overdueLimit(t: Thresholds<'decline'>, rhythm: number | null): number {
  return rhythm === null ? t.overdueDaysWithoutRhythm : Math.max(t.rhythmMultiple * rhythm, t.minOverdueDays);
}
