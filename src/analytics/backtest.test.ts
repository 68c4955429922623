import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { backtest } from './backtest.js';
import { cdnowPath, loadCdnowTransactions } from './cdnow-sample.fixture.js';
import { daysFromCivil } from './civil-days.js';
import type { TransactionColumns } from './summaries.js';

const rows = readFileSync(cdnowPath('CDNOW_sample.txt'), 'utf8')
  .trim()
  .split(/\r?\n/)
  .map((line) => line.trim().split(/\s+/));

const tx: TransactionColumns = loadCdnowTransactions('sample');

/** Distinct (customer, day) pairs in a date range, straight from the text of the file. */
function purchaseDays(from: string, to: string): number {
  return new Set(rows.filter((r) => r[2] >= from && r[2] <= to).map((r) => `${r[1]} ${r[2]}`)).size;
}

const result = backtest(tx, { calibrationEnd: daysFromCivil(1997, 9, 30) });

test('CDNOW: the calibration fit is the published BG/NBD (FHL 2005: r .243, α 4.414, a .793, b 2.426)', () => {
  const { r, alpha, a, b } = result.fit.params;
  assert.deepEqual(
    [r, alpha, a, b].map((v) => v.toFixed(3)),
    ['0.243', '4.414', '0.793', '2.426'],
  );
  assert.equal(result.customers, 2357);
  assert.equal(result.holdoutDuration, 39);
});

test('CDNOW: actual holdout purchases are the distinct purchase days of Oct 1997 – Jun 1998', () => {
  assert.equal(result.actualTotal, purchaseDays('19971001', '19980630'));
  assert.equal(result.actualTotal, 1882);
});

test('CDNOW: the tracking series counts repeat days, 2457 by week 39 and all of them by week 78', () => {
  const { actual, model, weekEnd } = result.tracking;
  assert.equal(actual.length, 78);
  assert.equal(weekEnd[38], daysFromCivil(1997, 9, 30));
  // Repeat days = all purchase days minus each customer's first.
  assert.equal(actual[38], purchaseDays('19970101', '19970930') - 2357);
  assert.equal(actual[38], 2457);
  assert.equal(actual[77], actual[38] + result.actualTotal);
  // The model tracks the calibration weeks it was fitted on closely.
  assert.ok(Math.abs(model[38] - actual[38]) / actual[38] < 0.03);
});

test('CDNOW: predictions are informative and churn risk ranks lapsed customers better than P(alive)', () => {
  assert.ok(result.correlation > 0.6);
  assert.ok(result.mae < 0.8);
  assert.ok(Math.abs(result.predictedTotal - result.actualTotal) / result.actualTotal < 0.15);
  assert.ok(result.churnAuc > 0.7);
  assert.ok(result.churnAuc > result.pAliveAuc);
});
