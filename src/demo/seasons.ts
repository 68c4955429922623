import { civilFromDays, daysFromCivil } from '../analytics/civil-days.js';

/**
 * Chinese New Year (Spring Festival) by Gregorian year. The lunar calendar has no closed form worth
 * carrying here; outside the table the festival is placed on 1 February, its average date.
 */
const SPRING_FESTIVAL: Record<number, [number, number]> = {
  2018: [2, 16],
  2019: [2, 5],
  2020: [1, 25],
  2021: [2, 12],
  2022: [2, 1],
  2023: [1, 22],
  2024: [2, 10],
  2025: [1, 29],
  2026: [2, 17],
  2027: [2, 6],
  2028: [1, 26],
  2029: [2, 13],
  2030: [2, 3],
  2031: [1, 23],
  2032: [2, 11],
  2033: [1, 31],
  2034: [2, 19],
  2035: [2, 8],
};

export function chineseNewYear(year: number): number {
  const [month, day] = SPRING_FESTIVAL[year] ?? [2, 1];
  return daysFromCivil(year, month, day);
}

/** A stretch of days in which shoppers buy more (weight > 1) or less (weight < 1) than usual. */
export interface SeasonWindow {
  name: string;
  start: number;
  end: number;
  weight: number;
}

// Sampling asks for a day's weight hundreds of thousands of times: build each year's windows once.
const byYear = new Map<number, readonly SeasonWindow[]>();

function windowsOfYear(year: number): readonly SeasonWindow[] {
  let windows = byYear.get(year);
  if (!windows) {
    windows = buildWindows(year);
    byYear.set(year, windows);
  }
  return windows;
}

function buildWindows(year: number): SeasonWindow[] {
  const cny = chineseNewYear(year);
  return [
    // 年货节: households stock up in the three weeks before the festival, then shops close for a week.
    { name: 'spring-festival', start: cny - 21, end: cny - 3, weight: 2.5 },
    { name: 'spring-holiday', start: cny, end: cny + 6, weight: 0.3 },
    { name: '618', start: daysFromCivil(year, 6, 1), end: daysFromCivil(year, 6, 18), weight: 3 },
    { name: 'double-11', start: daysFromCivil(year, 10, 31), end: daysFromCivil(year, 11, 11), weight: 4 },
    { name: 'december', start: daysFromCivil(year, 12, 12), end: daysFromCivil(year, 12, 31), weight: 1.8 },
  ];
}

/** Every window overlapping [from, to], in date order. */
export function seasonWindows(from: number, to: number): SeasonWindow[] {
  const first = civilFromDays(from).year;
  const last = civilFromDays(to).year;
  const out: SeasonWindow[] = [];
  for (let year = first; year <= last; year++) {
    for (const w of windowsOfYear(year)) if (w.end >= from && w.start <= to) out.push(w);
  }
  return out.sort((a, b) => a.start - b.start);
}

const FINALE_BOOST = 1.8;
/** The largest value {@link seasonalWeight} returns: Double 11 day itself. */
export const MAX_SEASON_WEIGHT = 4 * FINALE_BOOST;

/** How much more likely a purchase is on `day` than on an ordinary day. */
export function seasonalWeight(day: number): number {
  for (const w of windowsOfYear(civilFromDays(day).year)) {
    if (day >= w.start && day <= w.end) {
      // Sales peak on the last day of 618 and on 11 November itself.
      const finale = (w.name === '618' || w.name === 'double-11') && day === w.end;
      return finale ? w.weight * FINALE_BOOST : w.weight;
    }
  }
  return 1;
}
