import assert from 'node:assert/strict';
import { test } from 'node:test';
import { bgnbdProbabilityOfPurchases } from './bgnbd.js';
import { bgnbdNoPurchaseProbability } from './no-purchase-probability.js';

const params = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };

test('a new customer (x = t_x = T = 0) matches P(X(t) = 0) of the unconditional model', () => {
  for (const t of [1, 10, 39]) {
    const expected = bgnbdProbabilityOfPurchases(params, t, 0);
    assert.ok(Math.abs(bgnbdNoPurchaseProbability(params, t, 0, 0, 0) - expected) < 1e-9, `t = ${t}`);
  }
});

test('an empty window is certain to hold no purchase, and a longer one is less likely to', () => {
  assert.equal(bgnbdNoPurchaseProbability(params, 0, 3, 20, 30), 1);
  assert.ok(
    bgnbdNoPurchaseProbability(params, 10, 3, 20, 30) > bgnbdNoPurchaseProbability(params, 20, 3, 20, 30),
  );
});
