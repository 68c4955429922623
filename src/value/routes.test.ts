import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { databaseTargets, type Session, signUp, startApi, type TestApi } from '../../test/support.js';
import { population } from '../scoring/population.fixture.js';
import { AS_OF, createSampleCustomers, HISTORIES } from './sample-histories.fixture.js';

const get = async (session: Session, url: string) => {
  const res = await session.request({ method: 'GET', url });
  assert.equal(res.status, 200, `${url}: ${JSON.stringify(res.body)}`);
  return res.body;
};
const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
// Buyers in the sample: every customer but the prospect.
const BUYERS = 14;
const REVENUE = sum(Object.values(HISTORIES).flatMap((sales) => sales.map(([, amount]) => amount))).toFixed(
  2,
);

for (const target of databaseTargets) {
  describe(`analytics API on ${target.name}`, () => {
    let api: TestApi;
    let alice: Session;
    let bob: Session;
    let carol: Session;
    let ids: Record<string, string>;
    let populationIds: string[];
    let carolOwns: string[];
    before(async () => {
      api = await startApi(target.url);
      alice = await signUp(api, 'Value routes');
      bob = await signUp(api, 'Someone else');
      ids = await createSampleCustomers(alice, alice.userId);
      const res = await alice.request({
        method: 'POST',
        url: '/api/v1/lifecycle/refresh',
        payload: { asOf: AS_OF },
      });
      assert.equal(res.status, 200, JSON.stringify(res.body));
      carol = await signUp(api, 'Enough data');
      populationIds = await population(carol);
      carolOwns = populationIds.slice(0, 10);
      for (const id of carolOwns) {
        const read = await carol.request({ method: 'GET', url: `/api/v1/customers/${id}` });
        const owned = await carol.request({
          method: 'PATCH',
          url: `/api/v1/customers/${id}`,
          payload: { ownerId: carol.userId },
          headers: { 'if-match': String(read.headers.etag) },
        });
        assert.equal(owned.status, 200, JSON.stringify(owned.body));
      }
    });
    after(() => api.close());

    test('a workspace without data answers empty results, before and after a refresh', async () => {
      for (const refreshed of [false, true]) {
        if (refreshed)
          assert.equal(
            (
              await bob.request({
                method: 'POST',
                url: '/api/v1/lifecycle/refresh',
                payload: { asOf: AS_OF },
              })
            ).status,
            200,
          );
        const models = await get(bob, '/api/v1/analytics/models');
        assert.equal(models.repeatModel, null);
        assert.equal(models.gammaGamma, null);
        const rfm = await get(bob, '/api/v1/analytics/rfm');
        assert.equal(rfm.customers, 0);
        assert.equal(rfm.grid.length, 25);
        assert.equal(sum(rfm.segments.map((s: { count: number }) => s.count)), 0);
        assert.deepEqual((await get(bob, '/api/v1/analytics/abc')).pareto, []);
        const clv = await get(bob, '/api/v1/analytics/clv');
        assert.deepEqual([clv.customers, clv.histogram, clv.quantiles], [0, [], []]);
        assert.deepEqual(await get(bob, '/api/v1/analytics/churn-warnings'), { data: [], nextCursor: null });
      }
    });

    test('another workspace sees none of the values', async () => {
      const res = await bob.request({ method: 'GET', url: `/api/v1/customers/${ids.monthly}/value` });
      assert.equal(res.status, 404);
      assert.equal((await get(bob, '/api/v1/analytics/rfm')).customers, 0);
    });

    test('RFM lists all 11 segments, 8 classes and 25 cells, each counting every buyer once', async () => {
      const rfm = await get(alice, '/api/v1/analytics/rfm');
      assert.equal(rfm.asOf, AS_OF);
      assert.equal(rfm.customers, BUYERS);
      assert.equal(rfm.segments.length, 11);
      assert.equal(rfm.cnClasses.length, 8);
      assert.deepEqual(
        rfm.grid.slice(0, 2).map((c: { r: number; f: number }) => [c.r, c.f]),
        [
          [1, 1],
          [1, 2],
        ],
      );
      for (const list of [rfm.segments, rfm.cnClasses, rfm.grid]) {
        assert.equal(sum(list.map((s: { count: number }) => s.count)), BUYERS);
        assert.equal(sum(list.map((s: { revenue: string }) => Number(s.revenue))).toFixed(2), REVENUE);
      }
    });

    test('ABC shares add up to one and the Pareto curve climbs from (0, 0) to (1, 1)', async () => {
      const abc = await get(alice, '/api/v1/analytics/abc');
      assert.deepEqual(
        abc.classes.map((c: { class: string }) => c.class),
        ['A', 'B', 'C'],
      );
      assert.equal(sum(abc.classes.map((c: { count: number }) => c.count)), BUYERS);
      assert.ok(Math.abs(sum(abc.classes.map((c: { revenueShare: number }) => c.revenueShare)) - 1) < 1e-9);
      assert.deepEqual(abc.pareto[0], { customerShare: 0, revenueShare: 0 });
      assert.deepEqual(abc.pareto.at(-1), { customerShare: 1, revenueShare: 1 });
      for (let i = 1; i < abc.pareto.length; i++)
        assert.ok(abc.pareto[i].revenueShare >= abc.pareto[i - 1].revenueShare);
    });

    test('below the minimums of a model the CLV report has no customer to count', async () => {
      // The sample has 14 buyers, fewer than a model needs (scoring/workspace-model.ts): no CLV is
      // guessed. src/scoring/routes.test.ts checks the histogram on a workspace with enough data.
      const clv = await get(alice, '/api/v1/analytics/clv?buckets=5');
      assert.deepEqual([clv.customers, clv.histogram, clv.quantiles], [0, [], []]);
    });

    test('below the minimums no churn risk is guessed: no warning, and each value says why', async () => {
      assert.deepEqual(await get(alice, '/api/v1/analytics/churn-warnings?minLevel=low'), {
        data: [],
        nextCursor: null,
      });
      const value = await get(alice, `/api/v1/customers/${ids.monthly}/value`);
      assert.deepEqual(
        [value.churnRisk, value.churnLevel, value.valueAtRisk, value.churnReasons, value.churnAbsentReason],
        [null, null, null, [], 'too-few-customers'],
      );
      const one = await get(alice, `/api/v1/customers/${ids.monthly}`);
      assert.deepEqual(
        [one.value.churnRisk, one.value.churnLevel, one.value.churnAbsentReason],
        [null, null, 'too-few-customers'],
      );
      const models = await get(alice, '/api/v1/analytics/models');
      assert.deepEqual([models.churn, models.churnReason], [null, 'too-few-customers']);
    });

    test('churn warnings rank by value at risk, page by cursor and filter by owner', async () => {
      const all = await get(carol, '/api/v1/analytics/churn-warnings?minLevel=low&limit=100');
      assert.equal(all.data.length, populationIds.length, 'every buyer has a churn risk');
      const risk = all.data.map((w: { valueAtRisk: string }) => Number(w.valueAtRisk));
      assert.deepEqual(
        risk,
        [...risk].sort((a, b) => b - a),
      );
      const paged: string[] = [];
      let cursor = '';
      do {
        const page = await get(carol, `/api/v1/analytics/churn-warnings?minLevel=low&limit=7${cursor}`);
        paged.push(...page.data.map((w: { customerId: string }) => w.customerId));
        cursor = page.nextCursor ? `&cursor=${page.nextCursor}` : '';
      } while (cursor);
      assert.deepEqual(
        paged,
        all.data.map((w: { customerId: string }) => w.customerId),
      );
      const owned = await get(
        carol,
        `/api/v1/analytics/churn-warnings?minLevel=low&limit=100&ownerId=${carol.userId}`,
      );
      assert.deepEqual(
        owned.data.map((w: { customerId: string }) => w.customerId).sort(),
        [...carolOwns].sort(),
      );
      const forged = await carol.request({
        method: 'GET',
        url: '/api/v1/analytics/churn-warnings?cursor=bm9wZQ',
      });
      assert.equal(forged.status, 400);
    });

    test("a customer's value is camelCase JSON with money as decimal strings", async () => {
      const value = await get(alice, `/api/v1/customers/${ids.withReturn}/value`);
      assert.equal(value.customerId, ids.withReturn);
      assert.equal(value.revenue, '350.00');
      // The return's day is no purchase day.
      assert.equal(value.purchaseDays, 2);
      assert.deepEqual([value.clv, value.pAlive, value.absentReason], [null, null, 'too-few-customers']);
      // Without a prediction there is nothing to be unsure of.
      assert.equal(value.intervals, null);
      const modelled = await get(carol, `/api/v1/customers/${populationIds[0]}/value`);
      assert.match(modelled.valueAtRisk, /^-?\d+\.\d{2}$/);
      assert.equal(modelled.churnAbsentReason, null);
      assert.ok(Array.isArray(value.churnReasons));
      const missing = await alice.request({
        method: 'GET',
        url: '/api/v1/customers/00000000-0000-4000-8000-000000000000/value',
      });
      assert.equal(missing.status, 404);
    });
  });
}
