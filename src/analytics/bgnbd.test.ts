import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { AppError } from '../errors.js';
import {
  type BgNbdParams,
  bgnbdConditionalExpectedPurchases,
  bgnbdExpectedPurchases,
  bgnbdLogLikelihood,
  bgnbdPAlive,
  bgnbdProbabilityOfPurchases,
  fitBgNbd,
} from './bgnbd.js';
import { loadCdnowSummary } from './cdnow-sample.fixture.js';
import { groupRepeatSummary } from './group-repeat-summary.js';
import { simulateBgNbd } from './simulate.js';

/** Fader, Hardie & Lee (2005), Table/Section 4: the CDNOW sample fit. */
const PUBLISHED: BgNbdParams = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };

const threeDigits = (actual: number, expected: number) =>
  assert.equal(Number(actual.toPrecision(3)), Number(expected.toPrecision(3)), `${actual} vs ${expected}`);

describe('fitBgNbd on the CDNOW sample', () => {
  const fit = fitBgNbd(loadCdnowSummary());

  test('reproduces the published parameters r = 0.243, α = 4.414, a = 0.793, b = 2.426', () => {
    assert.equal(fit.converged, true);
    for (const k of ['r', 'alpha', 'a', 'b'] as const) threeDigits(fit.params[k], PUBLISHED[k]);
  });

  test('reproduces the published log-likelihood -9582.4 over 2,357 customers', () => {
    assert.equal(fit.n, 2357);
    assert.equal(fit.model, 'bgnbd');
    assert.equal(Math.round(fit.logLikelihood * 10) / 10, -9582.4);
  });

  test('penalizer 0.1 shrinks the parameters and lowers the (unpenalised) log-likelihood', () => {
    const penalised = fitBgNbd(loadCdnowSummary(), { penalizer: 0.1 });
    assert.equal(penalised.converged, true);
    const norm = (p: BgNbdParams) => p.r ** 2 + p.alpha ** 2 + p.a ** 2 + p.b ** 2;
    assert.ok(norm(penalised.params) < norm(fit.params));
    assert.ok(penalised.logLikelihood < fit.logLikelihood);
  });

  test('changing the time unit scales α only (weeks to days: α × 7)', () => {
    const weeks = loadCdnowSummary();
    const days = { ...weeks, recency: weeks.recency.map((v) => v * 7), T: weeks.T.map((v) => v * 7) };
    const scaled = fitBgNbd(days);
    threeDigits(scaled.params.alpha / 7, fit.params.alpha);
    threeDigits(scaled.params.b, fit.params.b);
  });
});

describe('BG/NBD predictions', () => {
  test('E[Y(39) | x = 2, t_x = 30.43, T = 38.86] = 1.226 (Fader, Hardie & Lee, CDNOW customer 1)', () => {
    const value = bgnbdConditionalExpectedPurchases(PUBLISHED, 39, 2, 30.43, 38.86);
    assert.equal(Math.round(value * 1000) / 1000, 1.226);
  });

  test('P(alive | x = 2, t_x = 30.43, T = 38.86) = 0.7266, by hand: 1 / (1 + a/(b+1) · (43.27/34.84)^2.243)', () => {
    assert.equal(Math.round(bgnbdPAlive(PUBLISHED, 2, 30.43, 38.86) * 1e4) / 1e4, 0.7266);
  });

  test('P(alive) is 1 for a customer without repeat purchases', () => {
    assert.equal(bgnbdPAlive(PUBLISHED, 0, 0, 38.86), 1);
  });

  test('P(X(t) = n) sums to 1 over n and its mean is E[X(t)] (FHL 2005, eq. 7 vs eq. 8)', () => {
    let total = 0;
    let mean = 0;
    for (let n = 0; n < 400; n++) {
      const p = bgnbdProbabilityOfPurchases(PUBLISHED, 39, n);
      total += p;
      mean += n * p;
    }
    assert.ok(Math.abs(total - 1) < 1e-10, `total ${total}`);
    assert.ok(Math.abs(mean - bgnbdExpectedPurchases(PUBLISHED, 39)) < 1e-9);
  });

  test('the conditional expectation of a new customer (x = 0, T = 0) is E[X(t)]', () => {
    const conditional = bgnbdConditionalExpectedPurchases(PUBLISHED, 52, 0, 0, 1e-12);
    assert.ok(Math.abs(conditional - bgnbdExpectedPurchases(PUBLISHED, 52)) < 1e-9);
  });
});

describe('bgnbdLogLikelihood', () => {
  test('its analytic gradient matches central differences', () => {
    const data = groupRepeatSummary(loadCdnowSummary());
    const p = Float64Array.of(0.3, 5, 0.7, 2);
    const grad = new Float64Array(4);
    bgnbdLogLikelihood(p, data, grad);
    const scratch = new Float64Array(4);
    for (let j = 0; j < 4; j++) {
      const h = 1e-6 * p[j];
      const up = p.slice();
      const down = p.slice();
      up[j] += h;
      down[j] -= h;
      const numeric =
        (bgnbdLogLikelihood(up, data, scratch) - bgnbdLogLikelihood(down, data, scratch)) / (2 * h);
      assert.ok(Math.abs(grad[j] - numeric) < 1e-5 * Math.abs(numeric), `∂/∂p${j}: ${grad[j]} vs ${numeric}`);
    }
  });
});

describe('fitBgNbd parameter recovery', () => {
  test('recovers r, α, a, b within 5 % from 50,000 simulated customers', () => {
    const truth: BgNbdParams = { r: 0.5, alpha: 5, a: 0.8, b: 2.5 };
    const data = simulateBgNbd(truth, { customers: 50_000, seed: 1, minT: 52, maxT: 156 });
    const fit = fitBgNbd(data);
    assert.equal(fit.converged, true);
    for (const k of ['r', 'alpha', 'a', 'b'] as const) {
      assert.ok(Math.abs(fit.params[k] / truth[k] - 1) < 0.05, `${k} = ${fit.params[k]}, true ${truth[k]}`);
    }
  });
});

describe('fitBgNbd on degenerate data', () => {
  const f = (values: number[]) => Float64Array.from(values);

  test('rejects data without a single repeat purchase: no estimate exists', () => {
    const data = { frequency: f([0, 0, 0]), recency: f([0, 0, 0]), T: f([10, 20, 30]) };
    assert.throws(
      () => fitBgNbd(data),
      (e: unknown) => e instanceof AppError && /no customer/.test(e.message),
    );
  });

  test('reports converged = false for a single customer, whose likelihood has no interior maximum', () => {
    const fit = fitBgNbd({ frequency: f([2]), recency: f([30]), T: f([38]) });
    assert.equal(fit.converged, false);
    assert.equal(fit.n, 1);
  });

  test('fits data with a very frequent customer (x = 10,000) and times in thousands', () => {
    const base = loadCdnowSummary();
    const data = {
      frequency: base.frequency.map((x, i) => (i === 0 ? 10_000 : x)),
      recency: base.recency.map((v) => v * 1000),
      T: base.T.map((v) => v * 1000),
    };
    const fit = fitBgNbd(data);
    assert.equal(fit.converged, true);
    assert.ok(Number.isFinite(fit.logLikelihood));
  });

  test('rejects a recency larger than T, naming the row', () => {
    const data = { frequency: f([1, 1]), recency: f([5, 50]), T: f([10, 20]) };
    assert.throws(() => fitBgNbd(data), /row 1: recency/);
  });
});

describe('BG/NBD properties', () => {
  const params = fc.record({
    r: fc.double({ min: 0.05, max: 5, noNaN: true }),
    alpha: fc.double({ min: 0.1, max: 100, noNaN: true }),
    a: fc.double({ min: 0.05, max: 5, noNaN: true }),
    b: fc.double({ min: 0.05, max: 5, noNaN: true }),
  });
  const history = fc
    .record({ x: fc.integer({ min: 0, max: 200 }), T: fc.double({ min: 0.5, max: 200, noNaN: true }) })
    .chain(({ x, T }) =>
      fc.record({
        x: fc.constant(x),
        T: fc.constant(T),
        tx: x === 0 ? fc.constant(0) : fc.double({ min: 0, max: T, noNaN: true }),
      }),
    );

  test('P(alive) lies in [0, 1] and falls as the customer stays silent longer', () => {
    fc.assert(
      fc.property(params, history, (p, { x, tx, T }) => {
        const now = bgnbdPAlive(p, x, tx, T);
        return now >= 0 && now <= 1 && bgnbdPAlive(p, x, tx, T + 10) <= now + 1e-12;
      }),
    );
  });

  test('the log-likelihood of any valid row is finite and its gradient too', () => {
    fc.assert(
      fc.property(params, history, (p, { x, tx, T }) => {
        const data = groupRepeatSummary({
          frequency: Float64Array.of(x),
          recency: Float64Array.of(tx),
          T: Float64Array.of(T),
        });
        const grad = new Float64Array(4);
        const ll = bgnbdLogLikelihood(Float64Array.of(p.r, p.alpha, p.a, p.b), data, grad);
        return Number.isFinite(ll) && grad.every(Number.isFinite);
      }),
    );
  });
});

describe('BG/NBD expectations at a = 1', () => {
  test('E[X(t)] is continuous through a = 1, where the closed form is 0/0', () => {
    const at = (a: number) => bgnbdExpectedPurchases({ ...PUBLISHED, a }, 39);
    const mid = at(1);
    assert.ok(Number.isFinite(mid));
    assert.ok(Math.abs(at(1 - 1e-6) - mid) < 1e-5 && Math.abs(at(1 + 1e-6) - mid) < 1e-5);
  });
});

describe('fitBgNbd on too little data', () => {
  test('reports converged = false for ten customers whose a and b run towards 0', () => {
    const f = (values: number[]) => Float64Array.from(values);
    const fit = fitBgNbd({
      frequency: f([2, 0, 1, 5, 0, 3, 0, 0, 1, 1]),
      recency: f([30, 0, 5, 33, 0, 20, 0, 0, 10, 35]),
      T: f([38, 38, 38, 38, 36, 36, 36, 35, 35, 35]),
    });
    assert.equal(fit.converged, false);
  });
});
