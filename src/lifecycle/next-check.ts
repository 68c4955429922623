import { overdueLimit } from './rules.js';
import type { StageModel } from './stage-model.js';

/** Day numbers at which, with no new data, a time-based condition of the rules can flip. */
export interface TimeMarks {
  asOf: number;
  firstPurchase: number | null;
  lastPurchase: number | null;
  rhythm: number | null;
  /** The next day a purchase moves from the recent revenue window to the previous one, or leaves it. */
  windowChange: number | null;
  /** The first purchase already recorded after asOf (a back-dated as-of, or a future-dated sale). */
  nextPurchase: number | null;
  lastInteraction: number | null;
  /** The first day P(alive) falls below the decline threshold under the current fit. */
  pAliveCrossing: number | null;
  /** The first day of the longest-open complaint open at asOf; null: none is open. */
  complaintSince: number | null;
}

/**
 * The earliest day after `asOf` on which the customer's evaluation can change although nothing new
 * is recorded, or null when only new data can change it. A refresh at a later as-of re-evaluates
 * only customers whose day has come (or who have new data), which keeps refreshes incremental. An
 * early day costs a needless evaluation; a late one would miss a change, so every bound is inclusive.
 */
export function nextCheckDay(model: StageModel, marks: TimeMarks): number | null {
  const days: (number | null)[] = [
    marks.windowChange,
    marks.nextPurchase,
    marks.pAliveCrossing,
    marks.lastInteraction === null ? null : marks.lastInteraction + model.windows.interactionDays,
  ];
  for (const rule of model.rules) {
    if (rule.test === 'terminated' && marks.lastPurchase !== null)
      days.push(marks.lastPurchase + rule.thresholds.inactiveDays + 1);
    if (rule.test === 'decline' && marks.lastPurchase !== null)
      days.push(marks.lastPurchase + Math.floor(overdueLimit(rule.thresholds, marks.rhythm)) + 1);
    // The day the complaint has been open more than the allowed days (decline needs a purchase).
    if (
      rule.test === 'decline' &&
      marks.lastPurchase !== null &&
      marks.complaintSince !== null &&
      rule.thresholds.complaintOpenDays != null
    )
      days.push(marks.complaintSince + rule.thresholds.complaintOpenDays + 1);
    if (rule.test === 'stability' && marks.firstPurchase !== null)
      days.push(marks.firstPurchase + rule.thresholds.minTenureDays);
  }
  let next: number | null = null;
  for (const day of days) {
    if (day !== null && day > marks.asOf && (next === null || day < next)) next = day;
  }
  return next;
}
