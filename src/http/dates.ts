import { z } from 'zod';

/**
 * The days CLM accepts anywhere a date or a date-time comes in (bodies, query filters, imported cells).
 *
 * 1900 reaches back past the birthday of anyone living; 2999 is far past any due date, follow-up or
 * "until" a customer relationship needs. Both ends sit well inside what PostgreSQL's `date` (4713 BC to
 * 5874897 AD) and `timestamptz` (to 294276 AD) and JavaScript's `Date` (±275,760 years) hold, so adding
 * an interval, shifting to a time zone or counting days from one of them never leaves those ranges: the
 * years 0 and 9999 once did, and answered 500.
 */
export const FIRST_DAY = '1900-01-01';
export const LAST_DAY = '2999-12-31';

const RANGE_MESSAGE = `must be between ${FIRST_DAY} and ${LAST_DAY}`;

/** Whether a `YYYY-MM-DD` day (a date-time's own day, as written) lies in the accepted range. */
export function dayInRange(day: string): boolean {
  return day.length >= 10 && day.slice(0, 10) >= FIRST_DAY && day.slice(0, 10) <= LAST_DAY;
}

/** A calendar day, `YYYY-MM-DD`, from 1900-01-01 to 2999-12-31. */
// `abort`: a value that is no date at all gets one message, not a second about its range.
export const isoDate = z.iso
  .date({ abort: true })
  .refine(dayInRange, { message: RANGE_MESSAGE, params: { code: 'date_out_of_range' } })
  .meta({ description: `A day (YYYY-MM-DD) from ${FIRST_DAY} to ${LAST_DAY}` });

/**
 * An instant with its offset (`2024-05-01T10:00:00+08:00`; `2024-05-01T10:00:00` alone would mean
 * different days in different zones), whose day as written is in the range of `isoDate`.
 */
export const isoDateTime = z.iso
  .datetime({ offset: true, abort: true })
  .refine(dayInRange, { message: RANGE_MESSAGE, params: { code: 'date_out_of_range' } })
  .meta({ description: `A date-time with its offset, on a day from ${FIRST_DAY} to ${LAST_DAY}` });
