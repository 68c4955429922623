/** Lifetimes offered for a personal token; the API allows at most 365 days. */
export const TOKEN_DAYS = [30, 90, 365] as const;

/** The `expiresAt` of a token created `now` to last `days` days. */
export function tokenExpiry(days: number, now = new Date()): string {
  return new Date(now.getTime() + days * 86_400_000).toISOString();
}

/** Whether a token's expiry has passed or falls within a week: the list flags it. */
export function expiresSoon(expiresAt: string | null, now = new Date()): boolean {
  return expiresAt !== null && Date.parse(expiresAt) - now.getTime() < 7 * 86_400_000;
}
