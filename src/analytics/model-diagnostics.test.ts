import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { type BgNbdParams, bgnbdConditionalExpectedPurchases, bgnbdPAlive } from './bgnbd.js';
import { loadCdnowSummary } from './cdnow-sample.fixture.js';
import { mbgnbdPAlive } from './mbgnbd.js';
import { frequencyHistogram, frequencyRecencyMatrices } from './model-diagnostics.js';

/** The published BG/NBD fit of the CDNOW sample (FHL 2005). */
const PARAMS: BgNbdParams = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };
const CDNOW = { kind: 'bgnbd', params: PARAMS } as const;

describe('frequencyRecencyMatrices', () => {
  const summary = loadCdnowSummary();
  const m = frequencyRecencyMatrices(CDNOW, summary, 39);

  test('spans frequencies 0..20 (CDNOW’s maximum is 29) and 21 recencies from 0 to the longest age 38.86', () => {
    assert.equal(m.T, 38.86);
    assert.deepEqual(
      m.frequencies,
      Array.from({ length: 21 }, (_, x) => x),
    );
    assert.equal(m.recencies.length, 21);
    assert.deepEqual([m.recencies[0], m.recencies[20]], [0, 38.86]);
  });

  test('each cell is the model at (x, t_x, T): P(alive | 2, 29.15, 38.86) and E[Y(39)] there', () => {
    const k = 15;
    assert.equal(m.recencies[k], 29.15);
    assert.equal(m.pAlive[k][2], bgnbdPAlive(PARAMS, 2, 29.15, 38.86));
    assert.equal(m.expectedPurchases[k][2], bgnbdConditionalExpectedPurchases(PARAMS, 39, 2, 29.15, 38.86));
  });

  test('P(alive) falls as the last purchase lies further back, for a frequent buyer', () => {
    assert.ok(m.pAlive[20][10] > m.pAlive[10][10]);
    assert.ok(m.pAlive[10][10] > m.pAlive[2][10]);
  });
});

describe('frequencyHistogram', () => {
  const summary = loadCdnowSummary();
  const h = frequencyHistogram(CDNOW, summary);

  test('counts the 2,357 customers by repeat purchases 0..6 and 7+: 1,411 made none', () => {
    assert.deepEqual(h.frequency, ['0', '1', '2', '3', '4', '5', '6', '7+']);
    assert.equal(h.actual[0], 1411);
    assert.equal(
      h.actual.reduce((a, b) => a + b),
      2357,
    );
  });

  test('the model’s counts sum to the customers: 1,406.5 with none, 460.8 with one, 72.0 with 7+ (FHL 2005, fig. 2)', () => {
    assert.ok(Math.abs(h.model.reduce((a, b) => a + b) - 2357) < 1e-9);
    assert.deepEqual(
      [h.model[0], h.model[1], h.model[7]].map((v) => v.toFixed(1)),
      ['1406.5', '460.8', '72.0'],
    );
  });
});

describe('the diagnostics of MBG/NBD', () => {
  const summary = loadCdnowSummary();
  const mbgnbd = { kind: 'mbgnbd', params: { r: 0.525, alpha: 6.183, a: 0.891, b: 1.614 } } as const;

  test('its histogram sums to the customers: 1,418.3 with none against the 1,411 seen', () => {
    const h = frequencyHistogram(mbgnbd, summary);
    assert.ok(Math.abs(h.model.reduce((a, b) => a + b) - 2357) < 1e-9);
    assert.equal(h.model[0].toFixed(1), '1418.3');
  });

  test('its matrix has P(alive) below 1 without repeat purchases, unlike BG/NBD', () => {
    const m = frequencyRecencyMatrices(mbgnbd, summary, 39);
    assert.equal(m.pAlive[0][0], mbgnbdPAlive(mbgnbd.params, 0, 0, 38.86));
    assert.ok(m.pAlive[0][0] < 1);
  });
});
