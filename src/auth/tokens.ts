import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Tables } from '../db/tables.js';
import { badRequest } from '../errors.js';

const PREFIX = 'clm_';
const DAY_MS = 86_400_000;

/**
 * How long tokens live. A session (a sign-in) ends 30 days after it began, or after 12 hours without
 * a request, whichever comes first: a forgotten browser tab stops being a way in overnight. A personal
 * token lives 90 days unless its creator picks another date, and at most a year, so that a leaked
 * script token does not work forever.
 */
export const TOKEN_LIFETIMES = {
  sessionMs: 30 * DAY_MS,
  sessionIdleMs: 12 * 3_600_000,
  personalDefaultMs: 90 * DAY_MS,
  personalMaxMs: 365 * DAY_MS,
};

// last_used_at is written at most this often per token: enough for the idle timeout, not a write per request.
const TOUCH_EVERY_MS = 60_000;

/** The stored form of a token: its sha-256, so a leaked table holds no usable secret. */
export const tokenDigest = (token: string) => createHash('sha256').update(token).digest();

export interface TokenOwner {
  tokenId: string;
  userId: string;
}

/** Issues a bearer token; only its sha-256 is stored. */
export async function issueToken(
  db: Kysely<Tables>,
  userId: string,
  kind: 'session' | 'personal',
  name = '',
  expiresAt?: Date,
  now = new Date(),
) {
  const lifetime = kind === 'session' ? TOKEN_LIFETIMES.sessionMs : TOKEN_LIFETIMES.personalDefaultMs;
  const token = PREFIX + randomBytes(32).toString('base64url');
  const row = await db
    .insertInto('auth_tokens')
    .values({
      user_id: userId,
      token_hash: tokenDigest(token),
      kind,
      name,
      expires_at: expiresAt ?? new Date(now.getTime() + lifetime),
      last_used_at: now,
    })
    .returning(['id', 'created_at', 'expires_at'])
    .executeTakeFirstOrThrow();
  return { token, ...row };
}

/**
 * The expiry of a new personal token: the default when none is asked for; a time in the past or
 * beyond the maximum is refused.
 */
export function personalTokenExpiry(requested: string | undefined, now: Date): Date {
  if (requested === undefined) return new Date(now.getTime() + TOKEN_LIFETIMES.personalDefaultMs);
  const at = new Date(requested);
  const field = (message: string) => badRequest(message, [{ path: 'body.expiresAt', message }]);
  if (at.getTime() <= now.getTime()) throw field('must be in the future');
  if (at.getTime() > now.getTime() + TOKEN_LIFETIMES.personalMaxMs) {
    throw field('must be at most 365 days from now');
  }
  return at;
}

/** The owner of a live token; records its use (at most once a minute). */
export async function resolveToken(
  db: Kysely<Tables>,
  token: string,
  now = new Date(),
): Promise<TokenOwner | undefined> {
  if (!token.startsWith(PREFIX)) return undefined;
  const row = await db
    .selectFrom('auth_tokens')
    .select(['id', 'user_id', 'kind', 'created_at', 'expires_at', 'revoked_at', 'last_used_at'])
    .where('token_hash', '=', tokenDigest(token))
    .executeTakeFirst();
  if (!row || row.revoked_at) return undefined;
  if (row.expires_at && row.expires_at.getTime() <= now.getTime()) return undefined;
  const lastUse = (row.last_used_at ?? row.created_at).getTime();
  if (row.kind === 'session' && now.getTime() - lastUse > TOKEN_LIFETIMES.sessionIdleMs) return undefined;
  if (now.getTime() - lastUse >= TOUCH_EVERY_MS) {
    await db.updateTable('auth_tokens').set({ last_used_at: now }).where('id', '=', row.id).execute();
  }
  return { tokenId: row.id, userId: row.user_id };
}

export async function revokeToken(db: Kysely<Tables>, userId: string, tokenId: string): Promise<boolean> {
  const result = await db
    .updateTable('auth_tokens')
    .set({ revoked_at: new Date() })
    .where('id', '=', tokenId)
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/**
 * Revokes every session and personal token of a user but `keepTokenId` (the session that changed the
 * password): whoever held the old password may have opened a session or made a token with it.
 */
export async function revokeOtherTokens(
  db: Kysely<Tables>,
  userId: string,
  keepTokenId?: string,
): Promise<number> {
  let query = db
    .updateTable('auth_tokens')
    .set({ revoked_at: new Date() })
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null);
  if (keepTokenId) query = query.where('id', '!=', keepTokenId);
  const result = await query.executeTakeFirst();
  return Number(result.numUpdatedRows);
}
