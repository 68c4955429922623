import type { FastifyReply } from 'fastify';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { recordAccountEvent } from '../audit/account-event.js';
import type { Tables } from '../db/tables.js';
import { AppError } from '../errors.js';
import { clearFailures, recordFailure, refuseWhileThrottled, throttleKeys } from './login-throttle.js';
import { checkSecondFactor, invalidCode, mfaEnabled } from './mfa.js';
import { decoyHash, verifyPassword } from './passwords.js';

export const credentials = z.strictObject({
  email: z.email().max(320),
  password: z.string().min(1).max(1000),
  /** The authenticator app's 6-digit code or a recovery code; needed once two-step sign-in is on. */
  code: z.string().trim().min(1).max(40).optional(),
});
export type Credentials = z.infer<typeof credentials>;

export interface LoginAttempt {
  db: Kysely<Tables>;
  credentials: Credentials;
  /** The client's address, for throttling. */
  ip: string;
  now: Date;
  reply: FastifyReply;
}

/**
 * Checks a sign-in: not throttled, the right password, and the second factor when the account has one.
 * Answers the user's id; throws 429, or 401 with `invalid-credentials`, `mfa-code-required` or
 * `invalid-code`.
 */
export async function checkLogin(attempt: LoginAttempt): Promise<{ userId: string }> {
  const { db, credentials, now } = attempt;
  const email = credentials.email.toLowerCase();
  const keys = throttleKeys('sign-in', email, attempt.ip);
  await refuseWhileThrottled(db, [keys.account, keys.source], now, attempt.reply);
  const { userId, ok } = await passwordOwner(db, email, credentials.password);
  if (!userId || !ok) {
    await recordFailure(db, [keys.account, keys.source], now);
    if (userId) await recordAccountEvent(attempt.reply.request, userId, 'login-failed');
    throw new AppError(401, 'invalid-credentials', 'wrong e-mail or password');
  }
  if (await mfaEnabled(db, userId)) {
    // The password was right: asking for the code says so, as every two-step sign-in does.
    if (!credentials.code) {
      throw new AppError(401, 'mfa-code-required', 'enter the code from your authenticator app', [
        { path: 'body.code', message: 'required' },
      ]);
    }
    if (!(await checkSecondFactor(db, attempt.reply.server.secretKey, userId, credentials.code, now))) {
      await recordFailure(db, [keys.account, keys.source], now);
      await recordAccountEvent(attempt.reply.request, userId, 'login-failed', { factor: 'code' });
      throw invalidCode('body.code');
    }
  }
  await clearFailures(db, keys.account);
  await recordAccountEvent(attempt.reply.request, userId, 'login');
  return { userId };
}

/** The account of `email`, if any, and whether `password` is theirs. An unknown e-mail costs the same time as a wrong password. */
async function passwordOwner(db: Kysely<Tables>, email: string, password: string) {
  const user = await db
    .selectFrom('users')
    .select(['id', 'password_hash'])
    .where((eb) => eb(eb.fn('lower', ['email']), '=', email))
    .executeTakeFirst();
  const ok = await verifyPassword(user?.password_hash ?? (await decoyHash), password);
  return { userId: user?.id, ok: Boolean(user) && ok };
}
