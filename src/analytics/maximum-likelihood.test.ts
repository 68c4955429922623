import assert from 'node:assert/strict';
import { test } from 'node:test';
import { maximizeLikelihood } from './maximum-likelihood.js';

/** Exponential sample with Σ x = 50 over n = 100: the MLE of the rate is n / Σ x = 2. */
const exponential = (p: Float64Array, grad: Float64Array) => {
  grad[0] = 100 / p[0] - 50;
  return 100 * Math.log(p[0]) - 50 * p[0];
};

test('maximizeLikelihood finds the exponential rate n / Σx = 2 and reports convergence', () => {
  const fit = maximizeLikelihood(exponential, [0.1], 100);
  assert.equal(fit.converged, true);
  assert.ok(Math.abs(fit.params[0] - 2) < 1e-7);
  assert.ok(Math.abs(fit.logLikelihood - (100 * Math.log(2) - 100)) < 1e-9);
});

test('maximizeLikelihood reports converged = false when the likelihood rises towards the boundary', () => {
  // ln L = −1/p grows towards 0 as p → ∞: no maximum exists.
  const fit = maximizeLikelihood(
    (p, grad) => {
      grad[0] = 1 / (p[0] * p[0]);
      return -1 / p[0];
    },
    [1],
    1,
  );
  assert.equal(fit.converged, false);
});

test('maximizeLikelihood reports converged = false when two parameters are not told apart', () => {
  // Only the product p0·p1 enters the likelihood: a ridge, not a point estimate.
  const fit = maximizeLikelihood(
    (p, grad) => {
      const rate = p[0] * p[1];
      grad[0] = (100 / rate - 50) * p[1];
      grad[1] = (100 / rate - 50) * p[0];
      return 100 * Math.log(rate) - 50 * rate;
    },
    [0.5, 0.5],
    100,
  );
  assert.equal(fit.converged, false);
});

test('maximizeLikelihood applies the penalty: the rate shrinks below 2', () => {
  const fit = maximizeLikelihood(exponential, [0.1], 100, { penalizer: 0.1 });
  assert.ok(fit.params[0] < 2 && fit.params[0] > 1);
  assert.throws(() => maximizeLikelihood(exponential, [0.1], 100, { penalizer: -1 }), RangeError);
});
