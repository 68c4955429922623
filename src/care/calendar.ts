import { Lunar, LunarMonth, LunarYear, Solar } from 'lunar-typescript';
import { daysFromCivil, formatDay } from '../analytics/civil-days.js';

/**
 * The calendars care rules fire on, as pure functions of a day (`YYYY-MM-DD`, the workspace's local
 * day): birthdays on the solar or the lunar calendar and Chinese festivals, from lunar-typescript's
 * lunar calendar; nothing here is a hand-written table of dates. Public holidays are the calendars
 * domain's (src/calendars/holidays.ts).
 */

const parse = (day: string) => ({
  year: Number(day.slice(0, 4)),
  month: Number(day.slice(5, 7)),
  day: Number(day.slice(8, 10)),
});

export const dayNumber = (day: string) => {
  const d = parse(day);
  return daysFromCivil(d.year, d.month, d.day);
};

/** The day `n` days after `day` (before, for a negative n). */
export const addDays = (day: string, n: number) => formatDay(dayNumber(day) + n);

const isLeapYear = (year: number) => (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;

/**
 * The day of a solar birthday in `year`. Someone born on 29 February celebrates on 28 February in a
 * common year: still in their birth month, and the custom most calendars and registries follow.
 */
export function solarBirthdayIn(birthday: string, year: number): string {
  const b = parse(birthday);
  const day = b.month === 2 && b.day === 29 && !isLeapYear(year) ? 28 : b.day;
  return `${year}-${String(b.month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** The lunar date of a solar day: month 1–12, negative for a leap month (闰月), as lunar-typescript has it. */
export function lunarDateOf(day: string): { year: number; month: number; day: number } {
  const d = parse(day);
  const lunar = Solar.fromYmd(d.year, d.month, d.day).getLunar();
  return { year: lunar.getYear(), month: lunar.getMonth(), day: lunar.getDay() };
}

/**
 * The solar day on which a lunar date (month negative for a leap month) falls in lunar year `year`.
 * A leap month that year lacks is celebrated in the ordinary month of that number (a leap month comes
 * after it and shares its name); the 30th of a month that has 29 days that year becomes its 29th, the
 * month's last day, rather than spilling into the next month.
 */
export function solarOfLunar(year: number, month: number, day: number): string {
  const leapOfYear = LunarYear.fromYear(year).getLeapMonth();
  const m = month < 0 && leapOfYear !== -month ? -month : month;
  const days = LunarMonth.fromYm(year, m)?.getDayCount() ?? 29;
  return Lunar.fromYmd(year, m, Math.min(day, days)).getSolar().toYmd();
}

/**
 * The lunar birthday (农历生日) of someone born on solar day `birthday`, as celebrated around `day`:
 * the solar day of their lunar birth date in the lunar year that `day` belongs to.
 */
export function lunarBirthdayAround(birthday: string, day: string): string {
  const born = lunarDateOf(birthday);
  return solarOfLunar(lunarDateOf(day).year, born.month, born.day);
}

/** Chinese festivals of the lunar calendar (and Qingming, a solar term), by a stable key. */
export const FESTIVALS = {
  'spring-festival': { 'zh-CN': '春节', en: 'Spring Festival', month: 1, day: 1 },
  lantern: { 'zh-CN': '元宵节', en: 'Lantern Festival', month: 1, day: 15 },
  'dragon-boat': { 'zh-CN': '端午节', en: 'Dragon Boat Festival', month: 5, day: 5 },
  qixi: { 'zh-CN': '七夕', en: 'Qixi Festival', month: 7, day: 7 },
  'mid-autumn': { 'zh-CN': '中秋节', en: 'Mid-Autumn Festival', month: 8, day: 15 },
  'double-ninth': { 'zh-CN': '重阳节', en: 'Double Ninth Festival', month: 9, day: 9 },
  laba: { 'zh-CN': '腊八节', en: 'Laba Festival', month: 12, day: 8 },
  // The last day of the twelfth month, the 29th in a year whose twelfth month is short.
  'new-years-eve': { 'zh-CN': '除夕', en: "Chinese New Year's Eve", month: 12, day: 30 },
  qingming: { 'zh-CN': '清明节', en: 'Qingming Festival', month: 0, day: 0 },
} as const;
export type Festival = keyof typeof FESTIVALS;
export const festivalKeys = Object.keys(FESTIVALS) as [Festival, ...Festival[]];

/** The solar day of a festival in the lunar year that `day` belongs to (Qingming: in `day`'s solar year). */
export function festivalAround(festival: Festival, day: string): string {
  if (festival === 'qingming') {
    const solar = Solar.fromYmd(parse(day).year, 6, 1).getLunar().getJieQiTable()['清明'];
    return solar.toYmd();
  }
  const f = FESTIVALS[festival];
  return solarOfLunar(lunarDateOf(day).year, f.month, f.day);
}
