import type { DayKindOf } from './holidays.js';

/** Opening hours of one day: [start, end) in minutes after local midnight, sorted, not overlapping. */
export type DayHours = readonly (readonly [number, number])[];

/**
 * When a team works: its time zone, its hours per ISO weekday (1 = Monday … 7 = Sunday), and its country's
 * holidays. A make-up working day (调休) keeps the hours of a Monday, the day it usually stands in for.
 */
export interface BusinessCalendar {
  timeZone: string;
  week: Readonly<Record<1 | 2 | 3 | 4 | 5 | 6 | 7, DayHours>>;
  dayKind: DayKindOf;
}

const MINUTE = 60_000;
const DAY_MS = 86_400_000;
// Beyond a year of search a calendar has no working time at all (every day closed): say so rather than loop.
const MAX_DAYS = 366 * 2;

const offsetFormats = new Map<string, Intl.DateTimeFormat>();

/** Minutes the zone is ahead of UTC at `instant` (480 for Asia/Shanghai). */
function zoneOffset(timeZone: string, instant: number): number {
  let format = offsetFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    offsetFormats.set(timeZone, format);
  }
  const parts: Record<string, number> = {};
  for (const part of format.formatToParts(instant)) parts[part.type] = Number(part.value);
  const asUtc = Date.UTC(
    parts.year!,
    parts.month! - 1,
    parts.day!,
    parts.hour!,
    parts.minute!,
    parts.second!,
  );
  return Math.round((asUtc - Math.floor(instant / 1000) * 1000) / MINUTE);
}

/** The instant of a local wall time; in a daylight-saving gap, the first instant after it. */
function instantOf(timeZone: string, dayStartUtc: number, minute: number): number {
  const wall = dayStartUtc + minute * MINUTE;
  const guess = wall - zoneOffset(timeZone, wall) * MINUTE;
  return wall - zoneOffset(timeZone, guess) * MINUTE;
}

/** The local civil day of an instant, as the UTC midnight of that date. */
function localDay(timeZone: string, instant: number): number {
  const wall = instant + zoneOffset(timeZone, instant) * MINUTE;
  return wall - (((wall % DAY_MS) + DAY_MS) % DAY_MS);
}

function hoursOn(calendar: BusinessCalendar, dayUtc: number): DayHours {
  const kind = calendar.dayKind(new Date(dayUtc).toISOString().slice(0, 10));
  if (kind === 'off') return [];
  if (kind === 'work') return calendar.week[1];
  const weekday = (((new Date(dayUtc).getUTCDay() + 6) % 7) + 1) as 1 | 2 | 3 | 4 | 5 | 6 | 7;
  return calendar.week[weekday];
}

/** The working intervals of each local day from the one holding `from`, as instants. */
function* workingIntervals(calendar: BusinessCalendar, from: number): Generator<[number, number]> {
  let day = localDay(calendar.timeZone, from);
  for (let i = 0; i < MAX_DAYS; i++, day += DAY_MS)
    for (const [start, end] of hoursOn(calendar, day))
      yield [instantOf(calendar.timeZone, day, start), instantOf(calendar.timeZone, day, end)];
}

/**
 * Working minutes between two instants (0 when `to` is not after `from`).
 *
 * @example
 * // Friday 17:00 to Monday 10:00 in Shanghai, open 9–18 on weekdays: 60 + 60 minutes
 * businessMinutesBetween(calendar, new Date('2026-03-06T09:00Z'), new Date('2026-03-09T02:00Z')) // 120
 */
export function businessMinutesBetween(calendar: BusinessCalendar, from: Date, to: Date): number {
  const a = from.getTime();
  const b = to.getTime();
  let total = 0;
  if (b <= a) return 0;
  for (const [start, end] of workingIntervals(calendar, a)) {
    if (start >= b) break;
    total += Math.max(0, Math.min(end, b) - Math.max(start, a));
  }
  return total / MINUTE;
}

/**
 * The instant at which `minutes` of working time have passed since `from`: an SLA's due time. Throws when
 * the calendar has no working time in the next two years.
 */
export function addBusinessMinutes(calendar: BusinessCalendar, from: Date, minutes: number): Date {
  if (minutes <= 0) return from;
  const a = from.getTime();
  let left = minutes * MINUTE;
  for (const [start, end] of workingIntervals(calendar, a)) {
    const open = Math.max(start, a);
    if (end <= open) continue;
    if (left <= end - open) return new Date(open + left);
    left -= end - open;
  }
  throw new RangeError('the business calendar has no working hours');
}
