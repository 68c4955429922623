import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { databaseTargets, type Session, signUp, startApi, type TestApi } from '../../test/support.js';
import { ABC_CLASSES, abcClasses } from '../analytics/abc.js';
import { formatDay, parseIsoDay } from '../analytics/civil-days.js';
import { CN_CLASSES, cnClasses, RFM_SEGMENTS, rfmScores, rfmSegments } from '../analytics/rfm.js';
import { customerSummaries } from '../analytics/summaries.js';
import { MIN_CUSTOMERS, MIN_HISTORY_DAYS, MIN_REPEAT_BUYERS } from '../scoring/workspace-model.js';
import { AS_OF, createSampleCustomers, HISTORIES, sampleColumns } from './sample-histories.fixture.js';

/**
 * What the engine says of the sample, called function by function, independently of the refresh. The
 * sample has fewer customers than a fit needs (MIN_CUSTOMERS): no prediction that needs a model is
 * made, the churn risk included (no rule score stands in for its probability).
 */
function expectedValues(names: string[]) {
  const asOf = parseIsoDay(AS_OF);
  const summary = customerSummaries(sampleColumns(names), { asOf, period: 'day', unit: 'day' });
  const recency = summary.last.map((d) => asOf - d);
  const input = { recency, frequency: summary.frequency.map((x) => x + 1), monetary: summary.total };
  const rfm = rfmScores(input);
  const { frequency: x } = summary;
  return {
    summary,
    row: (i: number) => ({
      purchaseDays: x[i] + 1,
      daysSinceLast: recency[i],
      revenue: summary.total[i].toFixed(2),
      rfm: { r: rfm.r[i], f: rfm.f[i], m: rfm.m[i], segment: RFM_SEGMENTS[rfmSegments(rfm)[i]] },
      cnClass: CN_CLASSES[cnClasses(input)[i]],
      abcClass: ABC_CLASSES[abcClasses(summary.total)[i]],
      pAlive: null,
      expectedPurchases90d: null,
      expectedAvgSpend: null,
      clv: null,
      absentReason: 'too-few-customers',
      churnRisk: null,
      churnLevel: null,
      churnReasons: [],
      valueAtRisk: null,
      churnAbsentReason: 'too-few-customers',
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
        assert.deepEqual(got, { ...got, ...want }, names[i]);
      }
    });

    test('below the minimums no model is fitted, and the report says which minimum and on what data', async () => {
      const names = buyers(ids);
      const { summary } = expectedValues(names);
      const res = await alice.request({ method: 'GET', url: '/api/v1/analytics/models' });
      assert.equal(res.status, 200);
      assert.equal(res.body.fittedAsOf, AS_OF);
      assert.equal(res.body.reason, 'too-few-customers');
      assert.deepEqual(res.body.minimums, {
        customers: MIN_CUSTOMERS,
        repeatBuyers: MIN_REPEAT_BUYERS,
        historyDays: MIN_HISTORY_DAYS,
      });
      assert.equal(res.body.data.customers, summary.T.filter((t) => t > 0).length);
      assert.equal(res.body.data.repeatBuyers, summary.frequency.filter((x) => x > 0).length);
      assert.deepEqual(
        [res.body.chosen, res.body.repeatModel, res.body.gammaGamma, res.body.churn],
        [null, null, null, null],
      );
      assert.deepEqual(res.body.candidates, []);
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

    test('the fit holds for a week of as-of days and is redone after', async () => {
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
      assert.deepEqual([later.fittedAsOf, later.fittedAt], [stored.fittedAsOf, stored.fittedAt]);
      const week = await refreshAt(days(7));
      assert.equal(week.fittedAsOf, days(7));
    });
  });
}
