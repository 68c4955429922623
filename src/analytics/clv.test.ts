import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { type BgNbdParams, bgnbdConditionalExpectedPurchases } from './bgnbd.js';
import { clvBgNbdGammaGamma, clvParetoNbdGammaGamma, clvRepeatModelGammaGamma } from './clv.js';
import { type GammaGammaParams, gammaGammaConditionalExpectedSpend } from './gamma-gamma.js';
import { type ParetoNbdParams, paretoNbdConditionalExpectedPurchases } from './pareto-nbd.js';

const bg: BgNbdParams = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };
const pn: ParetoNbdParams = { r: 0.553, alpha: 10.578, s: 0.606, beta: 11.669 };
const gg: GammaGammaParams = { p: 6.25, q: 3.74, gamma: 15.44 };
const customers = {
  frequency: Float64Array.of(2, 0),
  recency: Float64Array.of(30.43, 0),
  T: Float64Array.of(38.86, 38.86),
  monetaryValue: Float64Array.of(22.35, 0),
};

describe('clvBgNbdGammaGamma', () => {
  test('without discounting it is E[Y(horizon)] × E[M] × margin', () => {
    const clv = clvBgNbdGammaGamma(bg, gg, customers, {
      periods: 12,
      periodLength: 52 / 12,
      discountRate: 0,
      margin: 0.3,
    });
    const expected =
      bgnbdConditionalExpectedPurchases(bg, 52, 2, 30.43, 38.86) *
      gammaGammaConditionalExpectedSpend(gg, 2, 22.35) *
      0.3;
    assert.ok(Math.abs(clv[0] - expected) < 1e-9);
  });

  test('one period discounted at 10 % is the undiscounted value / 1.1', () => {
    const once = (d: number) =>
      clvBgNbdGammaGamma(bg, gg, customers, { periods: 1, periodLength: 4, discountRate: d });
    assert.ok(Math.abs(once(0.1)[1] - once(0)[1] / 1.1) < 1e-12);
  });

  test('a customer without repeat purchases is valued at the population mean spend γp/(q−1)', () => {
    const clv = clvBgNbdGammaGamma(bg, gg, customers, { periods: 1, periodLength: 52, discountRate: 0 });
    const purchases = bgnbdConditionalExpectedPurchases(bg, 52, 0, 0, 38.86);
    assert.ok(Math.abs(clv[1] - (purchases * 15.44 * 6.25) / 2.74) < 1e-9);
  });

  test('discounting lowers value and a longer horizon raises it', () => {
    const value = (periods: number, d: number) =>
      clvBgNbdGammaGamma(bg, gg, customers, { periods, periodLength: 52 / 12, discountRate: d })[0];
    assert.ok(value(12, 0.01) < value(12, 0));
    assert.ok(value(24, 0.01) > value(12, 0.01));
  });
});

describe('clvParetoNbdGammaGamma', () => {
  test('without discounting it is E[Y(horizon)] × E[M]', () => {
    const clv = clvParetoNbdGammaGamma(pn, gg, customers, { periods: 3, periodLength: 13, discountRate: 0 });
    const expected =
      paretoNbdConditionalExpectedPurchases(pn, 39, 2, 30.43, 38.86) *
      gammaGammaConditionalExpectedSpend(gg, 2, 22.35);
    assert.ok(Math.abs(clv[0] - expected) < 1e-9);
  });
});

describe('CLV of one-time buyers', () => {
  const oneTime = {
    frequency: Float64Array.of(0, 0),
    recency: Float64Array.of(0, 0),
    T: Float64Array.of(38.86, 38.86),
    monetaryValue: Float64Array.of(0, 0),
    firstAmount: Float64Array.of(22.64, 1916),
  };
  const options = { periods: 12, periodLength: 52 / 12, discountRate: 0 };

  test('by default both get the population mean spend, hence the same CLV', () => {
    const clv = clvBgNbdGammaGamma(bg, gg, oneTime, options);
    assert.equal(clv[0], clv[1]);
  });

  test('with first-purchase spend their CLVs differ in the ratio of the shrunk spends (15.44 + amount)', () => {
    const clv = clvBgNbdGammaGamma(bg, gg, oneTime, { ...options, oneTimeBuyerSpend: 'first-purchase' });
    assert.ok(Math.abs(clv[1] / clv[0] - (15.44 + 1916) / (15.44 + 22.64)) < 1e-9);
  });

  test('clvRepeatModelGammaGamma with a BG/NBD model is clvBgNbdGammaGamma', () => {
    const a = clvRepeatModelGammaGamma({ kind: 'bgnbd', params: bg }, gg, customers, options);
    const b = clvBgNbdGammaGamma(bg, gg, customers, options);
    assert.deepEqual(Array.from(a), Array.from(b));
  });
});
