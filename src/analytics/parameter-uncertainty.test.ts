import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { type BgBbParams, fitBgBb } from './bgbb.js';
import { type BgNbdParams, fitBgNbd } from './bgnbd.js';
import { loadCdnowSpend, loadCdnowSummary } from './cdnow-sample.fixture.js';
import { loadDonations } from './donations.fixture.js';
import { fitGammaGamma, type GammaGammaParams } from './gamma-gamma.js';
import { fitMbgNbd } from './mbgnbd.js';
import { parameterUncertainty, Z90 } from './parameter-uncertainty.js';
import { fitParetoNbd, type ParetoNbdParams } from './pareto-nbd.js';
import { createRandom } from './random.js';
import { fitSbg, type SbgParams, sbgLogLikelihood } from './sbg.js';
import { simulateBgNbd, simulateGammaGamma, simulateMbgNbd, simulateParetoNbd } from './simulate.js';

describe('parameterUncertainty', () => {
  test('se = p·se(ln p) and the interval is p·exp(∓1.645·se(ln p))', () => {
    const out = parameterUncertainty({ a: 2, b: 10 }, Float64Array.of(0.01, 0.002, 0.002, 0.04));
    assert.ok(out);
    assert.equal(out.level, 0.9);
    assert.equal(out.scale, 'log');
    assert.deepEqual(out.standardErrors, { a: 2 * 0.1, b: 10 * 0.2 });
    assert.deepEqual(out.intervals.a, [2 * Math.exp(-Z90 * 0.1), 2 * Math.exp(Z90 * 0.1)]);
    assert.deepEqual(out.logCovariance, [
      [0.01, 0.002],
      [0.002, 0.04],
    ]);
  });

  test('no covariance (no proper maximum) gives no uncertainty', () => {
    assert.equal(parameterUncertainty({ a: 1 }, undefined), undefined);
  });
});

describe('fits report their uncertainty', () => {
  test('sBG: the covariance is the inverse of −∂²ln L/∂(ln α, ln β)² by second differences', () => {
    const alive = Float64Array.of(1000, 631, 468, 382, 326, 289, 262, 241);
    const fit = fitSbg(alive);
    const { alpha, beta } = fit.params;
    const ll = (u: number, v: number): number =>
      sbgLogLikelihood({ alpha: alpha * Math.exp(u), beta: beta * Math.exp(v) } as SbgParams, alive);
    const h = 1e-3;
    const haa = (ll(h, 0) - 2 * ll(0, 0) + ll(-h, 0)) / h ** 2;
    const hbb = (ll(0, h) - 2 * ll(0, 0) + ll(0, -h)) / h ** 2;
    const hab = (ll(h, h) - ll(h, -h) - ll(-h, h) + ll(-h, -h)) / (4 * h ** 2);
    const det = haa * hbb - hab * hab;
    const expected = [-hbb / det, hab / det, -haa / det];
    const c = fit.uncertainty?.logCovariance;
    assert.ok(c);
    const got = [c[0][0], c[0][1], c[1][1]];
    for (let i = 0; i < 3; i++)
      assert.ok(Math.abs(got[i] / expected[i] - 1) < 1e-3, `${got[i]} vs ${expected[i]}`);
  });

  test('every model on its published data: positive standard errors and intervals around the estimate', () => {
    const cdnow = loadCdnowSummary();
    const fits = [
      fitBgNbd(cdnow),
      fitMbgNbd(cdnow),
      fitParetoNbd(cdnow),
      fitGammaGamma(loadCdnowSpend()),
      fitBgBb(loadDonations()),
      fitSbg(Float64Array.of(1000, 869, 743, 653, 593, 551, 517, 491)),
    ];
    for (const fit of fits) {
      assert.ok(fit.uncertainty, fit.model);
      for (const [name, value] of Object.entries(fit.params as Record<string, number>)) {
        const se = (fit.uncertainty.standardErrors as Record<string, number>)[name];
        const [lo, hi] = (fit.uncertainty.intervals as Record<string, [number, number]>)[name];
        assert.ok(se > 0 && lo < value && value < hi, `${fit.model} ${name}`);
      }
    }
  });

  test('BG/NBD on CDNOW: the standard errors of lifetimes’ summary, 0.012557, 0.378221, 0.185719, 0.705345', () => {
    const fit = fitBgNbd(loadCdnowSummary());
    const se = fit.uncertainty?.standardErrors;
    assert.ok(se);
    assert.deepEqual(
      [se.r, se.alpha, se.a, se.b].map((v) => v.toFixed(6)),
      ['0.012557', '0.378221', '0.185719', '0.705345'],
    );
  });

  test('BG/NBD on CDNOW: the 90 % interval of r on the log scale is [0.223, 0.264]', () => {
    const fit = fitBgNbd(loadCdnowSummary());
    assert.deepEqual(
      fit.uncertainty?.intervals.r.map((v) => v.toFixed(3)),
      ['0.223', '0.264'],
    );
  });
});

describe('90 % intervals cover the true parameters of simulated data in 85–95 % of 200 simulations', () => {
  const cover = (hits: number) => hits >= 170 && hits <= 190;

  test('BG/NBD, 2,000 customers observed 26 to 78 weeks, at the CDNOW parameters', () => {
    const truth: BgNbdParams = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };
    const hits = { r: 0, alpha: 0, a: 0, b: 0 };
    for (let seed = 1; seed <= 200; seed++) {
      const fit = fitBgNbd(simulateBgNbd(truth, { customers: 2000, seed, minT: 26, maxT: 78 }));
      assert.ok(fit.uncertainty, `seed ${seed}`);
      for (const name of ['r', 'alpha', 'a', 'b'] as const) {
        const [lo, hi] = fit.uncertainty.intervals[name];
        if (lo <= truth[name] && truth[name] <= hi) hits[name]++;
      }
    }
    assert.ok(Object.values(hits).every(cover), JSON.stringify(hits));
  });

  /** How often each parameter's interval held the truth over 200 fits of simulated data. */
  function coverage<P extends Record<string, number>>(
    truth: P,
    fitSeed: (seed: number) => { uncertainty?: { intervals: Record<string, [number, number]> } | null },
  ) {
    const hits = Object.fromEntries(Object.keys(truth).map((name) => [name, 0]));
    for (let seed = 1; seed <= 200; seed++) {
      const { uncertainty } = fitSeed(seed);
      assert.ok(uncertainty, `seed ${seed}`);
      for (const name of Object.keys(truth)) {
        const [lo, hi] = uncertainty.intervals[name];
        if (lo <= truth[name] && truth[name] <= hi) hits[name]++;
      }
    }
    return hits;
  }

  test('MBG/NBD, 4,000 customers observed 26 to 78 weeks, at the CDNOW parameters of Batislam et al.', () => {
    const truth: BgNbdParams = { r: 0.525, alpha: 6.183, a: 0.891, b: 1.614 };
    const hits = coverage(truth, (seed) =>
      fitMbgNbd(simulateMbgNbd(truth, { customers: 4000, seed, minT: 26, maxT: 78 })),
    );
    assert.ok(Object.values(hits).every(cover), JSON.stringify(hits));
  });

  test('Pareto/NBD, 1,000 customers observed 26 to 78 weeks, at the CDNOW parameters', () => {
    const truth: ParetoNbdParams = { r: 0.553, alpha: 10.578, s: 0.606, beta: 11.669 };
    const hits = coverage(truth, (seed) =>
      fitParetoNbd(simulateParetoNbd(truth, { customers: 1000, seed, minT: 26, maxT: 78 })),
    );
    assert.ok(Object.values(hits).every(cover), JSON.stringify(hits));
  });

  test('Gamma-Gamma, the spend of 2,000 BG/NBD customers, at the CDNOW parameters', () => {
    const truth: GammaGammaParams = { p: 6.25, q: 3.74, gamma: 15.44 };
    const hits = coverage(truth, (seed) => {
      const { frequency } = simulateBgNbd(
        { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 },
        { customers: 2000, seed, minT: 26, maxT: 78 },
      );
      return fitGammaGamma({ frequency, monetaryValue: simulateGammaGamma(truth, frequency, seed) });
    });
    assert.ok(Object.values(hits).every(cover), JSON.stringify(hits));
  });

  test('BG/BB, 3,000 donors over 6 occasions, at the donations’ parameters (rows counted by weight)', () => {
    const truth: BgBbParams = { alpha: 1.204, beta: 0.75, gamma: 0.657, delta: 2.783 };
    const n = 6;
    const random = createRandom(11);
    const hits = { alpha: 0, beta: 0, gamma: 0, delta: 0 };
    for (let run = 0; run < 200; run++) {
      // Donors by (x, t_x): before each occasion an active donor leaves with chance θ, else gives with chance p.
      const counts = new Map<string, number>();
      for (let i = 0; i < 3000; i++) {
        const p = random.beta(truth.alpha, truth.beta);
        const theta = random.beta(truth.gamma, truth.delta);
        let x = 0;
        let tx = 0;
        for (let t = 1; t <= n && random.uniform() >= theta; t++) {
          if (random.uniform() < p) [x, tx] = [x + 1, t];
        }
        counts.set(`${x} ${tx}`, (counts.get(`${x} ${tx}`) ?? 0) + 1);
      }
      const rows = [...counts].map(([key, weight]) => [...key.split(' ').map(Number), weight]);
      const fit = fitBgBb({
        frequency: Float64Array.from(rows, (r) => r[0]),
        recency: Float64Array.from(rows, (r) => r[1]),
        periods: new Float64Array(rows.length).fill(n),
        weights: Float64Array.from(rows, (r) => r[2]),
      });
      assert.ok(fit.uncertainty, `run ${run}`);
      for (const name of ['alpha', 'beta', 'gamma', 'delta'] as const) {
        const [lo, hi] = fit.uncertainty.intervals[name];
        if (lo <= truth[name] && truth[name] <= hi) hits[name]++;
      }
    }
    assert.ok(Object.values(hits).every(cover), JSON.stringify(hits));
  });

  test('sBG, cohorts of 1,000 observed 7 periods, at the regular customers’ parameters', () => {
    const truth: SbgParams = { alpha: 0.704, beta: 1.182 };
    const random = createRandom(7);
    const hits = { alpha: 0, beta: 0 };
    for (let run = 0; run < 200; run++) {
      const alive = new Float64Array(8);
      for (let i = 0; i < 1000; i++) {
        const churn = random.beta(truth.alpha, truth.beta);
        let t = 0;
        alive[0]++;
        while (t < 7 && random.uniform() >= churn) alive[++t]++;
      }
      const fit = fitSbg(alive);
      assert.ok(fit.uncertainty);
      for (const name of ['alpha', 'beta'] as const) {
        const [lo, hi] = fit.uncertainty.intervals[name];
        if (lo <= truth[name] && truth[name] <= hi) hits[name]++;
      }
    }
    assert.ok(Object.values(hits).every(cover), JSON.stringify(hits));
  });
});
