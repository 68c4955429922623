import { ApiError } from '../api/api-error';

/** Which limit of a pool a refused claim reached, as the API names it in `limit`. */
export const POOL_LIMITS = ['heldLimit', 'claimsPerDay', 'reclaimCooldownDays', 'detailsPerDay'] as const;
export type PoolLimit = (typeof POOL_LIMITS)[number];

/** Problem types of a pool's limits: on claims and assignments, and on opening pool customers' details. */
const LIMIT_CODES = new Set(['ownership-limit', 'pool-detail-limit']);

/**
 * The pool limit a claim, an assignment or opening a pool customer ran into, or null for any other
 * failure (shown as usual). The caller translates `ownership.limits.<limit>`: a key, not a text, keeps
 * i18next's types shallow.
 */
export function poolLimitOf(error: unknown): PoolLimit | null {
  if (!(error instanceof ApiError) || !LIMIT_CODES.has(error.code)) return null;
  return POOL_LIMITS.find((l) => l === error.extra.limit) ?? null;
}
