import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { AppError } from '../errors.js';
import { loadCdnowSpend } from './cdnow-sample.fixture.js';
import {
  fitGammaGamma,
  frequencyMonetaryCorrelation,
  type GammaGammaParams,
  gammaGammaConditionalExpectedSpend,
  gammaGammaSpendEstimate,
} from './gamma-gamma.js';
import { createRandom } from './random.js';
import { simulateGammaGamma } from './simulate.js';

describe('fitGammaGamma on the CDNOW sample', () => {
  const fit = fitGammaGamma(loadCdnowSpend());

  test('uses the 946 customers with a repeat purchase and skips the other 1,411', () => {
    assert.equal(fit.n, 946);
    assert.equal(fit.skipped, 1411);
    assert.equal(fit.model, 'gamma-gamma');
  });

  test('reproduces the published p = 6.25, q = 3.74, γ = 15.44 (Fader & Hardie 2013; lifetimes: 15.45)', () => {
    assert.equal(fit.converged, true);
    assert.equal(Number(fit.params.p.toPrecision(3)), 6.25);
    assert.equal(Number(fit.params.q.toPrecision(3)), 3.74);
    // The note reports 15.44 and lifetimes 15.45: the maximum lies between the two roundings.
    assert.ok(fit.params.gamma > 15.435 && fit.params.gamma < 15.455, `γ = ${fit.params.gamma}`);
  });

  test('skips zero-value repeat spend instead of failing on ln 0', () => {
    const data = loadCdnowSpend();
    const monetaryValue = data.monetaryValue.slice();
    const firstBuyer = data.frequency.findIndex((x) => x > 0);
    monetaryValue[firstBuyer] = 0;
    const withZero = fitGammaGamma({ frequency: data.frequency, monetaryValue });
    assert.equal(withZero.n, 945);
    assert.equal(withZero.skipped, 1412);
    assert.equal(withZero.converged, true);
  });

  test('penalizer 0.1 shrinks the parameters', () => {
    const penalised = fitGammaGamma(loadCdnowSpend(), { penalizer: 0.1 });
    assert.ok(penalised.params.gamma < fit.params.gamma);
  });
});

describe('Gamma-Gamma predictions', () => {
  const published: GammaGammaParams = { p: 6.25, q: 3.74, gamma: 15.44 };

  test('E[M | x, z̄] = (γ + x z̄) p / (px + q − 1): for x = 2, z̄ = 22.35, (15.44 + 44.70) · 6.25 / 15.24', () => {
    const value = gammaGammaConditionalExpectedSpend(published, 2, 22.35);
    assert.ok(Math.abs(value - (60.14 * 6.25) / 15.24) < 1e-12);
  });

  test('with no purchases the expectation is the population mean γp / (q − 1)', () => {
    assert.ok(Math.abs(gammaGammaConditionalExpectedSpend(published, 0, 0) - (15.44 * 6.25) / 2.74) < 1e-12);
  });

  test('frequencyMonetaryCorrelation ignores customers without repeat purchases', () => {
    const x = Float64Array.of(0, 1, 2, 3);
    const m = Float64Array.of(100, 10, 20, 30);
    assert.ok(Math.abs(frequencyMonetaryCorrelation(x, m) - 1) < 1e-12);
  });

  test('frequency and spend are nearly uncorrelated on CDNOW (r = 0.11 in Fader & Hardie 2013)', () => {
    const { frequency, monetaryValue } = loadCdnowSpend();
    assert.equal(Math.round(frequencyMonetaryCorrelation(frequency, monetaryValue) * 100) / 100, 0.11);
  });
});

describe('fitGammaGamma parameter recovery', () => {
  test('recovers p, q, γ within 5 % from 50,000 simulated customers', () => {
    const truth: GammaGammaParams = { p: 6, q: 4, gamma: 15 };
    const random = createRandom(101);
    // One to three repeat purchases: the spread of z̄ across x is what separates p from q and γ.
    const frequency = Float64Array.from({ length: 50_000 }, () => 1 + Math.floor(random.uniform() * 3));
    const fit = fitGammaGamma({ frequency, monetaryValue: simulateGammaGamma(truth, frequency, 1) });
    assert.equal(fit.converged, true);
    for (const k of ['p', 'q', 'gamma'] as const) {
      assert.ok(Math.abs(fit.params[k] / truth[k] - 1) < 0.05, `${k} = ${fit.params[k]}, true ${truth[k]}`);
    }
  });
});

describe('fitGammaGamma on degenerate data', () => {
  test('rejects data where no customer has a positive repeat spend', () => {
    const data = { frequency: Float64Array.of(0, 2), monetaryValue: Float64Array.of(0, 0) };
    assert.throws(
      () => fitGammaGamma(data),
      (e: unknown) => e instanceof AppError,
    );
  });

  test('reports converged = false for a single customer', () => {
    const fit = fitGammaGamma({ frequency: Float64Array.of(1), monetaryValue: Float64Array.of(10) });
    assert.equal(fit.converged, false);
  });
});

describe('gammaGammaSpendEstimate: how a customer’s expected spend is formed (p 6.25, q 3.74, γ 15.44)', () => {
  const params = { p: 6.25, q: 3.74, gamma: 15.44 };
  const close = (a: number, b: number) => assert.ok(Math.abs(a - b) < 1e-12, `${a} vs ${b}`);

  test('a one-time buyer of $22.64: (γ + 22.64) p / (p + q − 1) = 26.4739, 30.5 % population, 69.5 % own', () => {
    const e = gammaGammaSpendEstimate(params, 0, 0, 22.64);
    assert.equal(e.basis, 'first-purchase');
    close(e.spend, (38.08 * 6.25) / 8.99);
    assert.equal(e.spend.toFixed(4), '26.4739');
    close(e.populationWeight, 2.74 / 8.99);
    close(e.observedWeight, 6.25 / 8.99);
    close(e.populationMean, (15.44 * 6.25) / 2.74);
    close(e.populationWeight * e.populationMean + e.observedWeight * e.observedMean, e.spend);
  });

  test('a one-time buyer of $1,916 is no longer given the same figure: 1342.77', () => {
    assert.equal(gammaGammaSpendEstimate(params, 0, 0, 1916).spend.toFixed(2), '1342.77');
  });

  test('a repeat buyer (x = 2, z̄ = 22.35) gets the usual posterior mean 24.6637, whatever the first amount', () => {
    const e = gammaGammaSpendEstimate(params, 2, 22.35, 500);
    assert.equal(e.basis, 'repeat-purchases');
    close(e.spend, gammaGammaConditionalExpectedSpend(params, 2, 22.35));
    assert.equal(e.spend.toFixed(4), '24.6637');
  });

  test('without a positive first amount, the population mean γp/(q − 1) = 35.2190 with weight 1', () => {
    const e = gammaGammaSpendEstimate(params, 0, 0);
    assert.equal(e.basis, 'population');
    assert.equal(e.spend.toFixed(4), '35.2190');
    assert.equal(e.populationWeight, 1);
    assert.equal(e.observedWeight, 0);
  });
});
