import { ApiError } from '../api/api-error';

/** Which limit of a pool a refused claim reached, as the API names it in `limit`. */
export const POOL_LIMITS = ['heldLimit', 'claimsPerDay', 'reclaimCooldownDays'] as const;
export type PoolLimit = (typeof POOL_LIMITS)[number];

/**
 * The pool limit a claim or assignment ran into, or null for any other failure (shown as usual). The
 * caller translates `ownership.limits.<limit>`: a key, not a text, keeps i18next's types shallow.
 */
export function poolLimitOf(error: unknown): PoolLimit | null {
  if (!(error instanceof ApiError) || error.code !== 'ownership-limit') return null;
  return POOL_LIMITS.find((l) => l === error.extra.limit) ?? null;
}
