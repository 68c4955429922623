import { z } from 'zod';
import { RFM_SEGMENTS } from '../analytics/rfm.js';
import { isoDate } from '../http/dates.js';
import { limitedJson } from '../http/free-json.js';
import { pageQuery } from '../http/list.js';
import { lifecycleJson } from '../lifecycle/schema.js';
import { customerValueSummaryJson } from '../value/schema.js';

const text = (max: number) => z.string().trim().min(1).max(max);
/**
 * A phone number as written by people, judged without the workspace's region: digits with the usual
 * separators, an optional leading +. Whether it is a real number of that region is decided when it is
 * normalised (customers/normalise.ts); this catches the obviously wrong in the same round as every
 * other field.
 */
export const phone = z
  .string()
  .max(40)
  .refine((v) => /^\+?\d{7,17}$/.test(v.replace(/[\s\-.()/]/g, '')), {
    message: 'is not a phone number',
    params: { code: 'invalid_phone' },
  });
/** E-mails are compared trimmed and lower-cased, so they are stored that way. */
export const email = z.string().trim().toLowerCase().pipe(z.email().max(320));

/** Fields a client may write. Ids, versions and timestamps are the server's (strict: unknown keys are 400). */
export const customerInput = z.strictObject({
  kind: z.enum(['person', 'organisation']).optional(),
  type: z.enum(['consumer', 'distributor', 'internal', 'public']).optional(),
  name: text(200),
  company: text(200).nullable().optional(),
  phones: z.array(phone).max(10).optional(),
  emails: z.array(email).max(10).optional(),
  industry: text(100).nullable().optional(),
  region: text(100).nullable().optional(),
  source: text(100).nullable().optional(),
  tags: z.array(text(50)).max(50).optional(),
  birthday: isoDate.nullable().optional(),
  custom: limitedJson(z.record(z.string().max(100), z.unknown()), { bytes: 16_384, depth: 4 }).optional(),
  ownerId: z.uuid().nullable().optional(),
  consent: z.record(z.enum(['email', 'sms', 'phone', 'wechat', 'post']), z.boolean()).optional(),
  externalId: text(200).nullable().optional(),
});
export type CustomerInput = z.infer<typeof customerInput>;

export const customerPatch = customerInput.partial();
export type CustomerPatch = z.infer<typeof customerPatch>;

export const customerJson = z.object({
  id: z.uuid(),
  kind: z.enum(['person', 'organisation']),
  type: z.enum(['consumer', 'distributor', 'internal', 'public']),
  name: z.string(),
  company: z.string().nullable(),
  phones: z.array(z.string()),
  emails: z.array(z.string()),
  industry: z.string().nullable(),
  region: z.string().nullable(),
  source: z.string().nullable(),
  tags: z.array(z.string()),
  birthday: z.string().nullable(),
  custom: z.record(z.string(), z.unknown()),
  ownerId: z.uuid().nullable(),
  consent: z.record(z.string(), z.boolean()),
  externalId: z.string().nullable(),
  version: z.number().int(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
  /** On reads (GET one and the list): the current stage, null before the customer's first refresh. */
  lifecycle: lifecycleJson.nullable().optional(),
  /** On reads: value and risk at the last refresh, null without a purchase. */
  value: customerValueSummaryJson.nullable().optional(),
  /** On reads: the last purchase, null before the first. */
  lastPurchaseAt: z.iso.datetime().nullable().optional(),
  /** On reads: the day the latest interaction set for the next one, null when it set none. */
  nextFollowUpOn: isoDate.nullable().optional(),
  /**
   * On reads, for an owned customer: when it goes back to its pool under the pool's return rules, the
   * whole days left until then, and whether that is at most the pool's urgentDays (null, null and false
   * when no rule sets a deadline).
   */
  returnsAt: z.iso.datetime().nullable().optional(),
  daysLeft: z.number().int().nullable().optional(),
  returnUrgent: z.boolean().optional(),
});
export type CustomerJson = z.infer<typeof customerJson>;

/**
 * The columns a customer list can show beside the name, in the order it shows them; each user chooses
 * theirs (users/preferences.ts). The default is the list as it was before there was a choice.
 */
export const customerListColumns = [
  'phone',
  'email',
  'owner',
  'stage',
  'value',
  'clv',
  'churnRisk',
  'lastPurchase',
  'nextFollowUp',
  'daysLeft',
  'region',
  'industry',
  'source',
  'tags',
  'createdAt',
] as const;
export type CustomerListColumn = (typeof customerListColumns)[number];

export const customerSorts = [
  'name',
  '-name',
  'createdAt',
  '-createdAt',
  'updatedAt',
  '-updatedAt',
  // Value sorts list customers without a value (no purchase, no refresh yet) last either way.
  'clv',
  '-clv',
  'churnRisk',
  '-churnRisk',
  // The return deadline: the soonest first (or last); customers without one last either way.
  'returnsAt',
  '-returnsAt',
] as const;

const rfmScore = z.coerce.number().int().min(1).max(10).optional();

export const customerListQuery = pageQuery.extend({
  q: z.string().trim().min(1).max(200).optional(),
  ownerId: z.union([z.uuid(), z.literal('none')]).optional(),
  /** Customers waiting in this pool: no owner, and this pool as theirs. */
  poolId: z.uuid().optional(),
  tag: z.string().max(50).optional(),
  type: z.enum(['consumer', 'distributor', 'internal', 'public']).optional(),
  kind: z.enum(['person', 'organisation']).optional(),
  region: z.string().max(100).optional(),
  industry: z.string().max(100).optional(),
  source: z.string().max(100).optional(),
  /** A stage key of the workspace's model. */
  stage: z.string().max(40).optional(),
  segment: z.enum(RFM_SEGMENTS).optional(),
  abc: z.enum(['A', 'B', 'C']).optional(),
  /** RFM recency and frequency scores (1–5) of the last value refresh: one cell of the R×F heat map. */
  rScore: rfmScore,
  fScore: rfmScore,
  /** Days (workspace time zone, both included) of the customer's first transaction. */
  firstPurchaseFrom: isoDate.optional(),
  firstPurchaseTo: isoDate.optional(),
  /** Customers who bought (a positive transaction) on one of these days. */
  purchasedFrom: isoDate.optional(),
  purchasedTo: isoDate.optional(),
  /** With purchasedFrom/To: whether they also bought in the window of equal length just before. */
  previousWindow: z.enum(['purchased', 'notPurchased']).optional(),
  sort: z.enum(customerSorts).default('createdAt'),
});
export type CustomerListQuery = z.infer<typeof customerListQuery>;
