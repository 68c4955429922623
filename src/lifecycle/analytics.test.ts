import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { databaseTargets, type Session, signUp, startApi, type TestApi } from '../../test/support.js';
import { inWorkspace } from '../db/tenant.js';
import { lifecycleKpis, shiftDay, stageDurations, stageFunnel, stageTransitions } from './analytics.js';

/**
 * Hand-built histories (relationship model; last refresh 2024-09-30). Days between entries:
 * A: exploration 01-01 (30) formation 01-31 (90) stability 04-30 (90) decline 07-29 (30) stability 08-28 (33 so far)
 * B: exploration 01-01 (60) formation 03-01 (30) decline 03-31 (60) terminated 05-30 (123 so far)
 * C: exploration 01-15 (259 so far)
 * D: formation 02-01 (30) stability 03-02 (212 so far)
 * E: stability 01-01 (60) decline 03-01 (20) formation 03-21 (193 so far)
 * F, deleted: exploration 01-01 (10) formation 01-11 — left out of every figure.
 */
const HISTORIES: Record<string, [string, string][]> = {
  A: [
    ['2024-01-01', 'exploration'],
    ['2024-01-31', 'formation'],
    ['2024-04-30', 'stability'],
    ['2024-07-29', 'decline'],
    ['2024-08-28', 'stability'],
  ],
  B: [
    ['2024-01-01', 'exploration'],
    ['2024-03-01', 'formation'],
    ['2024-03-31', 'decline'],
    ['2024-05-30', 'terminated'],
  ],
  C: [['2024-01-15', 'exploration']],
  D: [
    ['2024-02-01', 'formation'],
    ['2024-03-02', 'stability'],
  ],
  E: [
    ['2024-01-01', 'stability'],
    ['2024-03-01', 'decline'],
    ['2024-03-21', 'formation'],
  ],
  F: [
    ['2024-01-01', 'exploration'],
    ['2024-01-11', 'formation'],
  ],
};

const pick = <T extends Record<string, unknown>>(rows: T[], ...keys: (keyof T)[]) =>
  rows.map((r) => Object.fromEntries(keys.map((k) => [k, r[k]])));

for (const target of databaseTargets) {
  describe(`stage analytics on ${target.name}`, () => {
    let api: TestApi;
    let alice: Session;
    let workspaceId: string;
    const run = <T>(fn: Parameters<typeof inWorkspace<T>>[2]) =>
      inWorkspace(api.database.db, workspaceId, fn);

    before(async () => {
      api = await startApi(target.url);
      alice = await signUp(api, 'Stage analytics');
      workspaceId = alice.workspaceId;
      await run(async (tx) => {
        for (const [name, entries] of Object.entries(HISTORIES)) {
          const c = await tx
            .insertInto('customers')
            .values({ workspace_id: workspaceId, name, deleted_at: name === 'F' ? new Date() : null })
            .returning('id')
            .executeTakeFirstOrThrow();
          await tx
            .insertInto('lifecycle_history')
            .values(
              entries.map(([at, stage], i) => ({
                workspace_id: workspaceId,
                customer_id: c.id,
                business_line_id: null,
                from_stage: i ? entries[i - 1][1] : null,
                to_stage: stage,
                at,
                cause: JSON.stringify({ type: 'manual', userId: null, reason: 'test', until: null }),
              })),
            )
            .execute();
        }
        await tx
          .insertInto('lifecycle_settings')
          .values({ workspace_id: workspaceId, last_as_of: '2024-09-30' })
          .execute();
      });
    });
    after(() => api.close());

    test('transitions: stages at two dates as a matrix and Sankey links, and the changes between', async () => {
      const t = await run((tx) => stageTransitions(tx, workspaceId, '2024-02-15', '2024-06-30'));
      assert.deepEqual(t.matrix, [
        { from: 'exploration', to: 'exploration', count: 1 },
        { from: 'exploration', to: 'terminated', count: 1 },
        { from: 'formation', to: 'stability', count: 2 },
        { from: 'stability', to: 'formation', count: 1 },
      ]);
      assert.deepEqual(t.changes, [
        { from: 'exploration', to: 'formation', count: 1 },
        { from: 'formation', to: 'stability', count: 2 },
        { from: 'formation', to: 'decline', count: 1 },
        { from: 'stability', to: 'decline', count: 1 },
        { from: 'decline', to: 'formation', count: 1 },
        { from: 'decline', to: 'terminated', count: 1 },
      ]);
      assert.deepEqual(
        t.nodes.map((n) => n.id),
        [
          'from:exploration',
          'from:formation',
          'from:stability',
          'to:exploration',
          'to:formation',
          'to:stability',
          'to:terminated',
        ],
      );
      assert.deepEqual(t.nodes[0].labels, { en: 'Exploration', 'zh-CN': '考察期' });
      assert.deepEqual(t.links, [
        { source: 'from:exploration', target: 'to:exploration', value: 1 },
        { source: 'from:exploration', target: 'to:terminated', value: 1 },
        { source: 'from:formation', target: 'to:stability', value: 2 },
        { source: 'from:stability', target: 'to:formation', value: 1 },
      ]);
      const first = await run((tx) => stageTransitions(tx, workspaceId, '2023-12-31', '2024-01-31'));
      assert.deepEqual(first.matrix, [
        { from: null, to: 'exploration', count: 2 },
        { from: null, to: 'formation', count: 1 },
        { from: null, to: 'stability', count: 1 },
      ]);
      assert.equal(first.nodes[0].id, 'from:none');
    });

    test('durations: median days of completed stays, and of stays still going up to the last refresh', async () => {
      const d = await run((tx) => stageDurations(tx, workspaceId));
      assert.deepEqual(pick(d.stages, 'stage', 'completed', 'medianDays', 'ongoing', 'ongoingMedianDays'), [
        { stage: 'exploration', completed: 2, medianDays: 45, ongoing: 1, ongoingMedianDays: 259 },
        { stage: 'formation', completed: 3, medianDays: 30, ongoing: 1, ongoingMedianDays: 193 },
        { stage: 'stability', completed: 2, medianDays: 75, ongoing: 2, ongoingMedianDays: 122.5 },
        { stage: 'decline', completed: 3, medianDays: 30, ongoing: 0, ongoingMedianDays: null },
        { stage: 'terminated', completed: 0, medianDays: null, ongoing: 1, ongoingMedianDays: 123 },
      ]);
    });

    test('funnel: customers who reached each step or a later one', async () => {
      const f = await run((tx) => stageFunnel(tx, workspaceId));
      assert.deepEqual(pick(f.steps, 'stage', 'reached', 'conversion'), [
        { stage: 'exploration', reached: 5, conversion: null },
        { stage: 'formation', reached: 4, conversion: 0.8 },
        { stage: 'stability', reached: 3, conversion: 0.75 },
      ]);
    });

    test('KPIs: the four aims month by month', async () => {
      const k = await run((tx) => lifecycleKpis(tx, workspaceId, '2024-01-20', '2024-04-05'));
      assert.deepEqual(
        k.series.map((m) => [
          m.month,
          m.explorationDays,
          m.formationDays,
          m.stabilityDays,
          m.declineRate,
          m.recoveryRate,
        ]),
        [
          ['2024-01', 30, null, null, 0, null],
          ['2024-02', null, null, null, 0, null],
          ['2024-03', 60, 30, 60, 0.4, 0.5],
          ['2024-04', null, 90, null, 0, 0],
        ],
      );
      assert.deepEqual(k.series[2].counts, {
        explorationExits: 1,
        formed: 1,
        stabilityExits: 1,
        active: 5,
        declines: 2,
        inDecline: 2,
        recoveries: 1,
      });
      assert.deepEqual(
        k.series.map((m) => m.counts.active),
        [4, 5, 5, 4],
      );
    });

    test('the endpoints answer the same figures, default their dates, and refuse from after to', async () => {
      const res = await alice.request({
        method: 'GET',
        url: '/api/v1/lifecycle/transitions?from=2024-02-15&to=2024-06-30',
      });
      assert.equal(res.status, 200);
      assert.equal(res.body.links.length, 4);
      for (const path of ['durations', 'funnel', 'kpis?from=2024-01-01&to=2024-04-30']) {
        const r = await alice.request({ method: 'GET', url: `/api/v1/lifecycle/${path}` });
        assert.equal(r.status, 200, path);
      }
      const kpis = await alice.request({ method: 'GET', url: '/api/v1/lifecycle/kpis' });
      assert.equal(kpis.body.series.length, 12);
      assert.equal(kpis.body.from, shiftDay(kpis.body.to, { months: -11 }));
      const bad = await alice.request({
        method: 'GET',
        url: '/api/v1/lifecycle/kpis?from=2024-05-01&to=2024-04-01',
      });
      assert.equal(bad.status, 400);
      assert.equal(bad.body.errors[0].path, 'querystring.from');
      // 240 months (2005-01 … 2024-12) is the most; one month more is refused, naming from.
      const twentyYears = await alice.request({
        method: 'GET',
        url: '/api/v1/lifecycle/kpis?from=2005-01-01&to=2024-12-31',
      });
      assert.equal(twentyYears.body.series.length, 240);
      for (const from of ['2004-12-31', '1900-01-01']) {
        const tooLong = await alice.request({
          method: 'GET',
          url: `/api/v1/lifecycle/kpis?from=${from}&to=2024-12-31`,
        });
        assert.equal(tooLong.status, 400, from);
        assert.equal(tooLong.headers['content-type'], 'application/problem+json; charset=utf-8');
        assert.deepEqual(tooLong.body.errors, [
          {
            path: 'querystring.from',
            code: 'period_too_long',
            limit: 240,
            message: 'must be 2005-01-01 or later: at most 20 years of months',
          },
        ]);
      }
    });
  });
}
