import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import fc from 'fast-check';
import { daysFromCivil } from './civil-days.js';
import { customerSummaries, lastDay, periodIndex, type TransactionColumns } from './summaries.js';

const CDNOW = new URL('../../test/fixtures/cdnow/', import.meta.url);

/** CDNOW_sample.txt: master id, sample id (1…2357), YYYYMMDD, CDs, dollars. */
function cdnowSample(): TransactionColumns {
  const lines = readFileSync(new URL('CDNOW_sample.txt', CDNOW), 'utf8').trim().split(/\r?\n/);
  const customer = new Int32Array(lines.length);
  const time = new Float64Array(lines.length);
  const amount = new Float64Array(lines.length);
  lines.forEach((line, i) => {
    const [, id, date, , dollars] = line.trim().split(/\s+/);
    customer[i] = Number(id) - 1;
    time[i] = daysFromCivil(Number(date.slice(0, 4)), Number(date.slice(4, 6)), Number(date.slice(6, 8)));
    amount[i] = Number(dollars);
  });
  return { customer, time, amount, customers: 2357 };
}

/**
 * The published file rounds half up on the decimal value: 22.345 prints as 22.35, although the
 * double nearest to (29.73 + 14.96) / 2 lies just below it and toFixed would print 22.34.
 */
const decimal2 = (x: number) => (Math.round(x * 100 + 1e-6) / 100).toFixed(2);

const tx = (rows: [number, number, number][], customers = 1): TransactionColumns => ({
  customer: Int32Array.from(rows, (r) => r[0]),
  time: Float64Array.from(rows, (r) => r[1]),
  amount: Float64Array.from(rows, (r) => r[2]),
  customers,
});

test('reproduces the published CDNOW calibration summary (x, t_x, T, zbar) to its two decimals', () => {
  const summary = customerSummaries(cdnowSample(), {
    asOf: daysFromCivil(1997, 9, 30),
    period: 'day',
    unit: 'week',
  });
  const expected = readFileSync(new URL('cdnow_customers_summary_with_transactions.csv', CDNOW), 'utf8')
    .trim()
    .split(/\r?\n/)
    .slice(1);
  assert.equal(summary.customer.length, expected.length);
  const ours = Array.from(summary.customer, (c, r) =>
    [
      c + 1,
      summary.frequency[r],
      decimal2(summary.recency[r]),
      decimal2(summary.T[r]),
      decimal2(summary.monetaryValue[r]),
    ].join(','),
  );
  assert.deepEqual(ours, expected);
});

test('epoch milliseconds give the same summary as day numbers, times of day ignored', () => {
  const days = cdnowSample();
  const ms = {
    ...days,
    time: days.time.map((d, i) => d * 86400000 + (i % 7) * 3600000),
    timeUnit: 'epoch-ms' as const,
  };
  const options = {
    asOf: daysFromCivil(1997, 9, 30),
    unit: 'week' as const,
    holdoutEnd: daysFromCivil(1998, 6, 30),
  };
  assert.deepEqual(customerSummaries(ms, options), customerSummaries(days, options));
  assert.equal(lastDay(ms), daysFromCivil(1998, 6, 30));
});

test('CDNOW holdout: customer 1 bought once more (26.48) in the 39 holdout weeks', () => {
  const summary = customerSummaries(cdnowSample(), {
    asOf: daysFromCivil(1997, 9, 30),
    holdoutEnd: daysFromCivil(1998, 6, 30),
    unit: 'week',
  });
  assert.equal(summary.holdoutDuration, 39);
  assert.equal(summary.holdoutFrequency[0], 1);
  assert.equal(summary.holdoutSpend[0], 26.48);
  assert.equal(summary.frequency[0], 2);
});

test('same-day purchases merge: counted once, amounts summed, first purchase excluded from the mean', () => {
  const s = customerSummaries(
    tx([
      [0, 10, 5],
      [0, 10.5, 7],
      [0, 12, 10],
      [0, 12, 20],
      [0, 20, 6],
    ]),
    { asOf: 30 },
  );
  assert.equal(s.frequency[0], 2);
  assert.equal(s.recency[0], 10);
  assert.equal(s.T[0], 20);
  assert.equal(s.monetaryValue[0], 18);
  assert.equal(s.total[0], 48);
  assert.equal(s.transactions[0], 5);
  assert.equal(s.medianInterval[0], 5);
});

test('returns are netted into their day and a day of returns alone is no purchase', () => {
  const s = customerSummaries(
    tx([
      [0, 1, 50],
      [0, 3, 30],
      [0, 3, -10],
      [0, 5, -50],
    ]),
    { asOf: 9 },
  );
  assert.equal(s.frequency[0], 1);
  assert.equal(s.monetaryValue[0], 20);
  assert.equal(s.total[0], 20);
  assert.equal(s.negativeAmounts, 2);
});

test('unsorted input and customers without purchases by as-of', () => {
  const s = customerSummaries(
    tx(
      [
        [1, 40, 9],
        [0, 8, 1],
        [0, 2, 1],
      ],
      3,
    ),
    { asOf: 10 },
  );
  assert.deepEqual(Array.from(s.customer), [0]);
  assert.equal(s.first[0], 2);
  assert.equal(s.last[0], 8);
});

test('weekly and monthly periods merge by calendar period and count in whole periods', () => {
  const monday = daysFromCivil(2024, 1, 1);
  assert.equal(periodIndex(monday, 'week'), periodIndex(monday + 6, 'week'));
  assert.notEqual(periodIndex(monday, 'week'), periodIndex(monday - 1, 'week'));
  const rows = tx([
    [0, daysFromCivil(2024, 1, 31), 10],
    [0, daysFromCivil(2024, 2, 1), 10],
    [0, daysFromCivil(2024, 2, 29), 10],
  ]);
  const s = customerSummaries(rows, { asOf: daysFromCivil(2024, 5, 1), period: 'month' });
  assert.equal(s.frequency[0], 1);
  assert.equal(s.monetaryValue[0], 20);
  assert.equal(s.T[0], 4);
  assert.throws(() => customerSummaries(rows, { asOf: 0, period: 'week', unit: 'day' }), RangeError);
});

test('spend trend: the last window against the earlier pace per window, net of returns', () => {
  const s = customerSummaries(
    tx(
      [
        [0, 60, 7],
        [0, 85, 10],
        [0, 95, 20],
        [0, 99, -5],
        [0, 100, 99],
        [1, 95, 4],
      ],
      2,
    ),
    { asOf: 99, trendDays: 10 },
  );
  // Customer 0 spent 17 in the 30 days before the window (from day 60): 17 / 3 per window.
  assert.deepEqual([s.recentSpend[0], s.previousSpend[0]], [15, 17 / 3]);
  assert.deepEqual([s.recentSpend[1], s.previousSpend[1]], [4, 0]);
});

test('the median interval of many purchase days is the middle of the sorted gaps', () => {
  fc.assert(
    fc.property(
      fc.array(fc.integer({ min: 0, max: 20000 }), { minLength: 1, maxLength: 200, size: 'max' }),
      (days) => {
        const s = customerSummaries(tx(days.map((d) => [0, d, 1])), { asOf: 20000 });
        const distinct = [...new Set(days)].sort((a, b) => a - b);
        const gaps = distinct
          .slice(1)
          .map((d, i) => d - distinct[i])
          .sort((a, b) => a - b);
        const mid = gaps.length >> 1;
        const expected =
          gaps.length === 0 ? Number.NaN : gaps.length % 2 ? gaps[mid] : (gaps[mid - 1] + gaps[mid]) / 2;
        assert.equal(s.medianInterval[0], expected);
      },
    ),
    { numRuns: 500 },
  );
});

test('firstAmount is the net amount of the first purchase day: 10 + 5 − 3 on day 1, not the 20 of day 9', () => {
  const summary = customerSummaries(
    tx([
      [0, 1, 10],
      [0, 1, 5],
      [0, 1, -3],
      [0, 9, 20],
    ]),
    { asOf: 10 },
  );
  assert.deepEqual(Array.from(summary.firstAmount), [12]);
});
