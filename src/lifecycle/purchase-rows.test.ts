import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createRandom } from '../analytics/random.js';
import type { WorkspaceTransactions } from '../value/transaction-columns.js';
import { purchaseMetrics } from './purchase-metrics.js';
import { purchaseRowsOf } from './purchase-rows.js';

/** Customers with 0 to 80 sales (long runs take the other sort), some on the same day, some refunds. */
function columns(seed: number): WorkspaceTransactions {
  const random = createRandom(seed);
  const customer: number[] = [];
  const day: number[] = [];
  const amount: number[] = [];
  const line: number[] = [];
  for (let c = 0; c < 40; c++) {
    const count = c % 10 === 0 ? 80 : Math.floor(random.uniform() * 8);
    for (let i = 0; i < count; i++) {
      customer.push(c);
      day.push(20_000 + Math.floor(random.uniform() * 300));
      amount.push(Math.round((random.uniform() * 200 - 20) * 100) / 100);
      line.push(Math.floor(random.uniform() * 3));
    }
  }
  // Rows in no order, as the database answers them.
  const order = customer.map((_, i) => i).sort(() => random.uniform() - 0.5);
  return {
    customerIds: Array.from({ length: 41 }, (_, c) => `c${c}`),
    lineIds: ['l1', 'l2'],
    customer: Int32Array.from(order, (i) => customer[i]),
    day: Float64Array.from(order, (i) => day[i]),
    amount: Float64Array.from(order, (i) => amount[i]),
    line: Int32Array.from(order, (i) => line[i]),
  };
}

test('purchase rows agree with the reference for customers and their lines, at several as-of days', () => {
  const t = columns(3);
  for (const asOf of [20_050, 20_150, 20_400]) {
    const rows = purchaseRowsOf(t, asOf, 90);
    const expectedKeys = new Set<string>();
    for (let i = 0; i < t.customer.length; i++) {
      expectedKeys.add(`c${t.customer[i]} null`);
      if (t.line[i] > 0) expectedKeys.add(`c${t.customer[i]} l${t.line[i]}`);
    }
    assert.deepEqual(new Set(rows.map((r) => `${r.customerId} ${r.businessLineId}`)), expectedKeys);
    for (const row of rows) {
      const own = [...t.customer.keys()]
        .filter((i) => `c${t.customer[i]}` === row.customerId)
        .filter((i) => row.businessLineId === null || `l${t.line[i]}` === row.businessLineId)
        .map((i) => ({ day: t.day[i], amount: t.amount[i] }));
      const expected = purchaseMetrics(own, asOf);
      const label = `${row.customerId} ${row.businessLineId} at ${asOf}`;
      assert.equal(row.n, expected.n, label);
      assert.equal(row.first, expected.first, label);
      assert.equal(row.last, expected.last, label);
      assert.equal(row.rhythm, expected.n >= 2 ? (expected.rhythm ?? medianStep(own, asOf)) : null, label);
      assert.equal(row.rev, Math.round(expected.rev90 * 100) / 100, label);
      assert.equal(row.prev, Math.round(expected.prev90 * 100) / 100, label);
      const later = own.filter((p) => p.day > asOf).map((p) => p.day);
      assert.equal(row.nextPurchase, later.length ? Math.min(...later) : null, label);
    }
  }
});

/** The reference states no rhythm under three purchase days; the rows carry the median step from two. */
function medianStep(purchases: { day: number }[], asOf: number): number {
  const days = [...new Set(purchases.filter((p) => p.day <= asOf).map((p) => p.day))].sort((a, b) => a - b);
  return days[1] - days[0];
}
