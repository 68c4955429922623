import assert from 'node:assert/strict';
import { test } from 'node:test';
import { churnReasonTotals } from './churn-reason-totals';

const row = (
  category: 'company' | 'competitor' | 'customer',
  month: string,
  customers: number,
  revenue: string,
) => ({
  category,
  stage: null,
  ownerId: null,
  month,
  customers,
  revenue,
});

test('totals per category over stages and owners, and the newest months first', () => {
  const totals = churnReasonTotals(
    [
      row('competitor', '2026-03', 2, '1200.50'),
      row('competitor', '2026-03', 1, '99.50'),
      row('company', '2026-01', 1, '10.00'),
      row('customer', '2026-02', 4, '0.00'),
    ],
    2,
  );
  assert.deepEqual(totals.categories, [
    { category: 'company', customers: 1, revenue: 10 },
    { category: 'competitor', customers: 3, revenue: 1300 },
    { category: 'customer', customers: 4, revenue: 0 },
  ]);
  assert.deepEqual(totals.months, [
    { month: '2026-03', company: 0, competitor: 3, customer: 0 },
    { month: '2026-02', company: 0, competitor: 0, customer: 4 },
  ]);
});
