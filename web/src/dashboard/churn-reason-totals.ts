import type { ChurnReasons } from '../api/types';

export const CHURN_CATEGORIES = ['company', 'competitor', 'customer'] as const;
export type ChurnCategory = (typeof CHURN_CATEGORIES)[number];

export interface ChurnReasonTotals {
  categories: { category: ChurnCategory; customers: number; revenue: number }[];
  /** The newest months first, each with its customers per category. */
  months: ({ month: string } & Record<ChurnCategory, number>)[];
}

/**
 * GET /analytics/churn-reasons groups by category, stage, owner and month; the dashboard shows the
 * totals per category and the last `monthsShown` months.
 */
export function churnReasonTotals(rows: ChurnReasons['data'], monthsShown = 6): ChurnReasonTotals {
  const categories = CHURN_CATEGORIES.map((category) => ({ category, customers: 0, revenue: 0 }));
  const months = new Map<string, Record<ChurnCategory, number>>();
  for (const row of rows) {
    const total = categories.find((c) => c.category === row.category);
    if (!total) continue;
    total.customers += row.customers;
    total.revenue += Number(row.revenue);
    const month = months.get(row.month) ?? { company: 0, competitor: 0, customer: 0 };
    month[row.category] += row.customers;
    months.set(row.month, month);
  }
  return {
    categories,
    months: [...months]
      .sort(([a], [b]) => b.localeCompare(a))
      .slice(0, monthsShown)
      .map(([month, counts]) => ({ month, ...counts })),
  };
}
