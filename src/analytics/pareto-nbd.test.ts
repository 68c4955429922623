import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { AppError } from '../errors.js';
import { loadCdnowSummary } from './cdnow-sample.fixture.js';
import { groupRepeatSummary } from './group-repeat-summary.js';
import {
  fitParetoNbd,
  type ParetoNbdParams,
  paretoNbdConditionalExpectedPurchases,
  paretoNbdExpectedPurchases,
  paretoNbdLogLikelihood,
  paretoNbdPAlive,
  paretoNbdProbabilityOfPurchases,
} from './pareto-nbd.js';
import { simulateParetoNbd } from './simulate.js';

/** Fader, Hardie & Lee (2005), the Pareto/NBD benchmark fit on the CDNOW sample. */
const PUBLISHED: ParetoNbdParams = { r: 0.553, alpha: 10.578, s: 0.606, beta: 11.669 };

const threeDigits = (actual: number, expected: number) =>
  assert.equal(Number(actual.toPrecision(3)), Number(expected.toPrecision(3)), `${actual} vs ${expected}`);

/**
 * The likelihood and P(alive) straight from their integral form (Fader & Hardie 2005 note),
 * with the death-time integral done by composite Simpson: an independent check of the 2F1 route.
 */
function byQuadrature(p: ParetoNbdParams, x: number, tx: number, T: number) {
  const { r, alpha, s, beta } = p;
  const integrand = (tau: number) => (alpha + tau) ** -(r + x) * (beta + tau) ** -(s + 1);
  const steps = 20_000;
  const h = (T - tx) / steps;
  let sum = integrand(tx) + integrand(T);
  for (let i = 1; i < steps; i++) sum += (i % 2 ? 4 : 2) * integrand(tx + i * h);
  const alive = (alpha + T) ** -(r + x) * (beta + T) ** -s;
  const dead = (s * sum * h) / 3;
  return { alive: alive / (alive + dead) };
}

describe('fitParetoNbd on the CDNOW sample', () => {
  const fit = fitParetoNbd(loadCdnowSummary());

  test('reproduces the published parameters r = 0.553, α = 10.578, s = 0.606, β = 11.669', () => {
    assert.equal(fit.converged, true);
    for (const k of ['r', 'alpha', 's', 'beta'] as const) threeDigits(fit.params[k], PUBLISHED[k]);
  });

  test('reproduces the published log-likelihood -9595.0', () => {
    assert.equal(fit.model, 'pareto-nbd');
    assert.equal(Math.round(fit.logLikelihood * 10) / 10, -9595.0);
  });
});

describe('Pareto/NBD predictions', () => {
  test('P(alive) agrees with direct quadrature of the death-time integral on both sides of α = β', () => {
    const cases: [ParetoNbdParams, number, number, number][] = [
      [PUBLISHED, 2, 30.43, 38.86],
      [PUBLISHED, 0, 0, 38.86],
      [{ r: 0.5, alpha: 20, s: 0.8, beta: 3 }, 5, 12, 40],
      [{ r: 0.5, alpha: 20, s: 0.8, beta: 3 }, 40, 39.5, 40],
    ];
    for (const [p, x, tx, T] of cases) {
      const expected = byQuadrature(p, x, tx, T).alive;
      assert.ok(Math.abs(paretoNbdPAlive(p, x, tx, T) - expected) < 1e-9, `x=${x}: vs ${expected}`);
    }
  });

  test('P(alive) is 1 when the last purchase is at T (t_x = T)', () => {
    assert.equal(paretoNbdPAlive(PUBLISHED, 3, 20, 20), 1);
  });

  test('E[X(t)] is rβ/(α(s−1)) (1 − (β/(β+t))^{s−1}) and its s = 1 limit is continuous', () => {
    // rβ/(α(s−1)) (1 − (β/(β+t))^{s−1}) at the published values, t = 39 weeks.
    const { r, alpha, s, beta } = PUBLISHED;
    const expected = ((r * beta) / (alpha * (s - 1))) * (1 - (beta / (beta + 39)) ** (s - 1));
    assert.ok(Math.abs(paretoNbdExpectedPurchases(PUBLISHED, 39) - expected) < 1e-12);
    const near = paretoNbdExpectedPurchases({ ...PUBLISHED, s: 1 + 1e-7 }, 39);
    assert.ok(Math.abs(paretoNbdExpectedPurchases({ ...PUBLISHED, s: 1 }, 39) - near) < 1e-6);
  });

  test('the conditional expectation is P(alive) times the expected purchases of an alive customer', () => {
    const alive = paretoNbdPAlive(PUBLISHED, 2, 30.43, 38.86);
    const value = paretoNbdConditionalExpectedPurchases(PUBLISHED, 39, 2, 30.43, 38.86);
    const { r, alpha, s, beta } = PUBLISHED;
    const ifAlive = ((r + 2) * (beta + 38.86)) / ((alpha + 38.86) * (s - 1));
    assert.ok(Math.abs(value - alive * ifAlive * (1 - ((beta + 38.86) / (beta + 77.86)) ** (s - 1))) < 1e-12);
  });

  test('P(X(t) = n) sums to 1 over n and its mean is E[X(t)]', () => {
    for (const p of [PUBLISHED, { r: 0.5, alpha: 20, s: 0.8, beta: 3 }]) {
      let total = 0;
      let mean = 0;
      for (let n = 0; n < 300; n++) {
        const q = paretoNbdProbabilityOfPurchases(p, 39, n);
        total += q;
        mean += n * q;
      }
      assert.ok(Math.abs(total - 1) < 1e-8, `total ${total}`);
      assert.ok(Math.abs(mean - paretoNbdExpectedPurchases(p, 39)) < 1e-7, `mean ${mean}`);
    }
  });
});

describe('paretoNbdLogLikelihood', () => {
  test('its analytic gradient matches central differences for α > β and for α < β', () => {
    const data = groupRepeatSummary(loadCdnowSummary());
    for (const start of [
      [0.6, 12, 0.7, 9],
      [0.5, 8, 0.5, 14],
    ]) {
      const p = Float64Array.from(start);
      const grad = new Float64Array(4);
      paretoNbdLogLikelihood(p, data, grad);
      const scratch = new Float64Array(4);
      for (let j = 0; j < 4; j++) {
        const h = 1e-6 * p[j];
        const up = p.slice();
        const down = p.slice();
        up[j] += h;
        down[j] -= h;
        const ll = (q: Float64Array) => paretoNbdLogLikelihood(q, data, scratch);
        const numeric = (ll(up) - ll(down)) / (2 * h);
        assert.ok(
          Math.abs(grad[j] - numeric) < 1e-5 * Math.abs(numeric),
          `∂/∂p${j}: ${grad[j]} vs ${numeric}`,
        );
      }
    }
  });
});

describe('fitParetoNbd parameter recovery', () => {
  test('recovers r, α, s, β within 5 % from 50,000 simulated customers', () => {
    const truth: ParetoNbdParams = { r: 1, alpha: 5, s: 1, beta: 20 };
    const data = simulateParetoNbd(truth, { customers: 50_000, seed: 1, minT: 52, maxT: 156 });
    const fit = fitParetoNbd(data);
    assert.equal(fit.converged, true);
    for (const k of ['r', 'alpha', 's', 'beta'] as const) {
      assert.ok(Math.abs(fit.params[k] / truth[k] - 1) < 0.05, `${k} = ${fit.params[k]}, true ${truth[k]}`);
    }
  });
});

describe('fitParetoNbd on degenerate data', () => {
  const f = (values: number[]) => Float64Array.from(values);

  test('rejects data without a single repeat purchase', () => {
    const data = { frequency: f([0, 0]), recency: f([0, 0]), T: f([10, 20]) };
    assert.throws(
      () => fitParetoNbd(data),
      (e: unknown) => e instanceof AppError && /no customer/.test(e.message),
    );
  });

  test('reports converged = false for a single customer', () => {
    assert.equal(fitParetoNbd({ frequency: f([2]), recency: f([30]), T: f([38]) }).converged, false);
  });

  test('penalizer 0.1 shrinks the parameters', () => {
    const fit = fitParetoNbd(loadCdnowSummary(), { penalizer: 0.1 });
    assert.equal(fit.converged, true);
    assert.ok(fit.params.alpha < PUBLISHED.alpha && fit.params.beta < PUBLISHED.beta);
  });
});

describe('Pareto/NBD properties', () => {
  const params = fc.record({
    r: fc.double({ min: 0.05, max: 5, noNaN: true }),
    alpha: fc.double({ min: 0.1, max: 100, noNaN: true }),
    s: fc.double({ min: 0.05, max: 5, noNaN: true }),
    beta: fc.double({ min: 0.1, max: 100, noNaN: true }),
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
        const now = paretoNbdPAlive(p, x, tx, T);
        const later = paretoNbdPAlive(p, x, tx, T + 10);
        return now >= 0 && now <= 1 && later <= now + 1e-12;
      }),
    );
  });

  test('the conditional expectation is finite, >= 0 and grows with the horizon', () => {
    fc.assert(
      fc.property(params, history, (p, { x, tx, T }) => {
        const short = paretoNbdConditionalExpectedPurchases(p, 10, x, tx, T);
        const long = paretoNbdConditionalExpectedPurchases(p, 20, x, tx, T);
        return Number.isFinite(short) && short >= 0 && long >= short;
      }),
    );
  });
});

describe('fitParetoNbd on extreme data', () => {
  test('fits data with a very frequent customer (x = 10,000) and times in thousands', () => {
    const base = loadCdnowSummary();
    const fit = fitParetoNbd({
      frequency: base.frequency.map((x, i) => (i === 0 ? 10_000 : x)),
      recency: base.recency.map((v) => v * 1000),
      T: base.T.map((v) => v * 1000),
    });
    assert.equal(fit.converged, true);
    assert.ok(Number.isFinite(fit.logLikelihood));
  });
});
