import { z } from 'zod';

/**
 * A pool's rule for when an owned customer goes back to it. A rule applies to the customers it names
 * (by ABC class, lifecycle stage; none named: every customer); the first rule that applies decides.
 * Its clocks restart with each follow-up or purchase, and never start before the owner took the
 * customer. `exempt` keeps the customers it applies to (key accounts) with their owner.
 */
export const returnRule = z.strictObject({
  abcClass: z.enum(['A', 'B', 'C']).optional(),
  stage: z.string().min(1).max(60).optional(),
  noFollowUpDays: z.number().int().min(1).max(3650).optional(),
  noPurchaseDays: z.number().int().min(1).max(3650).optional(),
  exempt: z.boolean().optional(),
});
export type ReturnRule = z.infer<typeof returnRule>;

export const returnRules = z.array(returnRule).max(50);

/** What the rules look at for one owned customer. */
export interface OwnedCustomer {
  ownedSince: Date;
  lastFollowUpAt: Date | null;
  lastPurchaseAt: Date | null;
  abcClass: 'A' | 'B' | 'C' | null;
  stage: string | null;
}

const DAY_MS = 86_400_000;

const applies = (rule: ReturnRule, customer: OwnedCustomer) =>
  (rule.abcClass === undefined || rule.abcClass === customer.abcClass) &&
  (rule.stage === undefined || rule.stage === customer.stage);

/** The later of the hand-over and the last event: a new owner gets the whole period. */
const clockStart = (customer: OwnedCustomer, last: Date | null) =>
  last && last > customer.ownedSince ? last : customer.ownedSince;

/**
 * When the customer returns to its pool, and the index of the rule that says so; null when no rule
 * applies, the rule that applies exempts it, or it has no clock.
 */
export function returnDeadline(
  rules: readonly ReturnRule[],
  customer: OwnedCustomer,
): { at: Date; rule: number } | null {
  const index = rules.findIndex((rule) => applies(rule, customer));
  const rule = rules[index];
  if (!rule || rule.exempt) return null;
  const deadlines: number[] = [];
  if (rule.noFollowUpDays !== undefined)
    deadlines.push(clockStart(customer, customer.lastFollowUpAt).getTime() + rule.noFollowUpDays * DAY_MS);
  if (rule.noPurchaseDays !== undefined)
    deadlines.push(clockStart(customer, customer.lastPurchaseAt).getTime() + rule.noPurchaseDays * DAY_MS);
  if (deadlines.length === 0) return null;
  return { at: new Date(Math.min(...deadlines)), rule: index };
}

/** Whole days from `now` to `deadline`, rounded up: 0 once it has passed. */
export function daysLeft(deadline: Date, now: Date): number {
  return Math.max(0, Math.ceil((deadline.getTime() - now.getTime()) / DAY_MS));
}
