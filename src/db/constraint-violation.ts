/**
 * The constraint a failed statement violated, when it failed on a unique key (23505) or a foreign key
 * (23503). Both drivers (pg and PGlite) expose PostgreSQL's error fields as properties; a pre-check
 * cannot replace this, because a concurrent writer can take the key between the check and the write.
 */
export function violatedConstraint(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const { code, constraint } = error as { code?: unknown; constraint?: unknown };
  if ((code === '23505' || code === '23503') && typeof constraint === 'string') return constraint;
  return undefined;
}
