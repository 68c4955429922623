/** A customer's day to remember within the coming days: a birthday, or the anniversary of their first purchase. */
export interface Occasion {
  customerId: string;
  name: string;
  kind: 'birthday' | 'anniversary';
  /** The day it falls on, `YYYY-MM-DD`. */
  on: string;
  /** Years since the birth or the first purchase, on that day. */
  years: number;
}

export interface OccasionSource {
  id: string;
  name: string;
  /** `YYYY-MM-DD`, or null. */
  birthday: string | null;
  /** The day of the first purchase in the workspace's time zone, or null. */
  firstPurchaseOn: string | null;
}

const isLeap = (year: number) => (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;

/** The day `date` comes round in `year`; 29 February is kept on the 28th in other years. */
function inYear(date: string, year: number): string {
  const monthDay = date.slice(5);
  return `${year}-${monthDay === '02-29' && !isLeap(year) ? '02-28' : monthDay}`;
}

const addDays = (day: string, n: number) =>
  new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

/**
 * Birthdays and purchase anniversaries from `today` through the next `days - 1` days, soonest first.
 * A first purchase on the day itself is no anniversary yet (0 years).
 */
export function upcomingOccasions(
  customers: readonly OccasionSource[],
  today: string,
  days: number,
): Occasion[] {
  const last = addDays(today, days - 1);
  const out: Occasion[] = [];
  const consider = (c: OccasionSource, kind: Occasion['kind'], from: string | null) => {
    if (!from) return;
    const year = Number(today.slice(0, 4));
    // The window may cross New Year: look at this year's day and next year's.
    for (const y of [year, year + 1]) {
      const on = inYear(from, y);
      const years = y - Number(from.slice(0, 4));
      if (on >= today && on <= last && years > 0)
        out.push({ customerId: c.id, name: c.name, kind, on, years });
    }
  };
  for (const c of customers) {
    consider(c, 'birthday', c.birthday);
    consider(c, 'anniversary', c.firstPurchaseOn);
  }
  return out.sort((a, b) => a.on.localeCompare(b.on) || a.name.localeCompare(b.name));
}
