import { createHash } from 'node:crypto';
import { isIPv6 } from 'node:net';
import type { FastifyReply } from 'fastify';
import { type Kysely, sql } from 'kysely';
import type { Tables } from '../db/tables.js';
import { AppError } from '../errors.js';

/**
 * Failed sign-ins slow down whoever makes them, never the account for everybody: failures count per
 * (account, source address) and per source address, and past a few free failures each one makes the
 * next attempt wait twice as long, up to a cap. A guesser elsewhere cannot stop the real user signing in
 * from their own address. Counters live in the database so that a restart does not reset them.
 *
 * Other guessable checks are throttled the same way, each under a purpose of its own so that mistyping
 * one does not slow another: a signed-in user's current password, their two-step codes, and requests
 * for password-reset e-mails.
 */
export interface ThrottleRule {
  /** Failures allowed before any wait. */
  free: number;
  /** Wait after the first failure past the free ones; each further failure doubles it. */
  firstWaitSeconds: number;
  maxWaitSeconds: number;
}

/** One person mistyping: three free tries, then 1 s, 2 s, 4 s … up to 15 minutes. */
export const ACCOUNT_AT_SOURCE: ThrottleRule = { free: 3, firstWaitSeconds: 1, maxWaitSeconds: 15 * 60 };
/**
 * One address trying many accounts. An office behind one NAT address has many users, so the free
 * allowance is larger; a password sprayer still meets the same doubling waits.
 */
export const SOURCE: ThrottleRule = { free: 20, firstWaitSeconds: 1, maxWaitSeconds: 15 * 60 };
/**
 * Reset e-mails to one address from one source: each request sends a mail and a person needs one or
 * two, so waits start at a minute; past them the request is refused.
 */
export const RESET_MAIL_AT_SOURCE: ThrottleRule = { free: 3, firstWaitSeconds: 60, maxWaitSeconds: 3600 };
/**
 * Reset e-mails to one address from all sources together: past these no more mail is sent, silently,
 * so that nobody fills a mailbox (or keeps voiding its newest link), nobody learns whether the address
 * has an account, and the address's owner still gets their answer.
 */
export const RESET_MAIL: ThrottleRule = { free: 6, firstWaitSeconds: 60, maxWaitSeconds: 3600 };

export type ThrottlePurpose = 'sign-in' | 'password-change' | 'mfa-code' | 'password-reset';

/** Failures older than this since the last one are forgotten. */
const FORGET_AFTER_MS = 24 * 3_600_000;

export interface ThrottleKey {
  name: string;
  rule: ThrottleRule;
}

/** Seconds to wait after `failures` failures under `rule` (0: may try at once). */
export function waitSeconds(rule: ThrottleRule, failures: number): number {
  if (failures < rule.free) return 0;
  // Capped before the power so that 2^failures never overflows into Infinity.
  const doublings = Math.min(failures - rule.free, 30);
  return Math.min(rule.firstWaitSeconds * 2 ** doublings, rule.maxWaitSeconds);
}

/**
 * The source of a request: its IPv4 address, or the /64 network of an IPv6 address (one host usually
 * holds a whole /64, so single IPv6 addresses would cost an attacker nothing to change).
 */
export function sourceOf(ip: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  if (mapped) return mapped[1];
  if (!isIPv6(ip)) return ip;
  const [head, tail = ''] = ip.split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = ip.includes('::')
    ? [...left, ...Array(8 - left.length - right.length).fill('0'), ...right]
    : left;
  return `${groups
    .slice(0, 4)
    .map((g) => Number.parseInt(g, 16).toString(16))
    .join(':')}::/64`;
}

/**
 * The counters one attempt for `purpose` is checked against and charged to; `account` is an e-mail
 * (sign-in, password reset) or a user id (checks of a signed-in user).
 */
export function throttleKeys(
  purpose: ThrottlePurpose,
  account: string,
  ip: string,
): { account: ThrottleKey; source: ThrottleKey } {
  const source = sourceOf(ip);
  const accountRule = purpose === 'password-reset' ? RESET_MAIL_AT_SOURCE : ACCOUNT_AT_SOURCE;
  // Sign-in counters keep the names they had before other purposes, so an upgrade forgets none.
  const prefix = purpose === 'sign-in' ? '' : `${purpose} `;
  return {
    account: { name: `${prefix}account:${account.toLowerCase()} source:${source}`, rule: accountRule },
    source: { name: `${prefix}source:${source}`, rule: SOURCE },
  };
}

/** Reset e-mails to `email` from every source together (see RESET_MAIL). */
export const resetMailKey = (email: string): ThrottleKey => ({
  name: `password-reset account:${email.toLowerCase()}`,
  rule: RESET_MAIL,
});

const digest = (key: ThrottleKey) => createHash('sha256').update(key.name).digest();

/** Seconds until every one of `keys` allows another attempt (0: now). */
export async function secondsToWait(db: Kysely<Tables>, keys: ThrottleKey[], now: Date): Promise<number> {
  const rows = await db
    .selectFrom('login_failures')
    .select(['key_hash', 'failures', 'last_failure_at'])
    .where('key_hash', 'in', keys.map(digest))
    .execute();
  let wait = 0;
  for (const key of keys) {
    const hash = digest(key);
    const row = rows.find((r) => hash.equals(r.key_hash));
    if (!row || now.getTime() - row.last_failure_at.getTime() > FORGET_AFTER_MS) continue;
    const until = row.last_failure_at.getTime() + waitSeconds(key.rule, row.failures) * 1000;
    wait = Math.max(wait, Math.ceil((until - now.getTime()) / 1000));
  }
  return wait;
}

/** Counts one failure against each key; counters idle for a day start again from one. */
export async function recordFailure(db: Kysely<Tables>, keys: ThrottleKey[], now: Date): Promise<void> {
  const forgotten = new Date(now.getTime() - FORGET_AFTER_MS);
  for (const key of keys) {
    await db
      .insertInto('login_failures')
      .values({ key_hash: digest(key), failures: 1, last_failure_at: now })
      .onConflict((oc) =>
        oc.column('key_hash').doUpdateSet({
          failures: sql`case when login_failures.last_failure_at < ${forgotten} then 1
            else login_failures.failures + 1 end`,
          last_failure_at: now,
        }),
      )
      .execute();
  }
  await db.deleteFrom('login_failures').where('last_failure_at', '<', forgotten).execute();
}

/** Forgets a key's failures, e.g. an account's at a source after a successful sign-in from there. */
export async function clearFailures(db: Kysely<Tables>, key: ThrottleKey): Promise<void> {
  await db.deleteFrom('login_failures').where('key_hash', '=', digest(key)).execute();
}

/** Throws 429 with Retry-After while any of `keys` still makes the caller wait. */
export async function refuseWhileThrottled(
  db: Kysely<Tables>,
  keys: ThrottleKey[],
  now: Date,
  reply: FastifyReply,
): Promise<void> {
  const wait = await secondsToWait(db, keys, now);
  if (wait === 0) return;
  reply.header('Retry-After', String(wait));
  throw new AppError(429, 'too-many-attempts', `too many failed attempts; try again in ${wait} s`, [], {
    retryAfter: wait,
  });
}
