import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { kpiTrend, sparkline } from './kpi-trend';

describe('kpiTrend', () => {
  test('compares the last two months with a figure, skipping empty months', () => {
    assert.deepEqual(kpiTrend([30, null, 40, null], 'lower'), {
      latest: 40,
      previous: 30,
      change: 10,
      improving: false,
    });
    assert.equal(kpiTrend([30, 40], 'higher').improving, true);
    assert.equal(kpiTrend([0.2, 0.1], 'lower').improving, true);
  });

  test('one figure or none has no trend; no change is neither better nor worse', () => {
    assert.deepEqual(kpiTrend([null, 12], 'lower'), {
      latest: 12,
      previous: null,
      change: null,
      improving: null,
    });
    assert.deepEqual(kpiTrend([], 'higher'), { latest: null, previous: null, change: null, improving: null });
    assert.equal(kpiTrend([5, 5], 'higher').improving, null);
  });
});

describe('sparkline', () => {
  test('spreads the months over the width and the values over the height, top is highest', () => {
    assert.equal(sparkline([0, 10, 5], 100, 20), '0,20 50,0 100,10');
  });

  test('leaves out empty months and draws nothing from fewer than two figures', () => {
    assert.equal(sparkline([4, null, 4], 10, 10), '0,10 10,10');
    assert.equal(sparkline([null, 3], 10, 10), '');
  });
});
