import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { databaseTargets, type Session, signUp, startApi, type TestApi } from '../../test/support.js';
import { createDemoWorkspace } from '../demo/load.js';
import { shiftDay } from './analytics.js';

const TODAY = '2026-11-25';
const QUARTERS = [-12, -9, -6, -3, 0].map((months) => shiftDay(TODAY, { months: months + 1, days: -7 }));

for (const target of databaseTargets) {
  describe(`stage analytics of the demo workspace on ${target.name}`, () => {
    let api: TestApi;
    let alice: Session;
    let demo: string;
    const get = async (url: string) => {
      const res = await alice.request({ method: 'GET', url, headers: { 'clm-workspace': demo } });
      assert.equal(res.status, 200, `${url}: ${JSON.stringify(res.body)}`);
      return res.body;
    };

    before(async () => {
      api = await startApi(target.url);
      alice = await signUp(api, 'Demo analytics');
      demo = (
        await createDemoWorkspace(api.database.db, { ownerUserId: alice.userId, today: TODAY, seed: 3 })
      ).workspaceId;
      for (const asOf of QUARTERS) {
        const res = await alice.request({
          method: 'POST',
          url: '/api/v1/lifecycle/refresh',
          payload: { asOf },
          headers: { 'clm-workspace': demo },
        });
        assert.equal(res.status, 200);
      }
    });
    after(() => api.close());

    test('transitions account for every customer placed at the later date', async () => {
      const from = QUARTERS[1];
      const to = QUARTERS[4];
      const t = await get(`/api/v1/lifecycle/transitions?from=${from}&to=${to}`);
      const placed = await get(`/api/v1/lifecycle/distribution?asOf=${to}`);
      const total = (rows: { count: number }[]) => rows.reduce((n, r) => n + r.count, 0);
      assert.ok(total(placed.stages) > 1000);
      assert.equal(total(t.matrix), total(placed.stages));
      assert.equal(
        t.links.reduce((n: number, l: { value: number }) => n + l.value, 0),
        total(placed.stages),
      );
      const ids = new Set(t.nodes.map((n: { id: string }) => n.id));
      for (const link of t.links) assert.ok(ids.has(link.source) && ids.has(link.target));
      // Histories are replayed from each customer's first day: a change from no stage is the first
      // placement of a customer who was not placed yet at the earlier date, and only those.
      const firsts = (rows: { from: string | null; count: number }[]) =>
        total(rows.filter((r) => r.from === null));
      assert.equal(firsts(t.changes), firsts(t.matrix));
      assert.ok(total(t.changes) > 0);
    });

    test('durations, funnel and KPIs are within their ranges', async () => {
      const d = await get('/api/v1/lifecycle/durations');
      for (const s of d.stages) {
        if (s.completed) assert.ok(s.medianDays >= 0 && s.medianDays <= 366, JSON.stringify(s));
        else assert.equal(s.medianDays, null);
      }
      assert.ok(d.stages.some((s: { completed: number }) => s.completed > 0));
      const f = await get('/api/v1/lifecycle/funnel');
      assert.deepEqual(
        f.steps.map((s: { stage: string }) => s.stage),
        ['exploration', 'formation', 'stability'],
      );
      for (let i = 1; i < f.steps.length; i++) assert.ok(f.steps[i].reached <= f.steps[i - 1].reached);
      const k = await get(`/api/v1/lifecycle/kpis?from=${QUARTERS[0]}&to=${TODAY}`);
      assert.equal(k.series.length, 13);
      for (const m of k.series) {
        for (const rate of [m.declineRate, m.recoveryRate])
          assert.ok(rate === null || (rate >= 0 && rate <= 1), JSON.stringify(m));
        assert.ok(m.counts.declines <= m.counts.active && m.counts.recoveries <= m.counts.inDecline);
      }
      assert.ok(k.series.some((m: { counts: { declines: number } }) => m.counts.declines > 0));
    });
  });
}
