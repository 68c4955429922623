import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import { generateSecret, generateURI, verify } from 'otplib';
import type { Tables } from '../db/tables.js';
import { AppError, conflict } from '../errors.js';
import { isSealed, openSecret, sealSecret } from './sealed-secret.js';

/**
 * Two-step sign-in with time-based one-time codes (TOTP, RFC 6238: SHA-1, 6 digits, 30 s, as every
 * authenticator app expects). A code one step early or late is accepted for clocks that drift, and no
 * code is accepted twice. Ten single-use recovery codes stand in for a lost phone. The secret is stored
 * sealed with the server's secret key (`key` below: config's secretKey).
 */
const ISSUER = 'CLM';
const RECOVERY_CODES = 10;
// One step either side: a phone up to 30 s off still signs in.
const TOLERANCE_SECONDS = 30;
const PERIOD_SECONDS = 30;
const TOTP_CODE = /^\d{6}$/;

type Db = Kysely<Tables>;

const recoveryDigest = (code: string) =>
  createHash('sha256').update(code.replace(/[\s-]/g, '').toLowerCase()).digest();

/** `xxxxx-xxxxx` in lower-case base32 without look-alikes is easy to type from paper. */
function newRecoveryCode(): string {
  const alphabet = 'abcdefghjkmnpqrstuvwxyz23456789';
  const bytes = randomBytes(10);
  const chars = [...bytes].map((b) => alphabet[b % alphabet.length]).join('');
  return `${chars.slice(0, 5)}-${chars.slice(5)}`;
}

export async function mfaEnabled(db: Db, userId: string): Promise<boolean> {
  const row = await db
    .selectFrom('user_mfa')
    .select('enabled_at')
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return Boolean(row?.enabled_at);
}

/** A new secret for `userId`, not yet in force: shown once, it counts after a code confirms it. */
export async function startEnrolment(db: Db, key: Buffer, userId: string, accountName: string) {
  if (await mfaEnabled(db, userId)) throw conflict('two-step sign-in is already on; turn it off first');
  const secret = generateSecret();
  const sealed = sealSecret(key, userId, secret);
  await db
    .insertInto('user_mfa')
    .values({ user_id: userId, secret: sealed, enabled_at: null, last_step: null })
    .onConflict((oc) => oc.column('user_id').doUpdateSet({ secret: sealed, last_step: null }))
    .execute();
  return { secret, otpauthUri: generateURI({ issuer: ISSUER, label: accountName, secret }) };
}

/** Puts the enrolled secret in force once `code` proves the app holds it; answers the recovery codes. */
export async function confirmEnrolment(
  db: Db,
  key: Buffer,
  userId: string,
  code: string,
  now: Date,
): Promise<string[]> {
  const row = await db
    .selectFrom('user_mfa')
    .select(['secret', 'enabled_at'])
    .where('user_id', '=', userId)
    .executeTakeFirst();
  if (!row) throw conflict('start the enrolment first');
  if (row.enabled_at) throw conflict('two-step sign-in is already on');
  const secret = secretOf(key, userId, row.secret);
  if (!(await acceptTotp(db, userId, secret, code, now))) throw invalidCode('body.code');
  const codes = Array.from({ length: RECOVERY_CODES }, newRecoveryCode);
  await db.transaction().execute(async (tx) => {
    await tx.updateTable('user_mfa').set({ enabled_at: now }).where('user_id', '=', userId).execute();
    await tx.deleteFrom('mfa_recovery_codes').where('user_id', '=', userId).execute();
    await tx
      .insertInto('mfa_recovery_codes')
      .values(codes.map((c) => ({ user_id: userId, code_hash: recoveryDigest(c), used_at: null })))
      .execute();
  });
  return codes;
}

/** True when `code` is a current TOTP code or an unused recovery code of `userId` (then used up). */
export async function checkSecondFactor(
  db: Db,
  key: Buffer,
  userId: string,
  code: string,
  now: Date,
): Promise<boolean> {
  const row = await db
    .selectFrom('user_mfa')
    .select(['secret', 'enabled_at'])
    .where('user_id', '=', userId)
    .executeTakeFirst();
  if (!row?.enabled_at) return false;
  if (TOTP_CODE.test(code.trim()))
    return acceptTotp(db, userId, secretOf(key, userId, row.secret), code.trim(), now);
  const used = await db
    .updateTable('mfa_recovery_codes')
    .set({ used_at: now })
    .where('user_id', '=', userId)
    .where('code_hash', '=', recoveryDigest(code))
    .where('used_at', 'is', null)
    .executeTakeFirst();
  return used.numUpdatedRows > 0n;
}

/** Turns two-step sign-in off: the secret and the recovery codes are deleted. */
export async function disableMfa(db: Db, userId: string): Promise<void> {
  await db.transaction().execute(async (tx) => {
    await tx.deleteFrom('mfa_recovery_codes').where('user_id', '=', userId).execute();
    await tx.deleteFrom('user_mfa').where('user_id', '=', userId).execute();
  });
}

/**
 * Seals the secrets stored in plain text before secrets were encrypted; run at start-up. Each row is
 * rewritten only if it still holds the text read, so servers starting together cannot clash.
 */
export async function sealPlaintextSecrets(db: Db, key: Buffer): Promise<number> {
  const rows = await db.selectFrom('user_mfa').select(['user_id', 'secret']).execute();
  let sealed = 0;
  for (const row of rows.filter((r) => !isSealed(r.secret))) {
    const updated = await db
      .updateTable('user_mfa')
      .set({ secret: sealSecret(key, row.user_id, row.secret) })
      .where('user_id', '=', row.user_id)
      .where('secret', '=', row.secret)
      .executeTakeFirst();
    sealed += Number(updated.numUpdatedRows);
  }
  return sealed;
}

export const invalidCode = (path: string) =>
  new AppError(401, 'invalid-code', 'the code is wrong or was already used', [
    { path, message: 'wrong or already used' },
  ]);

/** The TOTP secret of `userId`; a key other than the one it was sealed with is the server's fault, said so. */
function secretOf(key: Buffer, userId: string, stored: string): string {
  try {
    return openSecret(key, userId, stored);
  } catch {
    // The server's fault (a lost or changed key), not the caller's: said so, not a bare 500.
    throw new AppError(
      503,
      'mfa-key-unreadable',
      "this account's two-step key cannot be read with the server's CLM_SECRET_KEY; sign in with a recovery code, or ask an administrator",
    );
  }
}

/** Verifies a TOTP code and records its time step, so that the same code cannot be replayed. */
async function acceptTotp(db: Db, userId: string, secret: string, code: string, now: Date): Promise<boolean> {
  if (!TOTP_CODE.test(code)) return false;
  const epoch = Math.floor(now.getTime() / 1000);
  const result = await verify({ secret, token: code, epoch, epochTolerance: TOLERANCE_SECONDS });
  if (!result.valid) return false;
  // RFC 6238 §4.2: T = floor(unix time / 30 s); the code matched `delta` steps away from now.
  const step = Math.floor(epoch / PERIOD_SECONDS) + result.delta;
  const taken = await db
    .updateTable('user_mfa')
    .set({ last_step: step })
    .where('user_id', '=', userId)
    .where((eb) => eb.or([eb('last_step', 'is', null), eb('last_step', '<', step)]))
    .executeTakeFirst();
  return taken.numUpdatedRows > 0n;
}
