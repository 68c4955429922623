import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { databaseTargets, type Session, signUp, startApi, type TestApi } from '../../test/support.js';
import { ABC_CLASSES, abcClasses } from '../analytics/abc.js';
import { bgnbdConditionalExpectedPurchases, bgnbdPAlive, fitBgNbd } from '../analytics/bgnbd.js';
import { CHURN_LEVELS, churnRisk } from '../analytics/churn.js';
import { formatDay, parseIsoDay } from '../analytics/civil-days.js';
import { clvBgNbdGammaGamma } from '../analytics/clv.js';
import { fitGammaGamma, gammaGammaConditionalExpectedSpend } from '../analytics/gamma-gamma.js';
import { bgnbdNoPurchaseProbability } from '../analytics/no-purchase-probability.js';
import { CN_CLASSES, cnClasses, RFM_SEGMENTS, rfmScores, rfmSegments } from '../analytics/rfm.js';
import { customerSummaries, fittableRows } from '../analytics/summaries.js';
import { needsRefit } from './refresh.js';
import { AS_OF, createSampleCustomers, HISTORIES, sampleColumns } from './sample-histories.fixture.js';

/** What the engine says of the sample, called function by function, independently of the refresh. */
function expectedValues(names: string[]) {
  const asOf = parseIsoDay(AS_OF);
  const summary = customerSummaries(sampleColumns(names), { asOf, period: 'day', unit: 'day' });
  const recency = summary.last.map((d) => asOf - d);
  const input = { recency, frequency: summary.frequency.map((x) => x + 1), monetary: summary.total };
  const rfm = rfmScores(input);
  const bg = fitBgNbd(fittableRows(summary));
  const gg = fitGammaGamma(summary);
  const { frequency: x, recency: tx, T } = summary;
  const pAlive = x.map((_, i) => bgnbdPAlive(bg.params, x[i], tx[i], T[i]));
  const pNoPurchase = x.map((_, i) => bgnbdNoPurchaseProbability(bg.params, 90, x[i], tx[i], T[i]));
  const churn = churnRisk({
    daysSinceLast: recency,
    medianInterval: summary.medianInterval,
    pAlive,
    pNoPurchase,
    recentSpend: summary.recentSpend,
    previousSpend: summary.previousSpend,
  });
  const clv = clvBgNbdGammaGamma(bg.params, gg.params, summary, {
    periods: 12,
    periodLength: 365 / 12,
    discountRate: 0.01,
  });
  return {
    summary,
    bg,
    gg,
    row: (i: number) => ({
      purchaseDays: x[i] + 1,
      daysSinceLast: recency[i],
      revenue: summary.total[i].toFixed(2),
      rfm: { r: rfm.r[i], f: rfm.f[i], m: rfm.m[i], segment: RFM_SEGMENTS[rfmSegments(rfm)[i]] },
      cnClass: CN_CLASSES[cnClasses(input)[i]],
      abcClass: ABC_CLASSES[abcClasses(summary.total)[i]],
      pAlive: pAlive[i],
      expectedPurchases90d: bgnbdConditionalExpectedPurchases(bg.params, 90, x[i], tx[i], T[i]),
      expectedAvgSpend: gammaGammaConditionalExpectedSpend(
        gg.params,
        x[i],
        x[i] > 0 ? summary.monetaryValue[i] : 0,
      ),
      clv: clv[i],
      churnRisk: churn.risk[i],
      churnLevel: CHURN_LEVELS[churn.level[i]],
    }),
  };
}

/**
 * The customers with purchases in the order the refresh numbers them (by id): the fits sum over
 * customers, and the same order gives the same floating-point sums, so the same parameters.
 */
const buyers = (ids: Record<string, string>) =>
  Object.keys(HISTORIES)
    .filter((name) => HISTORIES[name].length > 0)
    .sort((a, b) => (ids[a] < ids[b] ? -1 : 1));

const close = (actual: number, expected: number, what: string) =>
  assert.ok(
    Math.abs(actual - expected) <= 1e-9 * Math.max(1, Math.abs(expected)),
    `${what}: ${actual} ≠ ${expected}`,
  );

test('models are refitted when missing, at another as-of, or a day old, and reused otherwise', () => {
  const fittedAt = new Date('2025-01-01T00:00:00Z');
  const stored = {
    fittedAsOf: AS_OF,
    fittedAt,
    params: { bgnbd: null, gammaGamma: null },
    backtestEnd: null,
    cutoffs: null,
  };
  const hour = 3_600_000;
  assert.equal(needsRefit(null, AS_OF), true);
  assert.equal(needsRefit(stored, '2025-01-01', fittedAt.getTime() + hour), true);
  assert.equal(needsRefit(stored, AS_OF, fittedAt.getTime() + 24 * hour), true);
  assert.equal(needsRefit(stored, AS_OF, fittedAt.getTime() + 23 * hour), false);
});

for (const target of databaseTargets) {
  describe(`customer value refresh on ${target.name}`, () => {
    let api: TestApi;
    let alice: Session;
    let ids: Record<string, string>;
    before(async () => {
      api = await startApi(target.url);
      alice = await signUp(api, 'Value');
      ids = await createSampleCustomers(alice);
      const refreshed = await alice.request({
        method: 'POST',
        url: '/api/v1/lifecycle/refresh',
        payload: { asOf: AS_OF },
      });
      assert.equal(refreshed.status, 200, JSON.stringify(refreshed.body));
    });
    after(() => api.close());

    test('every buyer stores the figures the engine computes on the same transactions', async () => {
      const names = buyers(ids);
      const expected = expectedValues(names);
      for (let i = 0; i < names.length; i++) {
        const res = await alice.request({ method: 'GET', url: `/api/v1/customers/${ids[names[i]]}/value` });
        assert.equal(res.status, 200, names[i]);
        const want = expected.row(expected.summary.customer.indexOf(i));
        const got = res.body;
        assert.equal(got.asOf, AS_OF);
        const approximate = {
          pAlive: 0,
          expectedPurchases90d: 0,
          churnRisk: 0,
          expectedAvgSpend: '',
          clv: '',
        };
        assert.deepEqual({ ...got, ...approximate }, { ...got, ...want, ...approximate }, names[i]);
        // Money is rounded by numeric from the shortest decimal of the double, not by toFixed.
        for (const key of ['expectedAvgSpend', 'clv'] as const)
          assert.ok(Math.abs(Number(got[key]) - want[key]) <= 0.005 + 1e-9, `${names[i]} ${key}`);
        close(got.pAlive, want.pAlive, `${names[i]} P(alive)`);
        close(got.expectedPurchases90d, want.expectedPurchases90d, `${names[i]} expected purchases`);
        close(got.churnRisk, want.churnRisk, `${names[i]} churn risk`);
        assert.ok(
          Math.abs(Number(got.valueAtRisk) - (Number(got.clv) * got.churnRisk) / 100) <= 0.005 + 1e-9,
          names[i],
        );
      }
    });

    test('the stored fit is the engine fit on the same data', async () => {
      const { bg, gg } = expectedValues(buyers(ids));
      const res = await alice.request({ method: 'GET', url: '/api/v1/analytics/models' });
      assert.equal(res.status, 200);
      assert.equal(res.body.fittedAsOf, AS_OF);
      assert.deepEqual(res.body.bgnbd, {
        params: bg.params,
        logLikelihood: bg.logLikelihood,
        n: bg.n,
        converged: bg.converged,
      });
      assert.deepEqual(res.body.gammaGamma.params, gg.params);
      assert.equal(res.body.gammaGamma.skipped, gg.skipped);
      assert.equal(res.body.backtest.calibrationEnd, '2024-10-02');
    });

    test('a prospect without purchases has no value row', async () => {
      const res = await alice.request({ method: 'GET', url: `/api/v1/customers/${ids.prospect}/value` });
      assert.equal(res.status, 404);
    });

    // Last: it adds a sale to the sample.
    test('a refresh with no new data keeps the stored values; a new sale recomputes them', async () => {
      const value = async () =>
        (await alice.request({ method: 'GET', url: `/api/v1/customers/${ids.oneOff}/value` })).body;
      const refresh = () =>
        alice.request({ method: 'POST', url: '/api/v1/lifecycle/refresh', payload: { asOf: AS_OF } });
      const before = await value();
      assert.equal((await refresh()).status, 200);
      assert.equal((await value()).computedAt, before.computedAt);
      const sale = { customerId: ids.oneOff, occurredAt: '2024-12-30T10:00:00+08:00', amount: 90 };
      assert.equal(
        (await alice.request({ method: 'POST', url: '/api/v1/transactions', payload: sale })).status,
        201,
      );
      assert.equal((await refresh()).status, 200);
      const after = await value();
      assert.notEqual(after.computedAt, before.computedAt);
      assert.deepEqual([after.purchaseDays, after.revenue], [2, '590.00']);
    });

    test('a refit within a week of the backtest keeps it; a week later it is redone', async () => {
      const refreshAt = async (asOf: string) => {
        const res = await alice.request({
          method: 'POST',
          url: '/api/v1/lifecycle/refresh',
          payload: { asOf },
        });
        assert.equal(res.status, 200);
        return (await alice.request({ method: 'GET', url: '/api/v1/analytics/models' })).body;
      };
      const stored = await refreshAt(AS_OF);
      const days = (n: number) => formatDay(parseIsoDay(AS_OF) + n);
      const later = await refreshAt(days(6));
      assert.equal(later.fittedAsOf, days(6));
      assert.deepEqual(later.backtest, stored.backtest);
      const week = await refreshAt(days(7));
      assert.equal(week.fittedAsOf, days(7));
      assert.equal(week.backtest.holdoutEnd, days(7));
      assert.equal(week.backtest.calibrationEnd, days(7 - 90));
    });
  });
}
