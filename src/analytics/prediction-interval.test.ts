import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { type BgNbdParams, bgnbdConditionalExpectedPurchases, fitBgNbd } from './bgnbd.js';
import { Z90 } from './parameter-uncertainty.js';
import { deltaMethodInterval } from './prediction-interval.js';
import { simulateBgNbd } from './simulate.js';

describe('deltaMethodInterval', () => {
  test('g = e^{θ₀ + 2θ₁}: se(ln g)² = σ₀² + 4σ₀₁ + 4σ₁², so the interval is g·exp(∓z·0.3)', () => {
    const cov = Float64Array.of(0.01, 0.005, 0.005, 0.015);
    const { lower, upper } = deltaMethodInterval(
      (t) => Float64Array.of(Math.exp(t[0] + 2 * t[1])),
      [0.5, 0.25],
      cov,
    );
    const g = Math.exp(1);
    assert.ok(Math.abs(lower[0] - g * Math.exp(-Z90 * 0.3)) < 1e-7);
    assert.ok(Math.abs(upper[0] - g * Math.exp(Z90 * 0.3)) < 1e-7);
  });

  test('a prediction of 0 gets the interval [0, 0]', () => {
    const { lower, upper } = deltaMethodInterval(() => Float64Array.of(0), [1], Float64Array.of(1));
    assert.deepEqual([lower[0], upper[0]], [0, 0]);
  });

  test('BG/NBD: the 90 % interval of a customer’s expected purchases covers the true-parameter value in 85–95 % of 200 simulations', () => {
    const truth: BgNbdParams = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };
    const customer = [2, 30.43, 38.86] as const;
    const target = bgnbdConditionalExpectedPurchases(truth, 39, ...customer);
    let hits = 0;
    for (let seed = 1; seed <= 200; seed++) {
      const fit = fitBgNbd(simulateBgNbd(truth, { customers: 2000, seed: 1000 + seed, minT: 26, maxT: 78 }));
      const { params, uncertainty } = fit;
      assert.ok(uncertainty);
      const theta = [params.r, params.alpha, params.a, params.b].map(Math.log);
      const { lower, upper } = deltaMethodInterval(
        (t) => {
          const [r, alpha, a, b] = Array.from(t, Math.exp);
          return Float64Array.of(bgnbdConditionalExpectedPurchases({ r, alpha, a, b }, 39, ...customer));
        },
        theta,
        Float64Array.from(uncertainty.logCovariance.flat()),
      );
      if (lower[0] <= target && target <= upper[0]) hits++;
    }
    assert.ok(hits >= 170 && hits <= 190, `${hits} of 200`);
  });
});
