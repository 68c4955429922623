import { z } from 'zod';

/** Customers whose predicted CLV is at least `min` and below `max` (the workspace's currency). */
export const clvBand = z
  .strictObject({ min: z.number().min(0).optional(), max: z.number().min(0).optional() })
  .refine((band) => band.min !== undefined || band.max !== undefined, 'needs min, max or both')
  .refine((band) => band.min === undefined || band.max === undefined || band.min < band.max, {
    message: 'min must be below max',
    path: ['max'],
  });
export type ClvBand = z.infer<typeof clvBand>;

/**
 * A pool's rule for when an owned customer goes back to it. A rule applies to the customers it names
 * (by ABC class, lifecycle stage, business line bought in, CLV band; none named: every customer); the
 * first rule that applies decides. Its clocks restart with each follow-up, purchase or signed contract
 * (for a rule of a business line, a purchase or contract in that line); `contractEndDays` runs from the
 * end of the customer's latest contract. No clock starts before the owner took the customer.
 * `exempt` keeps the customers it applies to (key accounts) with their owner.
 */
export const returnRule = z.strictObject({
  abcClass: z.enum(['A', 'B', 'C']).optional(),
  stage: z.string().min(1).max(60).optional(),
  businessLineId: z.uuid().optional(),
  clvBand: clvBand.optional(),
  noFollowUpDays: z.number().int().min(1).max(3650).optional(),
  noPurchaseDays: z.number().int().min(1).max(3650).optional(),
  /** Days after the end of the customer's latest contract; none while one is open-ended, or without any. */
  contractEndDays: z.number().int().min(1).max(3650).optional(),
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
  /** The predicted CLV; null before it has one (then no CLV band applies). */
  clv: number | null;
  /** The last purchase in each business line the customer bought in, by line id. */
  lines: ReadonlyMap<string, Date>;
  /** When its contracts ran out (the end of the latest); null while one is open-ended, or with none. */
  contractsEndedAt: Date | null;
  /** The day it last signed a contract: a deal restarts the clocks as a follow-up or purchase does. */
  lastSignedAt: Date | null;
  /** The day it last signed a contract in each business line, by line id. */
  linesSigned: ReadonlyMap<string, Date>;
}

const DAY_MS = 86_400_000;

const inBand = (band: ClvBand | undefined, clv: number | null) =>
  !band ||
  (clv !== null && (band.min === undefined || clv >= band.min) && (band.max === undefined || clv < band.max));

const applies = (rule: ReturnRule, customer: OwnedCustomer) =>
  (rule.abcClass === undefined || rule.abcClass === customer.abcClass) &&
  (rule.stage === undefined || rule.stage === customer.stage) &&
  (rule.businessLineId === undefined || customer.lines.has(rule.businessLineId)) &&
  inBand(rule.clvBand, customer.clv);

/** The later of the hand-over and the last events: a new owner gets the whole period. */
const clockStart = (customer: OwnedCustomer, ...last: (Date | null | undefined)[]) =>
  new Date(Math.max(customer.ownedSince.getTime(), ...last.map((at) => at?.getTime() ?? -Infinity)));

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
  const addClock = (days: number | undefined, ...last: (Date | null | undefined)[]) => {
    if (days !== undefined) deadlines.push(clockStart(customer, ...last).getTime() + days * DAY_MS);
  };
  addClock(rule.noFollowUpDays, customer.lastFollowUpAt, customer.lastSignedAt);
  const line = rule.businessLineId;
  if (line) addClock(rule.noPurchaseDays, customer.lines.get(line), customer.linesSigned.get(line));
  else addClock(rule.noPurchaseDays, customer.lastPurchaseAt, customer.lastSignedAt);
  if (customer.contractsEndedAt) addClock(rule.contractEndDays, customer.contractsEndedAt);
  if (deadlines.length === 0) return null;
  return { at: new Date(Math.min(...deadlines)), rule: index };
}

/** Whole days from `now` to `deadline`, rounded up: 0 once it has passed. */
export function daysLeft(deadline: Date, now: Date): number {
  return Math.max(0, Math.ceil((deadline.getTime() - now.getTime()) / DAY_MS));
}
