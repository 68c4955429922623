import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { clvRepeatModelGammaGamma } from './clv.js';
import { fitGammaGamma } from './gamma-gamma.js';
import { fitMbgNbd, mbgnbdConditionalExpectedPurchases } from './mbgnbd.js';
import { Z90 } from './parameter-uncertainty.js';
import { repeatModelIntervals } from './repeat-model-intervals.js';
import { simulateGammaGamma, simulateMbgNbd } from './simulate.js';

const mbgnbd = { kind: 'mbgnbd', params: { r: 0.525, alpha: 6.183, a: 0.891, b: 1.614 } } as const;
const gammaGamma = { p: 6.25, q: 3.74, gamma: 15.44 };
// Diagonal covariances of the log-parameters: se(ln p) of 0.1 for the repeat model, 0.05 for spend.
const diagonal = (k: number, variance: number) =>
  Array.from({ length: k }, (_, i) => Array.from({ length: k }, (_, j) => (i === j ? variance : 0)));
const zero = (k: number) => diagonal(k, 0);
const customers = {
  frequency: Float64Array.of(2, 0),
  recency: Float64Array.of(30.43, 0),
  T: Float64Array.of(38.86, 20),
  monetaryValue: Float64Array.of(40, 0),
  firstAmount: Float64Array.of(25, 30),
};
const options = { horizon: 39, clv: { periods: 12, periodLength: 52 / 12, discountRate: 0.01 } };

describe('repeatModelIntervals', () => {
  test('the expected purchases interval is centred on the prediction on the log scale, g·exp(∓z·se)', () => {
    const { expectedPurchases: e } = repeatModelIntervals(
      { ...mbgnbd, logCovariance: diagonal(4, 0.01) },
      undefined,
      customers,
      options,
    );
    const g = mbgnbdConditionalExpectedPurchases(mbgnbd.params, 39, 2, 30.43, 38.86);
    assert.ok(Math.abs(Math.sqrt(e.lower[0] * e.upper[0]) - g) < 1e-9);
    assert.ok(Math.abs(e.upper[0] / g - Math.exp(Z90 * e.logSe[0])) < 1e-12);
    assert.ok(e.logSe[0] > 0);
  });

  test('the parameters are read by name: a store that reorders their keys changes nothing', () => {
    const fits = (model: typeof mbgnbd, spend: typeof gammaGamma) =>
      repeatModelIntervals(
        {
          ...model,
          logCovariance: [
            [0.01, 0, 0, 0],
            [0, 0.04, 0, 0],
            [0, 0, 0.02, 0],
            [0, 0, 0, 0.03],
          ],
        },
        { params: spend, logCovariance: diagonal(3, 0.0025) },
        customers,
        options,
      );
    const { r, alpha, a, b } = mbgnbd.params;
    const shuffled = fits({ kind: 'mbgnbd', params: { a, b, r, alpha } }, { gamma: 15.44, p: 6.25, q: 3.74 });
    assert.deepEqual(shuffled, fits(mbgnbd, gammaGamma));
  });

  test('without a spend model there is no CLV interval', () => {
    const out = repeatModelIntervals(
      { ...mbgnbd, logCovariance: diagonal(4, 0.01) },
      undefined,
      customers,
      options,
    );
    assert.equal(out.clv, undefined);
  });

  test('CLV: the two fits are independent, so the variances of ln purchases and ln spend add', () => {
    const both = repeatModelIntervals(
      { ...mbgnbd, logCovariance: diagonal(4, 0.01) },
      { params: gammaGamma, logCovariance: diagonal(3, 0.0025) },
      customers,
      options,
    ).clv;
    const purchasesOnly = repeatModelIntervals(
      { ...mbgnbd, logCovariance: diagonal(4, 0.01) },
      { params: gammaGamma, logCovariance: zero(3) },
      customers,
      options,
    ).clv;
    const spendOnly = repeatModelIntervals(
      { ...mbgnbd, logCovariance: zero(4) },
      { params: gammaGamma, logCovariance: diagonal(3, 0.0025) },
      customers,
      options,
    ).clv;
    assert.ok(both && purchasesOnly && spendOnly);
    const clv = clvRepeatModelGammaGamma(mbgnbd, gammaGamma, customers, {
      ...options.clv,
      oneTimeBuyerSpend: 'population',
    });
    for (const i of [0, 1]) {
      assert.ok(Math.abs(both.logSe[i] - Math.hypot(purchasesOnly.logSe[i], spendOnly.logSe[i])) < 1e-6);
      assert.ok(Math.abs(Math.sqrt(both.lower[i] * both.upper[i]) - clv[i]) < 1e-6 * clv[i]);
    }
  });

  test('MBG/NBD with Gamma-Gamma: the 90 % CLV interval of a customer covers the true-parameter CLV in 85–95 % of 200 simulations', () => {
    const one = {
      frequency: Float64Array.of(2),
      recency: Float64Array.of(30.43),
      T: Float64Array.of(38.86),
      monetaryValue: Float64Array.of(40),
    };
    const truth = clvRepeatModelGammaGamma(mbgnbd, gammaGamma, one, options.clv)[0];
    let hits = 0;
    for (let seed = 1; seed <= 200; seed++) {
      const summary = simulateMbgNbd(mbgnbd.params, { customers: 2000, seed, minT: 26, maxT: 78 });
      const repeat = fitMbgNbd(summary);
      const spend = fitGammaGamma({
        frequency: summary.frequency,
        monetaryValue: simulateGammaGamma(gammaGamma, summary.frequency, seed),
      });
      assert.ok(repeat.uncertainty && spend.uncertainty, `seed ${seed}`);
      const { clv } = repeatModelIntervals(
        { kind: 'mbgnbd', params: repeat.params, logCovariance: repeat.uncertainty.logCovariance },
        { params: spend.params, logCovariance: spend.uncertainty.logCovariance },
        one,
        options,
      );
      assert.ok(clv);
      if (clv.lower[0] <= truth && truth <= clv.upper[0]) hits++;
    }
    assert.ok(hits >= 170 && hits <= 190, `${hits} of 200`);
  });
});
