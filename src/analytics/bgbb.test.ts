import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { AppError } from '../errors.js';
import {
  type BgBbParams,
  bgbbConditionalExpectedTransactions,
  bgbbExpectedTransactions,
  bgbbLogLikelihood,
  bgbbPAlive,
  bgbbProbabilityOfTransactions,
  fitBgBb,
} from './bgbb.js';
import { loadDonations } from './donations.fixture.js';

const donations = loadDonations();
const donors = donations.weights.reduce((a, b) => a + b, 0);

describe('fitBgBb on the donations data (Fader, Hardie & Shang 2010)', () => {
  const fit = fitBgBb(donations);

  test('reproduces the published α = 1.204, β = 0.750, γ = 0.657, δ = 2.783 (lifetimes checks 2 decimals)', () => {
    assert.equal(fit.converged, true);
    assert.equal(fit.model, 'bgbb');
    assert.equal(fit.n, 11104);
    const { alpha, beta, gamma, delta } = fit.params;
    assert.deepEqual(
      [alpha, beta, gamma, delta].map((v) => v.toFixed(3)),
      ['1.204', '0.750', '0.657', '2.783'],
    );
  });

  test('its log-likelihood is the published −33,225.6', () => {
    assert.equal(fit.logLikelihood.toFixed(1), '-33225.6');
  });

  test('weighted rows have the log-likelihood of one row per donor', () => {
    const expand = (column: Float64Array) =>
      Float64Array.from(Array.from(column).flatMap((v, i) => Array(donations.weights[i]).fill(v)));
    const one = {
      frequency: expand(donations.frequency),
      recency: expand(donations.recency),
      periods: expand(donations.periods),
    };
    assert.ok(Math.abs(bgbbLogLikelihood(fit.params, one) - fit.logLikelihood) < 1e-6);
  });
});

describe('BG/BB predictions at the published parameters', () => {
  const p: BgBbParams = fitBgBb(donations).params;

  test('P(alive in 2002), table 6: 0.11 without repeats, 0.59 at x = 2, t_x = 4, 0.93 at x = 6, t_x = 6', () => {
    assert.deepEqual(
      [bgbbPAlive(p, 1, 0, 0, 6), bgbbPAlive(p, 1, 2, 4, 6), bgbbPAlive(p, 1, 6, 6, 6)].map((v) =>
        v.toFixed(2),
      ),
      ['0.11', '0.59', '0.93'],
    );
  });

  test('expected donations 2002–2006 over all donors total 12,884.2, as Hardie’s spreadsheet', () => {
    let total = 0;
    for (let i = 0; i < donations.frequency.length; i++) {
      const [x, tx, n] = [donations.frequency[i], donations.recency[i], donations.periods[i]];
      total += donations.weights[i] * bgbbConditionalExpectedTransactions(p, 5, x, tx, n);
    }
    assert.equal(total.toFixed(1), '12884.2');
  });

  test('the model’s 1996–2001 histogram: 3,454.9 donors with no repeat and 1,253.1 with six, as the spreadsheet', () => {
    assert.equal((donors * bgbbProbabilityOfTransactions(p, 6, 0)).toFixed(1), '3454.9');
    assert.equal((donors * bgbbProbabilityOfTransactions(p, 6, 6)).toFixed(1), '1253.1');
  });

  test('P(X(n) = x) sums to 1 over x and its mean is E[X(n)]', () => {
    let total = 0;
    let mean = 0;
    for (let x = 0; x <= 6; x++) {
      total += bgbbProbabilityOfTransactions(p, 6, x);
      mean += x * bgbbProbabilityOfTransactions(p, 6, x);
    }
    assert.ok(Math.abs(total - 1) < 1e-12);
    assert.ok(Math.abs(mean - bgbbExpectedTransactions(p, 6)) < 1e-12);
  });

  test('γ = 1 takes the digamma limit, continuous with γ near 1', () => {
    const at = (gamma: number) => bgbbExpectedTransactions({ ...p, gamma }, 6);
    assert.ok(Math.abs(at(1) - at(1 + 1e-6)) < 1e-5);
    assert.ok(Math.abs(at(1) - at(1 - 1e-6)) < 1e-5);
  });

  test('a new customer’s conditional expectation (x = t_x = n = 0) is E[X(m)]', () => {
    assert.ok(
      Math.abs(bgbbConditionalExpectedTransactions(p, 5, 0, 0, 0) - bgbbExpectedTransactions(p, 5)) < 1e-12,
    );
  });
});

describe('fitBgBb refuses data it cannot fit', () => {
  const rows = (frequency: number[], recency: number[], periods: number[]) => ({
    frequency: Float64Array.from(frequency),
    recency: Float64Array.from(recency),
    periods: Float64Array.from(periods),
  });

  test('a frequency above the recency names the field and row', () => {
    assert.throws(
      () => fitBgBb(rows([1, 3], [2, 2], [6, 6])),
      (e: unknown) => e instanceof AppError && e.status === 400 && e.errors[0].path === 'frequency.1',
    );
  });

  test('a recency beyond the periods names the field and row', () => {
    assert.throws(
      () => fitBgBb(rows([1], [7], [6])),
      (e: unknown) => e instanceof AppError && e.errors[0].path === 'recency.0',
    );
  });

  test('without a repeat transaction there is nothing to fit', () => {
    assert.throws(() => fitBgBb(rows([0, 0], [0, 0], [6, 6])), /no customer made a repeat transaction/);
  });
});
