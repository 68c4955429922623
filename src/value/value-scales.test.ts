import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  addMember,
  databaseTargets,
  type Session,
  signUp,
  startApi,
  type TestApi,
} from '../../test/support.js';
import { ABC_CLASSES, abcClasses } from '../analytics/abc.js';
import { AS_OF, createSampleCustomers, HISTORIES } from './sample-histories.fixture.js';

const URL = '/api/v1/analytics/value-scales';

for (const target of databaseTargets) {
  describe(`RFM bins and ABC thresholds on ${target.name}`, () => {
    let api: TestApi;
    let alice: Session;
    let ids: Record<string, string>;
    before(async () => {
      api = await startApi(target.url);
      alice = await signUp(api, 'Value scales');
      ids = await createSampleCustomers(alice);
    });
    after(() => api.close());

    const put = (session: Session, payload: object, ifMatch?: string) =>
      session.request({
        method: 'PUT',
        url: URL,
        payload,
        headers: ifMatch ? { 'if-match': ifMatch } : {},
      });
    const refresh = async () => {
      const res = await alice.request({
        method: 'POST',
        url: '/api/v1/lifecycle/refresh',
        payload: { asOf: AS_OF },
      });
      assert.equal(res.status, 200, JSON.stringify(res.body));
    };

    test('a new workspace scores by quintiles and splits A at 80 % and B at the next 15 %', async () => {
      const res = await alice.request({ method: 'GET', url: URL });
      assert.equal(res.status, 200);
      assert.deepEqual(res.body, { rfmBins: 5, abcA: 0.8, abcB: 0.15 });
      assert.equal(res.headers.etag, '"1"');
    });

    test('bad scales are refused naming every field at fault, and nothing changes', async () => {
      const all = await put(alice, { rfmBins: 1, abcA: 1, abcB: -0.1 }, '"1"');
      assert.equal(all.status, 400);
      assert.match(all.headers['content-type'] as string, /application\/problem\+json/);
      assert.deepEqual(
        all.body.errors.map((e: { path: string; code: string }) => [e.path, e.code]),
        [
          ['body.rfmBins', 'too_small'],
          ['body.abcA', 'too_big'],
          ['body.abcB', 'too_small'],
        ],
      );
      for (const [payload, path, code] of [
        [{ rfmBins: 3.5, abcA: 0.8, abcB: 0.15 }, 'body.rfmBins', 'invalid_type'],
        [{ rfmBins: 11, abcA: 0.8, abcB: 0.15 }, 'body.rfmBins', 'too_big'],
        [{ rfmBins: 5, abcA: 0.9, abcB: 0.2 }, 'body.abcB', 'sum_above_one'],
      ] as const) {
        const res = await put(alice, payload, '"1"');
        assert.equal(res.status, 400, JSON.stringify(payload));
        assert.deepEqual(
          res.body.errors.map((e: { path: string; code: string }) => [e.path, e.code]),
          [[path, code]],
          JSON.stringify(res.body.errors),
        );
      }
      assert.deepEqual((await alice.request({ method: 'GET', url: URL })).body, {
        rfmBins: 5,
        abcA: 0.8,
        abcB: 0.15,
      });
    });

    test('only owners and admins change them, with If-Match; a stale tag is refused', async () => {
      const manager = await addMember(api, alice, 'manager');
      assert.equal((await put(manager, { rfmBins: 4, abcA: 0.7, abcB: 0.2 }, '"1"')).status, 403);
      assert.equal((await put(alice, { rfmBins: 4, abcA: 0.7, abcB: 0.2 })).status, 428);
      const saved = await put(alice, { rfmBins: 4, abcA: 0.7, abcB: 0.2 }, '"1"');
      assert.equal(saved.status, 200, JSON.stringify(saved.body));
      assert.equal(saved.headers.etag, '"2"');
      assert.equal((await put(alice, { rfmBins: 3, abcA: 0.5, abcB: 0.3 }, '"1"')).status, 412);
      const audit = await alice.request({ method: 'GET', url: '/api/v1/audit?entity=value-scales' });
      assert.equal(audit.status, 200);
      assert.deepEqual(
        audit.body.data.map((e: { action: string; before: unknown; after: unknown }) => [
          e.action,
          e.before,
          e.after,
        ]),
        [['settings-change', { rfmBins: 5, abcA: 0.8, abcB: 0.15 }, { rfmBins: 4, abcA: 0.7, abcB: 0.2 }]],
      );
    });

    test('the next refresh scores everyone on the saved scales, and the reports follow them', async () => {
      await refresh();
      const etag = String((await alice.request({ method: 'GET', url: URL })).headers.etag);
      const saved = await put(alice, { rfmBins: 3, abcA: 0.5, abcB: 0.3 }, etag);
      assert.equal(saved.status, 200, JSON.stringify(saved.body));
      await refresh();

      const rfm = (await alice.request({ method: 'GET', url: '/api/v1/analytics/rfm' })).body;
      assert.equal(rfm.bins, 3);
      assert.equal(rfm.grid.length, 9, 'three R scores by three F scores');
      const buyers = Object.keys(HISTORIES).filter((name) => HISTORIES[name].length > 0);
      assert.equal(rfm.customers, buyers.length);

      // The classes the engine gives each buyer's net revenue with A at 50 % and B at the next 30 %.
      const revenue = Float64Array.from(buyers, (name) =>
        HISTORIES[name].reduce((sum, [, amount]) => sum + amount, 0),
      );
      const expected = abcClasses(revenue, { a: 0.5, b: 0.3 });
      for (const [i, name] of buyers.entries()) {
        const value = (await alice.request({ method: 'GET', url: `/api/v1/customers/${ids[name]}/value` }))
          .body;
        assert.equal(value.abcClass, ABC_CLASSES[expected[i]], name);
        for (const score of [value.rfm.r, value.rfm.f, value.rfm.m])
          assert.ok(score >= 1 && score <= 3, `${name}: ${JSON.stringify(value.rfm)}`);
      }
      const abc = (await alice.request({ method: 'GET', url: '/api/v1/analytics/abc' })).body;
      assert.deepEqual(abc.thresholds, { a: 0.5, b: 0.3 });
      assert.deepEqual(
        abc.classes.map((c: { count: number }) => c.count),
        [0, 1, 2].map((k) => expected.filter((x) => x === k).length),
      );
    });
  });
}
