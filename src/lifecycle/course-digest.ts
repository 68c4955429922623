import { createHash } from 'node:crypto';
import type { Transition } from './replay.js';

/**
 * Digests of a replayed course's history: of its first `count` entries (null when it has fewer), to
 * check a stored course of that many entries against, and of all of them, to store with the course.
 * `causes` are the entries' causes as JSON, made once for the digest and the rows alike. A digest
 * that differs only costs a read of the stored history, so the JSON need not be canonical.
 */
export function courseDigests(
  transitions: readonly Transition[],
  causes: readonly string[],
  count: number,
): { prefix: string | null; whole: string } {
  const hash = createHash('sha1');
  let prefix: string | null = null;
  for (let k = 0; k < transitions.length; k++) {
    if (k === count) prefix = hash.copy().digest('base64');
    const t = transitions[k];
    hash.update(`${t.from ?? ''}\t${t.to}\t${t.at}\t${causes[k]}\n`);
  }
  const whole = hash.digest('base64');
  return { prefix: count === transitions.length ? whole : prefix, whole };
}
