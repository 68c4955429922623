import Holidays from 'date-holidays';
import { HolidayUtil } from 'lunar-typescript';

/**
 * Countries' official calendars, the one place that reads them: China's State Council calendar (its
 * holidays and make-up working days, 调休) from lunar-typescript's HolidayUtil, every other country's
 * public holidays from date-holidays (type `public`; observances are left out). Nothing here is a
 * hand-written table of dates. Countries are ISO 3166 alpha-2 codes, in either case.
 */

/**
 * What a civil day is in a country's official calendar: `off` a public holiday, `work` a make-up working
 * day on a weekend (China's 调休), `null` an ordinary day that follows the weekly pattern.
 */
export type DayKind = 'off' | 'work' | null;

export type DayKindOf = (day: string) => DayKind;

export interface PublicHoliday {
  /** The first day off, YYYY-MM-DD. */
  start: string;
  name: string;
}

const isChina = (country: string) => country.toUpperCase() === 'CN';

const listed = new Map<string, PublicHoliday[]>();

/** date-holidays' public holidays of a country in a year, one per day, in day order (cached). */
function listedHolidays(country: string, year: number): PublicHoliday[] {
  const key = `${country.toUpperCase()}:${year}`;
  let holidays = listed.get(key);
  if (!holidays) {
    const seen = new Set<string>();
    holidays = (new Holidays(country.toUpperCase()).getHolidays(year) || [])
      .filter((h) => h.type === 'public')
      .map((h) => ({ start: h.date.slice(0, 10), name: h.name }))
      .filter((h) => !seen.has(h.start) && seen.add(h.start))
      .sort((a, b) => a.start.localeCompare(b.start));
    listed.set(key, holidays);
  }
  return holidays;
}

/**
 * The day kinds of a country. China's include its make-up working days; date-holidays has none for
 * other countries. An unknown country has no holidays.
 *
 * @example
 * dayKinds('CN')('2026-02-14') // 'work': the Saturday worked for the Spring Festival
 * dayKinds('CN')('2026-02-17') // 'off'
 */
export function dayKinds(country: string): DayKindOf {
  if (isChina(country))
    return (day) => {
      const holiday = HolidayUtil.getHoliday(day);
      if (!holiday) return null;
      return holiday.isWork() ? 'work' : 'off';
    };
  return (day) =>
    listedHolidays(country, Number(day.slice(0, 4))).some((h) => h.start === day) ? 'off' : null;
}

/**
 * A country's public holidays that start in `year`, by their first day off. China's are the announced
 * holidays: a make-up working day is not a day off, and a holiday period spanning several days starts
 * on its first day off (years not yet announced have none).
 */
export function publicHolidays(country: string, year: number): PublicHoliday[] {
  if (!isChina(country)) return listedHolidays(country, year);
  const starts = new Map<string, string>();
  for (const h of HolidayUtil.getHolidays(year)) {
    if (h.isWork()) continue;
    const key = `${h.getName()}|${h.getTarget()}`;
    const first = starts.get(key);
    if (!first || h.getDay() < first) starts.set(key, h.getDay());
  }
  return [...starts]
    .map(([key, start]) => ({ start, name: key.split('|')[0] }))
    .filter((h) => h.start.startsWith(String(year)))
    .sort((a, b) => a.start.localeCompare(b.start));
}

/** Whether the official calendar of the country is known. */
export function knownCountry(country: string): boolean {
  return isChina(country) || new Holidays().getCountries()[country.toUpperCase()] !== undefined;
}
