import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { loadCdnowTransactions } from './cdnow-sample.fixture.js';
import { churnForecast, forecastDays } from './churn-forecast.js';
import { daysFromCivil, formatDay } from './civil-days.js';

describe('churnForecast on the CDNOW sample at 1997-09-30, N = 90 days', () => {
  const tx = loadCdnowTransactions('sample');
  const forecast = churnForecast(tx, { asOf: daysFromCivil(1997, 9, 30) });

  test('learns on features at 1997-07-02 (c − 90 days) and no purchase in the 90 days after', () => {
    assert.equal(forecast.trainingDays, 90);
    assert.equal(formatDay(forecast.trainingCutoff), '1997-07-02');
    assert.equal(forecast.churnModel.trainingRows, 2357);
    assert.equal(forecast.churnModel.trainingRate.toFixed(4), '0.8265');
  });

  test('chooses MBG/NBD on the training split and refits it on everything up to c: the published sample fit', () => {
    assert.equal(forecast.comparison.chosen, 'mbgnbd');
    assert.equal(forecast.repeatModel?.kind, 'mbgnbd');
    assert.equal(forecast.repeatModel?.params.r.toFixed(3), '0.525');
  });

  test('gives every customer a probability and one contribution per feature', () => {
    const p = forecast.prediction.probability;
    assert.equal(p.length, 2357);
    assert.ok(p.every((v) => v > 0 && v < 1));
    assert.equal(forecast.prediction.contributions.length, forecast.churnModel.features.length);
    assert.deepEqual(
      Array.from(p.slice(0, 3), (v) => v.toFixed(4)),
      ['0.7548', '0.9083', '0.9594'],
    );
  });

  test('open complaints, when the caller has them, become a feature', () => {
    const withComplaints = churnForecast(tx, {
      asOf: daysFromCivil(1997, 9, 30),
      kinds: ['bgnbd'],
      signalsAt: () => ({
        openComplaints: Float64Array.from({ length: tx.customers }, (_, i) => (i % 7 === 0 ? 1 : 0)),
      }),
    });
    assert.equal(withComplaints.churnModel.features.at(-1), 'open_complaints');
  });

  test('the signals are asked for at the training cutoff and at the as-of, as forecastDays says', () => {
    const asked: number[] = [];
    const asOf = daysFromCivil(1997, 9, 30);
    const forecast = churnForecast(tx, {
      asOf,
      kinds: ['bgnbd'],
      signalsAt: (day) => {
        asked.push(day);
        return {};
      },
    });
    assert.deepEqual(asked, [forecast.trainingCutoff, asOf]);
    assert.deepEqual(forecastDays(Math.min(...tx.time), asOf), asked);
  });

  test('a horizon shorter than a day is refused', () => {
    assert.throws(
      () => churnForecast(tx, { asOf: daysFromCivil(1997, 9, 30), horizonDays: 0 }),
      /at least one day/,
    );
  });
});
