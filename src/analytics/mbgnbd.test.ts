import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { AppError } from '../errors.js';
import { loadCdnowSummary } from './cdnow-sample.fixture.js';
import { groupRepeatSummary } from './group-repeat-summary.js';
import {
  fitMbgNbd,
  type MbgNbdParams,
  mbgnbdConditionalExpectedPurchases,
  mbgnbdConditionalProbabilityOfPurchases,
  mbgnbdExpectedPurchases,
  mbgnbdLogLikelihood,
  mbgnbdNoPurchaseProbability,
  mbgnbdPAlive,
} from './mbgnbd.js';
import { simulateMbgNbd } from './simulate.js';

/** lifetimes' ModifiedBetaGeoFitter test "params out is close to BTYDplus" on the CDNOW sample. */
const PEER: MbgNbdParams = { r: 0.525, alpha: 6.183, a: 0.891, b: 1.614 };

describe('fitMbgNbd on the CDNOW sample', () => {
  const fit = fitMbgNbd(loadCdnowSummary());

  test('reproduces lifetimes and BTYDplus: r = 0.525, α = 6.183, a = 0.891, b = 1.614', () => {
    assert.equal(fit.converged, true);
    assert.equal(fit.model, 'mbgnbd');
    assert.equal(fit.n, 2357);
    const { r, alpha, a, b } = fit.params;
    assert.deepEqual(
      [r, alpha, a, b].map((v) => v.toFixed(3)),
      ['0.525', '6.183', '0.891', '1.614'],
    );
  });

  test('its log-likelihood, -9582.13, is a little above BG/NBD’s published -9582.4 (one more way to leave)', () => {
    assert.equal(Math.round(fit.logLikelihood * 100) / 100, -9582.13);
  });

  test('penalizer 0.1 shrinks the parameters', () => {
    const penalised = fitMbgNbd(loadCdnowSummary(), { penalizer: 0.1 });
    const norm = (p: MbgNbdParams) => p.r ** 2 + p.alpha ** 2 + p.a ** 2 + p.b ** 2;
    assert.ok(norm(penalised.params) < norm(fit.params));
  });
});

describe('MBG/NBD predictions', () => {
  test('P(alive) of a customer without repeat purchases is below 1: 1 / (1 + a/b · ((α+T)/α)^r) = 0.3897', () => {
    const byHand = 1 / (1 + (0.891 / 1.614) * ((6.183 + 38.86) / 6.183) ** 0.525);
    assert.equal(Math.round(mbgnbdPAlive(PEER, 0, 0, 38.86) * 1e4) / 1e4, Math.round(byHand * 1e4) / 1e4);
    assert.equal(Math.round(byHand * 1e4) / 1e4, 0.3897);
  });

  test('P(alive | x = 2, t_x = 30.43, T = 38.86) = 1 / (1 + a/(b+2) · (45.043/36.613)^2.525) = 0.7062', () => {
    assert.equal(Math.round(mbgnbdPAlive(PEER, 2, 30.43, 38.86) * 1e4) / 1e4, 0.7062);
  });

  test('E[Y(39) | x = 2, t_x = 30.43, T = 38.86] = 1.263, within lifetimes’ 0.05 of the BG/NBD 1.226', () => {
    const value = mbgnbdConditionalExpectedPurchases(PEER, 39, 2, 30.43, 38.86);
    assert.equal(Math.round(value * 1000) / 1000, 1.263);
  });

  test('E[X(t)] at t = 1, 32, 78 weeks: 0.0531, 1.0372, 1.8048 (lifetimes checks them within 5 % of BG/NBD’s 0.0532, 1.0437, 1.8576)', () => {
    assert.deepEqual(
      [1, 32, 78].map((t) => mbgnbdExpectedPurchases(PEER, t).toFixed(4)),
      ['0.0531', '1.0372', '1.8048'],
    );
  });

  test('a brand-new customer (x = 0, T = 0): the conditional expectation is E[X(t)]', () => {
    const conditional = mbgnbdConditionalExpectedPurchases(PEER, 52, 0, 0, 0);
    assert.ok(Math.abs(conditional - mbgnbdExpectedPurchases(PEER, 52)) < 1e-12);
  });

  test('P(Y(t) = n | history) sums to 1, has mean E[Y(t)] and P(Y = 0) = the no-purchase probability', () => {
    for (const [x, tx, T] of [
      [0, 0, 38.86],
      [2, 30.43, 38.86],
      [7, 35, 38],
    ]) {
      let total = 0;
      let mean = 0;
      for (let n = 0; n < 400; n++) {
        const p = mbgnbdConditionalProbabilityOfPurchases(PEER, 39, n, x, tx, T);
        total += p;
        mean += n * p;
      }
      assert.ok(Math.abs(total - 1) < 1e-10, `total ${total}`);
      assert.ok(Math.abs(mean - mbgnbdConditionalExpectedPurchases(PEER, 39, x, tx, T)) < 1e-9);
      const none = mbgnbdConditionalProbabilityOfPurchases(PEER, 39, 0, x, tx, T);
      assert.ok(Math.abs(none - mbgnbdNoPurchaseProbability(PEER, 39, x, tx, T)) < 1e-12);
    }
  });
});

describe('mbgnbdLogLikelihood', () => {
  test('its analytic gradient matches central differences', () => {
    const data = groupRepeatSummary(loadCdnowSummary());
    const p = Float64Array.of(0.3, 5, 0.7, 2);
    const grad = new Float64Array(4);
    mbgnbdLogLikelihood(p, data, grad);
    const scratch = new Float64Array(4);
    for (let j = 0; j < 4; j++) {
      const h = 1e-6 * p[j];
      const up = p.slice();
      const down = p.slice();
      up[j] += h;
      down[j] -= h;
      const numeric =
        (mbgnbdLogLikelihood(up, data, scratch) - mbgnbdLogLikelihood(down, data, scratch)) / (2 * h);
      assert.ok(Math.abs(grad[j] - numeric) < 1e-5 * Math.abs(numeric), `∂/∂p${j}: ${grad[j]} vs ${numeric}`);
    }
  });

  test('one row by hand: x = 1, t_x = 2, T = 5 at r = α = a = b = 1 is ln(1/108 + 1/54), by hand', () => {
    // L = Γ(2)/Γ(1) · 1 · [B(1,3)/B(1,1) · 6^-2 + B(2,2)/B(1,1) · 3^-2] = 1/3 · 1/36 + 1/6 · 1/9.
    const data = groupRepeatSummary({
      frequency: Float64Array.of(1),
      recency: Float64Array.of(2),
      T: Float64Array.of(5),
    });
    const ll = mbgnbdLogLikelihood(Float64Array.of(1, 1, 1, 1), data, new Float64Array(4));
    assert.ok(Math.abs(ll - Math.log(1 / 108 + 1 / 54)) < 1e-12);
  });
});

describe('fitMbgNbd on degenerate data', () => {
  test('rejects data without a single repeat purchase: the likelihood has no maximum', () => {
    const f = (values: number[]) => Float64Array.from(values);
    assert.throws(
      () => fitMbgNbd({ frequency: f([0, 0]), recency: f([0, 0]), T: f([10, 20]) }),
      (e: unknown) => e instanceof AppError && /no customer made a repeat purchase/.test(e.message),
    );
  });
});

describe('fitMbgNbd parameter recovery', () => {
  test('recovers r, α, a, b within 5 % from 50,000 simulated customers', () => {
    const truth: MbgNbdParams = { r: 0.5, alpha: 5, a: 0.8, b: 2.5 };
    const fit = fitMbgNbd(simulateMbgNbd(truth, { customers: 50_000, seed: 1, minT: 52, maxT: 156 }));
    assert.equal(fit.converged, true);
    for (const k of ['r', 'alpha', 'a', 'b'] as const) {
      assert.ok(Math.abs(fit.params[k] / truth[k] - 1) < 0.05, `${k} = ${fit.params[k]}, true ${truth[k]}`);
    }
  });
});
