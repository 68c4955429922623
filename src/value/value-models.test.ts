import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { cdnowPath } from '../analytics/cdnow-sample.fixture.js';
import { daysFromCivil, formatDay } from '../analytics/civil-days.js';
import { customerSummaries, type TransactionColumns } from '../analytics/summaries.js';
import { fitValueModels } from './value-models.js';

const SAMPLE = cdnowPath('CDNOW_sample.txt');
const rows = readFileSync(SAMPLE, 'utf8')
  .trim()
  .split(/\r?\n/)
  .map((line) => line.trim().split(/\s+/));
const tx: TransactionColumns = {
  customer: Int32Array.from(rows, (r) => Number(r[1]) - 1),
  time: Float64Array.from(rows, (r) => daysFromCivil(+r[2].slice(0, 4), +r[2].slice(4, 6), +r[2].slice(6))),
  amount: Float64Array.from(rows, (r) => Number(r[4])),
  customers: 2357,
};
const asOf = daysFromCivil(1998, 6, 30);
const models = fitValueModels(tx, customerSummaries(tx, { asOf, period: 'day', unit: 'day' }), asOf);
const backtest = models.backtest!;
const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

test('the tracking series runs week by week to the holdout end, cumulative on both sides', () => {
  const weeks = backtest.tracking;
  assert.equal(formatDay(weeks[0].weekEnd), '1997-01-07');
  assert.equal(weeks.at(-1)?.weekEnd, asOf);
  for (let w = 1; w < weeks.length; w++) {
    assert.ok(weeks[w].weekEnd - weeks[w - 1].weekEnd <= 7);
    assert.ok(weeks[w].actual >= weeks[w - 1].actual && weeks[w].model >= weeks[w - 1].model);
  }
});

test('holdout purchases by calibration frequency: every customer once, means adding up to the totals', () => {
  const groups = backtest.byFrequency;
  assert.equal(sum(groups.map((g) => g.customers)), backtest.customers);
  assert.ok(Math.abs(sum(groups.map((g) => g.actual * g.customers)) - backtest.actualTotal) < 1e-6);
  assert.ok(Math.abs(sum(groups.map((g) => g.predicted * g.customers)) - backtest.predictedTotal!) < 1e-6);
  const frequencies = groups.map((g) => g.frequency);
  assert.deepEqual(
    frequencies,
    [...new Set(frequencies)].sort((a, b) => a - b),
  );
  assert.equal(frequencies[0], 0);
  // Customers who bought more often in calibration buy more in the holdout, on average and as predicted.
  assert.ok(groups[1].actual > groups[0].actual && groups[1].predicted > groups[0].predicted);
});

test('a refit keeps a backtest less than a week old and redoes an older one', () => {
  const summary = customerSummaries(tx, { asOf, period: 'day', unit: 'day' });
  for (const [storedEnd, kept] of [
    [asOf, true],
    [asOf - 6, true],
    [asOf - 7, false],
    [asOf + 1, false],
  ] as const) {
    const refit = fitValueModels(tx, summary, asOf, storedEnd);
    assert.equal(refit.backtest === undefined, kept, `stored backtest ending ${formatDay(storedEnd)}`);
    assert.deepEqual(refit.bgnbd, models.bgnbd);
  }
  assert.equal(fitValueModels(tx, summary, asOf, asOf - 7).backtest?.holdoutEnd, asOf);
});
