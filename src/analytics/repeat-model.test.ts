import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { bgnbdConditionalExpectedPurchases, bgnbdPAlive } from './bgnbd.js';
import { mbgnbdPAlive } from './mbgnbd.js';
import { bgnbdNoPurchaseProbability } from './no-purchase-probability.js';
import { paretoNbdConditionalExpectedPurchases } from './pareto-nbd.js';
import {
  predictRepeatModel,
  type RepeatModel,
  repeatModelExpectedPurchases,
  repeatModelNoPurchaseProbability,
  repeatModelPAlive,
  repeatModelProbabilityOfPurchases,
} from './repeat-model.js';

const BG: RepeatModel = { kind: 'bgnbd', params: { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 } };
const MBG: RepeatModel = { kind: 'mbgnbd', params: { r: 0.525, alpha: 6.183, a: 0.891, b: 1.614 } };
const PNBD: RepeatModel = { kind: 'pareto-nbd', params: { r: 0.553, alpha: 10.58, s: 0.606, beta: 11.67 } };

describe('repeat models behind one interface', () => {
  test('each question reaches its own model’s formula', () => {
    assert.equal(repeatModelPAlive(BG, 2, 30.43, 38.86), bgnbdPAlive(BG.params, 2, 30.43, 38.86));
    assert.equal(repeatModelPAlive(MBG, 0, 0, 38.86), mbgnbdPAlive(MBG.params, 0, 0, 38.86));
    assert.equal(
      repeatModelExpectedPurchases(BG, 39, 2, 30.43, 38.86),
      bgnbdConditionalExpectedPurchases(BG.params, 39, 2, 30.43, 38.86),
    );
    assert.equal(
      repeatModelExpectedPurchases(PNBD, 39, 2, 30.43, 38.86),
      paretoNbdConditionalExpectedPurchases(PNBD.params, 39, 2, 30.43, 38.86),
    );
    assert.equal(
      repeatModelNoPurchaseProbability(BG, 39, 2, 30.43, 38.86),
      bgnbdNoPurchaseProbability(BG.params, 39, 2, 30.43, 38.86),
    );
  });

  test('only BG/NBD gives a one-time buyer P(alive) = 1', () => {
    assert.equal(repeatModelPAlive(BG, 0, 0, 38.86), 1);
    assert.ok(repeatModelPAlive(MBG, 0, 0, 38.86) < 0.4);
    assert.ok(repeatModelPAlive(PNBD, 0, 0, 38.86) < 0.6);
  });

  for (const model of [BG, MBG, PNBD]) {
    test(`${model.kind}: P(Y(39) = n | history) sums to 1, its mean is E[Y(39)], P(Y = 0) is P(no purchase)`, () => {
      const [x, tx, T] = [2, 30.43, 38.86];
      let total = 0;
      let mean = 0;
      for (let n = 0; n < 150; n++) {
        const p = repeatModelProbabilityOfPurchases(model, 39, n, x, tx, T);
        total += p;
        mean += n * p;
      }
      assert.ok(Math.abs(total - 1) < 1e-8, `total ${total}`);
      assert.ok(Math.abs(mean - repeatModelExpectedPurchases(model, 39, x, tx, T)) < 1e-6, `mean ${mean}`);
      const none = repeatModelProbabilityOfPurchases(model, 39, 0, x, tx, T);
      assert.ok(Math.abs(none - repeatModelNoPurchaseProbability(model, 39, x, tx, T)) < 1e-12);
    });
  }

  test('predictRepeatModel fills the three columns row by row', () => {
    const summary = {
      frequency: Float64Array.of(0, 2),
      recency: Float64Array.of(0, 30.43),
      T: Float64Array.of(38.86, 38.86),
    };
    const out = predictRepeatModel(PNBD, summary, 13);
    assert.equal(out.pAlive[1], repeatModelPAlive(PNBD, 2, 30.43, 38.86));
    assert.equal(out.expectedPurchases[0], repeatModelExpectedPurchases(PNBD, 13, 0, 0, 38.86));
    assert.equal(out.pNoPurchase[1], repeatModelNoPurchaseProbability(PNBD, 13, 2, 30.43, 38.86));
  });
});
