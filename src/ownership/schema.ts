import { z } from 'zod';
import { memberLimits } from './member-limits.js';
import { returnRules } from './return-rules.js';

const reason = z.string().trim().min(1).max(500);

export const poolInput = z.strictObject({
  name: z.string().trim().min(1).max(100),
  claimsPerDay: z.number().int().min(1).max(10_000).nullable().optional(),
  heldLimit: z.number().int().min(1).max(1_000_000).nullable().optional(),
  reclaimCooldownDays: z.number().int().min(0).max(3650).optional(),
  /** Different pool customers a rep may open the details of per local day (null: no limit). */
  detailsPerDay: z.number().int().min(1).max(100_000).nullable().optional(),
  /** Claims per day and customers held for one role or team, instead of the pool's. */
  memberLimits: memberLimits.optional(),
  returnRules: returnRules.optional(),
  /** Days before a customer's return that its owner is warned (0: not warned). */
  warnDays: z.number().int().min(0).max(365).optional(),
  /**
   * Days before a customer's return that the managers of its owner's team are warned, if the owner has
   * not restarted the clock by then (0: not warned); at most `warnDays`, so the owner hears first.
   */
  managerWarnDays: z.number().int().min(0).max(365).optional(),
  /** Days left at or below which an owned customer's return shows as urgent (in red); 3 by default. */
  urgentDays: z.number().int().min(0).max(365).optional(),
  /** Members of the pool besides everyone in the default pool; replaces the list when given. */
  memberIds: z.array(z.uuid()).max(1000).optional(),
});
export type PoolInput = z.infer<typeof poolInput>;
export const poolPatch = poolInput.partial();
export type PoolPatch = z.infer<typeof poolPatch>;

export const poolJson = z.object({
  id: z.uuid(),
  name: z.string(),
  isDefault: z.boolean(),
  claimsPerDay: z.number().nullable(),
  heldLimit: z.number().nullable(),
  reclaimCooldownDays: z.number(),
  detailsPerDay: z.number().nullable(),
  memberLimits: memberLimits,
  returnRules: returnRules,
  warnDays: z.number(),
  managerWarnDays: z.number(),
  urgentDays: z.number(),
  /** Empty for the default pool, which every member belongs to. */
  memberIds: z.array(z.uuid()),
  version: z.number(),
});
export type PoolJson = z.infer<typeof poolJson>;

export const churnReason = z.enum(['company', 'competitor', 'customer']);

export const releaseInput = z.strictObject({
  reason,
  /** Why the relationship ended, for a customer in decline or terminated. */
  churnReason: churnReason.optional(),
  /** The pool it goes to; by default the one it came from. */
  poolId: z.uuid().optional(),
});
export type ReleaseInput = z.infer<typeof releaseInput>;

export const assignInput = z.strictObject({ ownerId: z.uuid(), reason });
export type AssignInput = z.infer<typeof assignInput>;

export const ownershipEventJson = z.object({
  id: z.uuid(),
  customerId: z.uuid(),
  at: z.iso.datetime(),
  kind: z.enum(['claim', 'release', 'assign', 'transfer', 'return', 'warning']),
  fromUserId: z.uuid().nullable(),
  toUserId: z.uuid().nullable(),
  byUserId: z.uuid().nullable(),
  poolId: z.uuid().nullable(),
  /** The words of the person who made the change (release, assignment). */
  reason: z.string().nullable(),
  /**
   * A reason the product gave itself, for each language to word: `return-rule` (params `rule`, its
   * number from 1, and `pool`), `return-warning` (params `pool` and `returnsAt`), `return-escalation`
   * (the same warning given later to the managers of the owner's team, also `managerIds`), `merge` (the owner of
   * the customer merged into this one, param `mergedId`), `import` (a rep's import created it, `importId`).
   */
  reasonCode: z.enum(['return-rule', 'return-warning', 'return-escalation', 'merge', 'import']).nullable(),
  reasonParams: z.record(z.string(), z.unknown()).nullable(),
  churnReason: churnReason.nullable(),
});
export type OwnershipEventJson = z.infer<typeof ownershipEventJson>;

export const ownershipJson = z.object({
  customerId: z.uuid(),
  ownerId: z.uuid().nullable(),
  poolId: z.uuid().nullable(),
  ownedSince: z.iso.datetime().nullable(),
  /** When the customer goes back to its pool under the pool's rules; null: no rule sets one. */
  returnsAt: z.iso.datetime().nullable(),
  daysLeft: z.number().nullable(),
  /** At most the pool's urgentDays left (false without a deadline). */
  returnUrgent: z.boolean(),
});
export type OwnershipJson = z.infer<typeof ownershipJson>;
