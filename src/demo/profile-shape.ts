import type { DemoProfile, DemoTransaction } from './demo-data.js';

const HALF_YEAR = 182;

/** The Shanghai calendar day of an ISO instant (the workspace's time zone, UTC+8 all year). */
export const shanghaiDay = (iso: string) => Math.floor((Date.parse(iso) + 8 * 3_600_000) / 86_400_000);

function window(rows: readonly DemoTransaction[], from: number, to: number) {
  const days = new Set<number>();
  let cents = 0;
  for (const t of rows) {
    const day = shanghaiDay(t.occurredAt);
    if (day < from || day >= to) continue;
    days.add(day);
    cents += Math.round(Number(t.amount) * 100);
  }
  return { purchaseDays: days.size, cents };
}

/**
 * Whether a customer's orders show the trend their profile promises, comparing the last half-year
 * with the one before. Random prices can blur a trend (one expensive appliance outweighs months of
 * small orders), so the generator redraws a customer whose orders fail this.
 */
export function showsProfileTrend(
  profile: DemoProfile,
  rows: readonly DemoTransaction[],
  today: number,
): boolean {
  if (profile !== 'growing' && profile !== 'declining') return true;
  const recent = window(rows, today - HALF_YEAR, today);
  const before = window(rows, today - 2 * HALF_YEAR, today - HALF_YEAR);
  if (profile === 'growing') return recent.purchaseDays > before.purchaseDays && recent.cents > before.cents;
  return (
    recent.purchaseDays >= 1 && recent.purchaseDays < before.purchaseDays && recent.cents < 0.6 * before.cents
  );
}
