/** Cents of a decimal string such as "-12.5" or "1234.50", exactly: no amount passes through a float sum. */
export function toCents(amount: string): number {
  const match = /^(-?)(\d+)(?:\.(\d{1,2}))?$/.exec(amount.trim());
  if (!match) throw new Error(`not a money amount: ${amount}`);
  const cents = Number(match[2]) * 100 + Number((match[3] ?? '').padEnd(2, '0'));
  return match[1] ? -cents : cents;
}

export interface MonthTotal {
  /** YYYY-MM in the given time zone. */
  month: string;
  cents: number;
}

const monthOf = (iso: string, timeZone: string) =>
  new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit' }).format(new Date(iso));

function nextMonth(month: string): string {
  const [year, m] = month.split('-').map(Number);
  return m === 12 ? `${year + 1}-01` : `${year}-${String(m + 1).padStart(2, '0')}`;
}

/**
 * Net spend per calendar month of the workspace's time zone, from the first month with a purchase to the
 * last, months without one included as zero so the chart's time axis does not skip them.
 */
export function monthlySpend(
  transactions: { occurredAt: string; amount: string }[],
  timeZone: string,
): MonthTotal[] {
  if (transactions.length === 0) return [];
  const totals = new Map<string, number>();
  for (const tx of transactions) {
    const month = monthOf(tx.occurredAt, timeZone);
    totals.set(month, (totals.get(month) ?? 0) + toCents(tx.amount));
  }
  const months = [...totals.keys()].sort();
  const out: MonthTotal[] = [];
  for (let month = months[0]; month <= months[months.length - 1]; month = nextMonth(month)) {
    out.push({ month, cents: totals.get(month) ?? 0 });
  }
  return out;
}
