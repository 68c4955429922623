import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Tables } from '../db/tables.js';

const PREFIX = 'clm_';
const SESSION_DAYS = 30;

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
  expiresAt: Date | null = kind === 'session' ? new Date(Date.now() + SESSION_DAYS * 86_400_000) : null,
) {
  const token = PREFIX + randomBytes(32).toString('base64url');
  const row = await db
    .insertInto('auth_tokens')
    .values({ user_id: userId, token_hash: tokenDigest(token), kind, name, expires_at: expiresAt })
    .returning(['id', 'created_at', 'expires_at'])
    .executeTakeFirstOrThrow();
  return { token, ...row };
}

export async function resolveToken(db: Kysely<Tables>, token: string): Promise<TokenOwner | undefined> {
  if (!token.startsWith(PREFIX)) return undefined;
  const row = await db
    .selectFrom('auth_tokens')
    .select(['id', 'user_id', 'expires_at', 'revoked_at'])
    .where('token_hash', '=', tokenDigest(token))
    .executeTakeFirst();
  if (!row || row.revoked_at || (row.expires_at && row.expires_at.getTime() < Date.now())) return undefined;
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
