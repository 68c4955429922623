import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { fitLogisticRegression, sigmoid } from './logistic-regression.js';

describe('fitLogisticRegression', () => {
  test('one binary feature without penalty: the coefficients are the log-odds of each group', () => {
    // z = 0: 1 positive of 4 (odds 1/3); z = 1: 3 of 4 (odds 3). β0 = ln(1/3), β1 = ln 3 − ln(1/3) = ln 9.
    const z = Float64Array.of(0, 0, 0, 0, 1, 1, 1, 1);
    const y = Uint8Array.of(1, 0, 0, 0, 1, 1, 1, 0);
    const fit = fitLogisticRegression([z], y, { l2: 0 });
    assert.equal(fit.converged, true);
    assert.ok(Math.abs(fit.intercept - Math.log(1 / 3)) < 1e-12);
    assert.ok(Math.abs(fit.coefficients[0] - Math.log(9)) < 1e-12);
  });

  test('no feature: the intercept is the log-odds of the base rate', () => {
    const fit = fitLogisticRegression([], Uint8Array.of(1, 1, 1, 0), { l2: 0 });
    assert.ok(Math.abs(fit.intercept - Math.log(3)) < 1e-12);
  });

  test('the ridge term shrinks the slope and leaves the score equation of the intercept: Σ p = Σ y', () => {
    const z = Float64Array.of(-1.5, -1, -0.5, 0, 0.5, 1, 1.5, 2);
    const y = Uint8Array.of(0, 0, 1, 0, 1, 0, 1, 1);
    const free = fitLogisticRegression([z], y, { l2: 0 });
    const ridge = fitLogisticRegression([z], y, { l2: 5 });
    assert.ok(Math.abs(ridge.coefficients[0]) < Math.abs(free.coefficients[0]));
    const fitted = z.reduce((s, v) => s + sigmoid(ridge.intercept + ridge.coefficients[0] * v), 0);
    assert.ok(Math.abs(fitted - 4) < 1e-9);
  });

  test('perfectly separated data still gives finite coefficients with a penalty', () => {
    const z = Float64Array.of(-2, -1, 1, 2);
    const fit = fitLogisticRegression([z], Uint8Array.of(0, 0, 1, 1), { l2: 1 });
    assert.equal(fit.converged, true);
    assert.ok(Number.isFinite(fit.coefficients[0]) && fit.coefficients[0] > 0);
  });

  test('sigmoid does not overflow', () => {
    assert.equal(sigmoid(-1000), 0);
    assert.equal(sigmoid(1000), 1);
    assert.equal(sigmoid(0), 0.5);
  });
});
