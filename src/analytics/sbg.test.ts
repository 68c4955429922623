import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { AppError } from '../errors.js';
import {
  fitSbg,
  type SbgParams,
  sbgDiscountedExpectedResidualLifetime,
  sbgExpectedRemainingLifetime,
  sbgLogLikelihood,
  sbgRetention,
  sbgSurvival,
} from './sbg.js';

/** Fader & Hardie (2007), table 1: customers still active at the start of years 0–7, per 1,000. */
const REGULAR = Float64Array.of(1000, 631, 468, 382, 326, 289, 262, 241);
const HIGH_END = Float64Array.of(1000, 869, 743, 653, 593, 551, 517, 491);

describe('fitSbg reproduces Fader & Hardie (2007)', () => {
  test('regular customers: α = 0.704, β = 1.182', () => {
    const fit = fitSbg(REGULAR);
    assert.equal(fit.converged, true);
    assert.equal(fit.model, 'sbg');
    assert.equal(fit.n, 1000);
    assert.deepEqual([fit.params.alpha.toFixed(3), fit.params.beta.toFixed(3)], ['0.704', '1.182']);
  });

  test('high-end customers: α = 0.668, β = 3.806', () => {
    const { params } = fitSbg(HIGH_END);
    assert.deepEqual([params.alpha.toFixed(3), params.beta.toFixed(3)], ['0.668', '3.806']);
  });

  test('the log-likelihood counts the leavers of each year and the survivors of the last', () => {
    const p: SbgParams = { alpha: 0.704, beta: 1.182 };
    let byHand = 0;
    for (let t = 1; t < REGULAR.length; t++) {
      byHand += (REGULAR[t - 1] - REGULAR[t]) * Math.log(sbgSurvival(p, t - 1) - sbgSurvival(p, t));
    }
    byHand += REGULAR[7] * Math.log(sbgSurvival(p, 7));
    assert.ok(Math.abs(sbgLogLikelihood(p, REGULAR) - byHand) < 1e-9);
  });
});

describe('sBG projections', () => {
  const p: SbgParams = { alpha: 0.704, beta: 1.182 };

  test('retention rises with tenure: r_1 = β/(α+β) = 0.6267, r_8 = (β+7)/(α+β+7) = 0.9208', () => {
    assert.equal(sbgRetention(p, 1).toFixed(4), '0.6267');
    assert.equal(sbgRetention(p, 8).toFixed(4), '0.9208');
  });

  test('survival is the product of the retention rates', () => {
    let product = 1;
    for (let t = 1; t <= 12; t++) product *= sbgRetention(p, t);
    assert.ok(Math.abs(sbgSurvival(p, 12) - product) < 1e-12);
  });

  test('remaining lifetime is (β+n)/(α−1) when α > 1 and unbounded otherwise', () => {
    assert.equal(sbgExpectedRemainingLifetime({ alpha: 3, beta: 4 }, 2), 3);
    assert.equal(sbgExpectedRemainingLifetime(p, 2), Number.POSITIVE_INFINITY);
  });

  test('DERL equals the discounted sum of survival chances, Σ_{t≥n} S(t)/S(n−1) (1+d)^{−(t−n)}', () => {
    for (const n of [1, 5]) {
      let sum = 0;
      for (let t = n; t < n + 5000; t++) sum += (sbgSurvival(p, t) / sbgSurvival(p, n - 1)) * 1.1 ** -(t - n);
      assert.ok(Math.abs(sbgDiscountedExpectedResidualLifetime(p, 0.1, n) - sum) < 1e-9);
    }
  });

  test('DERL of a regular customer at d = 10 %: 2.965 just acquired, 5.894 after 4 renewals (the stayers are the loyal ones)', () => {
    assert.equal(sbgDiscountedExpectedResidualLifetime(p, 0.1, 1).toFixed(3), '2.965');
    assert.equal(sbgDiscountedExpectedResidualLifetime(p, 0.1, 5).toFixed(3), '5.894');
  });
});

describe('fitSbg refuses data it cannot fit', () => {
  test('counts that rise name the period', () => {
    assert.throws(
      () => fitSbg(Float64Array.of(100, 80, 90)),
      (e: unknown) => e instanceof AppError && e.status === 400 && e.errors[0].path === 'alive.2',
    );
  });

  test('a cohort nobody left has nothing to fit', () => {
    assert.throws(() => fitSbg(Float64Array.of(100, 100, 100)), /no customer left/);
  });

  test('one period only is not enough', () => {
    assert.throws(() => fitSbg(Float64Array.of(100)), /at least two periods/);
  });
});
