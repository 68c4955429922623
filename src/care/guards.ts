import { createHash } from 'node:crypto';

/**
 * The pure parts of the guards before a message goes out: quiet hours and the holdout draw. Consent,
 * the frequency cap and de-duplication read the database (deliver.ts, evaluate.ts).
 */

function localClock(timezone: string, now: Date) {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone: timezone,
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(now);
  const part = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  return { hour: part('hour'), minute: part('minute'), second: part('second') };
}

/**
 * When a message due at `now` may go out, given quiet hours from `start` to `end` (local hours of
 * `timezone`, the window may span midnight; equal hours: none): `now` outside them, else the end of the
 * quiet hours. A day on which clocks change shifts the release by that hour at most.
 */
export function quietUntil(now: Date, timezone: string, start: number, end: number): Date {
  if (start === end) return now;
  const { hour, minute, second } = localClock(timezone, now);
  const quiet = start < end ? hour >= start && hour < end : hour >= start || hour < end;
  if (!quiet) return now;
  const hours = (end - hour + 24) % 24;
  return new Date(now.getTime() + (hours * 3600 - minute * 60 - second) * 1000);
}

const isZone = (name: string | null): name is string => {
  if (!name) return false;
  try {
    new Intl.DateTimeFormat('en', { timeZone: name });
    return true;
  } catch {
    return false;
  }
};

/**
 * The time zone a customer's quiet hours follow: their own (custom field `timezone`, an IANA name such
 * as `America/New_York`), else their region when it is one, else the workspace's.
 */
export function customerZone(own: string | null, region: string | null, workspaceZone: string): string {
  return [own?.trim() ?? null, region?.trim() ?? null].find(isZone) ?? workspaceZone;
}

/**
 * Whether a customer is in a rule's holdout: a fixed draw per rule and customer (not per occasion), so
 * the same customers stay out and the group can be compared with the reached ones later.
 */
export function heldOut(ruleId: string, customerId: string, percent: number): boolean {
  if (percent <= 0) return false;
  const draw = createHash('sha256').update(`${ruleId}:${customerId}`).digest().readUInt32BE(0);
  return (draw / 2 ** 32) * 100 < percent;
}
