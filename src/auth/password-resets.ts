import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Tables } from '../db/tables.js';
import { AppError } from '../errors.js';
import { findUserByEmail, setPassword } from '../users/service.js';
import { revokeOtherTokens, tokenDigest } from './tokens.js';

// An hour covers a slow mailbox; a link that lies in an inbox longer should not still open the account.
const RESET_MINUTES = 60;

export interface IssuedReset {
  userId: string;
  email: string;
  locale: 'en' | 'zh-CN';
  token: string;
  expiresAt: Date;
}

/**
 * A reset link's secret for the account of `email`, or undefined when there is none (the caller answers
 * the same either way). Earlier links of the account stop working: only the newest e-mail counts.
 */
export async function issuePasswordReset(
  db: Kysely<Tables>,
  email: string,
): Promise<IssuedReset | undefined> {
  const user = await findUserByEmail(db, email);
  if (!user) return undefined;
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(Date.now() + RESET_MINUTES * 60_000);
  await db.transaction().execute(async (tx) => {
    await tx
      .updateTable('password_resets')
      .set({ used_at: new Date() })
      .where('user_id', '=', user.id)
      .where('used_at', 'is', null)
      .execute();
    await tx
      .insertInto('password_resets')
      .values({ user_id: user.id, token_hash: tokenDigest(token), expires_at: expiresAt })
      .execute();
  });
  const { locale } = await db
    .selectFrom('users')
    .select('locale')
    .where('id', '=', user.id)
    .executeTakeFirstOrThrow();
  return { userId: user.id, email: user.email, locale, token, expiresAt };
}

/**
 * Sets a new password through a reset link, once. Every session and token of the account is revoked:
 * whoever knew the old password is signed out everywhere.
 */
export async function completePasswordReset(db: Kysely<Tables>, token: string, newPassword: string) {
  await db.transaction().execute(async (tx) => {
    const reset = await tx
      .selectFrom('password_resets')
      .select(['id', 'user_id', 'expires_at', 'used_at'])
      .where('token_hash', '=', tokenDigest(token))
      .forUpdate()
      .executeTakeFirst();
    if (!reset) throw new AppError(404, 'not-found', 'this reset link is not valid');
    if (reset.used_at) throw new AppError(410, 'reset-used', 'this reset link was already used');
    if (reset.expires_at.getTime() <= Date.now())
      throw new AppError(410, 'reset-expired', 'this reset link has expired: ask for a new one');
    await setPassword(tx, reset.user_id, newPassword, 'body.newPassword');
    await tx.updateTable('password_resets').set({ used_at: new Date() }).where('id', '=', reset.id).execute();
    await revokeOtherTokens(tx, reset.user_id);
  });
}
