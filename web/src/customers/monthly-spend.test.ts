import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { monthlySpend, toCents } from './monthly-spend';

describe('toCents', () => {
  test('reads decimal strings exactly, with one, two or no decimals and refunds', () => {
    assert.equal(toCents('1234.50'), 123450);
    assert.equal(toCents('0.1'), 10);
    assert.equal(toCents('7'), 700);
    assert.equal(toCents('-12.05'), -1205);
  });

  test('refuses what is not an amount rather than charting NaN', () => {
    assert.throws(() => toCents('12.345'));
    assert.throws(() => toCents('abc'));
  });
});

describe('monthlySpend', () => {
  test('sums per month without float error and fills empty months with zero', () => {
    const months = monthlySpend(
      [
        { occurredAt: '2024-01-10T02:00:00Z', amount: '0.10' },
        { occurredAt: '2024-01-20T02:00:00Z', amount: '0.20' },
        { occurredAt: '2024-03-05T02:00:00Z', amount: '5.00' },
        { occurredAt: '2024-03-06T02:00:00Z', amount: '-1.50' },
      ],
      'UTC',
    );
    assert.deepEqual(months, [
      { month: '2024-01', cents: 30 },
      { month: '2024-02', cents: 0 },
      { month: '2024-03', cents: 350 },
    ]);
  });

  test('months are those of the workspace time zone: 23:30 UTC on 31 Jan is February in Shanghai', () => {
    const tx = [{ occurredAt: '2024-01-31T23:30:00Z', amount: '10.00' }];
    assert.deepEqual(monthlySpend(tx, 'Asia/Shanghai'), [{ month: '2024-02', cents: 1000 }]);
    assert.deepEqual(monthlySpend(tx, 'UTC'), [{ month: '2024-01', cents: 1000 }]);
  });

  test('a year boundary continues into January of the next year', () => {
    const months = monthlySpend(
      [
        { occurredAt: '2024-11-15T00:00:00Z', amount: '1' },
        { occurredAt: '2025-01-15T00:00:00Z', amount: '2' },
      ],
      'UTC',
    ).map((m) => m.month);
    assert.deepEqual(months, ['2024-11', '2024-12', '2025-01']);
  });

  test('no transactions, no months', () => {
    assert.deepEqual(monthlySpend([], 'UTC'), []);
  });
});
