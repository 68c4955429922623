/** One purchase: its day number and net amount. */
export interface Purchase {
  day: number;
  amount: number;
}

export interface PurchaseMetrics {
  n: number;
  gap: number | null;
  rhythm: number | null;
  tenure: number | null;
  rev90: number;
  prev90: number;
  first: number | null;
  last: number | null;
}

/**
 * The purchase metrics of the rules from one customer's purchases, at day `asOf`: the reference for
 * the columnar computation of a refresh (purchaseRowsOf, which must agree with it) and a direct way
 * to state a history in tests. Purchases after asOf are ignored; several on one day count as one purchase day.
 */
export function purchaseMetrics(purchases: Purchase[], asOf: number, windowDays = 90): PurchaseMetrics {
  const byDay = new Map<number, number>();
  for (const p of purchases) if (p.day <= asOf) byDay.set(p.day, (byDay.get(p.day) ?? 0) + p.amount);
  const days = [...byDay.keys()].sort((a, b) => a - b);
  let rev90 = 0;
  let prev90 = 0;
  for (const [day, amount] of byDay) {
    if (day > asOf - windowDays) rev90 += amount;
    else if (day > asOf - 2 * windowDays) prev90 += amount;
  }
  const first = days[0] ?? null;
  const last = days.at(-1) ?? null;
  return {
    n: days.length,
    gap: last === null ? null : asOf - last,
    rhythm: days.length >= 3 ? median(days.slice(1).map((d, i) => d - days[i])) : null,
    tenure: first === null ? null : asOf - first,
    rev90,
    prev90,
    first,
    last,
  };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}
