import Holidays from 'date-holidays';
import { HolidayUtil } from 'lunar-typescript';

/**
 * What a civil day is in a country's official calendar: `off` a public holiday, `work` a make-up working
 * day on a weekend (China's 调休), `null` an ordinary day that follows the weekly pattern.
 */
export type DayKind = 'off' | 'work' | null;

export type DayKindOf = (day: string) => DayKind;

const publicDays = new Map<string, Set<string>>();

/** Public holidays of `country` in `year` as YYYY-MM-DD, from date-holidays' maintained rules. */
function publicHolidays(country: string, year: number): Set<string> {
  const key = `${country}:${year}`;
  let days = publicDays.get(key);
  if (!days) {
    const calendar = new Holidays(country);
    const list = calendar.getHolidays(year) || [];
    days = new Set(list.filter((h) => h.type === 'public').map((h) => h.date.slice(0, 10)));
    publicDays.set(key, days);
  }
  return days;
}

/**
 * The day kinds of a country (ISO 3166 alpha-2). China reads the State Council's yearly calendar, make-up
 * working days included, through lunar-typescript's table; every other country reads date-holidays, which
 * has no make-up days. An unknown country has no holidays.
 *
 * @example
 * dayKinds('CN')('2026-02-14') // 'work': the Saturday worked for the Spring Festival
 * dayKinds('CN')('2026-02-17') // 'off'
 */
export function dayKinds(country: string): DayKindOf {
  if (country === 'CN')
    return (day) => {
      const holiday = HolidayUtil.getHoliday(day);
      if (!holiday) return null;
      return holiday.isWork() ? 'work' : 'off';
    };
  return (day) => (publicHolidays(country, Number(day.slice(0, 4))).has(day) ? 'off' : null);
}
