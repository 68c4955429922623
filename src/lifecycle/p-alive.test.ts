import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { fitPAliveModel, MIN_FIT_CUSTOMERS, pAliveAt, pAliveCrossingDay } from './p-alive.js';

// CDNOW parameters in weeks (Fader, Hardie & Lee 2005) rescaled to days: α × 7.
const params = { r: 0.243, alpha: 4.414 * 7, a: 0.793, b: 2.426 };

describe('P(alive) for the lifecycle', () => {
  test('the crossing day is the first day P(alive) is below the threshold', () => {
    const [n, first, last] = [4, 0, 60];
    const day = pAliveCrossingDay(params, n, first, last, 0.3);
    assert.ok(day !== null);
    assert.ok(pAliveAt(params, n, first, last, day) < 0.3);
    assert.ok(pAliveAt(params, n, first, last, day - 1) >= 0.3);
  });

  test('a one-time buyer has no crossing: BG/NBD drops customers only after a repeat purchase', () => {
    assert.equal(pAliveCrossingDay(params, 1, 0, 0, 0.3), null);
    assert.equal(pAliveAt(params, 1, 0, 0, 400), 1);
  });

  test('no fit on fewer customers than the minimum or without repeat purchases', () => {
    const few = {
      frequency: new Float64Array(10).fill(1),
      recency: new Float64Array(10).fill(5),
      T: new Float64Array(10).fill(30),
    };
    assert.equal(fitPAliveModel(few), null);
    const n = MIN_FIT_CUSTOMERS;
    const flat = {
      frequency: new Float64Array(n),
      recency: new Float64Array(n),
      T: new Float64Array(n).fill(30),
    };
    assert.equal(fitPAliveModel(flat), null);
  });
});
