import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import { adjacencyGraphs, dictionary } from '@zxcvbn-ts/language-common';
import { AppError } from '../errors.js';

/** Shorter passwords fall to exhaustive search whatever their letters; longer ones are cut by the schema. */
export const PASSWORD_MIN_LENGTH = 10;
export const PASSWORD_MAX_LENGTH = 1000;

// zxcvbn's score 3 is "safely unguessable: moderate protection from offline slow-hash scenario"
// (about 10^8 guesses or more), which argon2id hashes are; 0–2 are guessed online or in seconds offline.
const MIN_SCORE = 3;

// zxcvbn's matching grows faster than linearly with length (a 1,000-character password takes a third of
// a second of CPU); its first 100 characters decide: past them no guessing attack gets anywhere.
const CHECKED_LENGTH = 100;

// The common-password, name and word lists and the keyboard layouts, built once on first use.
let checker: ZxcvbnFactory | undefined;
const zxcvbn = () => {
  checker ??= new ZxcvbnFactory({ dictionary, graphs: adjacencyGraphs });
  return checker;
};

// zxcvbn names its findings with keys; our own words for them.
const REASONS: Record<string, string> = {
  straightRow: 'is a row of keys on the keyboard',
  keyPattern: 'is a pattern of keys on the keyboard',
  simpleRepeat: 'repeats one character',
  extendedRepeat: 'repeats a group of characters',
  sequences: 'is a sequence such as abc or 123',
  recentYears: 'is built on a recent year',
  dates: 'is built on a date',
  topTen: 'is one of the most used passwords',
  topHundred: 'is one of the most used passwords',
  common: 'is a commonly used password',
  similarToCommon: 'is too close to a commonly used password',
  wordByItself: 'is a single word',
  namesByThemselves: 'is a name',
  commonNames: 'is built on a common name',
  userInputs: 'is built on your name or e-mail',
  pwned: 'is in lists of leaked passwords',
};

/**
 * Why a password is too weak, or undefined when it is strong enough. `userInputs` (the e-mail, the
 * name) count as known words, so `li.na@example.com` does not make `lina-example` strong.
 */
export function passwordWeakness(password: string, userInputs: string[] = []): string | undefined {
  if (password.length < PASSWORD_MIN_LENGTH) return `must be at least ${PASSWORD_MIN_LENGTH} characters`;
  const inputs = userInputs
    .map((s) => s.toLowerCase())
    .flatMap((s) => [s, ...s.split(/[^\p{L}\p{N}]+/u)])
    .filter((s) => s.length > 2);
  const result = zxcvbn().check(password.slice(0, CHECKED_LENGTH), inputs);
  if (result.score >= MIN_SCORE) return undefined;
  const reason = result.feedback.warning ? REASONS[result.feedback.warning] : undefined;
  return `is too easy to guess${reason ? `: it ${reason}` : ''}; use a longer phrase of unrelated words`;
}

/** Throws a 400 naming `field` when the password is too weak. */
export function assertStrongPassword(password: string, field: string, userInputs: string[] = []) {
  const weakness = passwordWeakness(password, userInputs);
  if (weakness)
    throw new AppError(400, 'weak-password', `the password ${weakness}`, [
      { path: field, code: 'weak_password', message: weakness },
    ]);
}
