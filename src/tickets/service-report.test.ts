import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { databaseTargets, type Session, signUp, startApi, type TestApi } from '../../test/support.js';
import { inWorkspace } from '../db/tenant.js';

const at = (local: string) => new Date(`${local}+08:00`);

for (const target of databaseTargets) {
  describe(`the service report on ${target.name}`, () => {
    let api: TestApi;
    let alice: Session;
    before(async () => {
      // Lapses are measured at a fixed day, so that a window not yet passed stays pending.
      api = await startApi(target.url, { clock: () => new Date('2026-12-01T00:00:00Z') });
      alice = await signUp(api, 'Report');
    });
    after(() => api.close());

    async function customer(name: string) {
      return (await alice.request({ method: 'POST', url: '/api/v1/customers', payload: { name } })).body
        .id as string;
    }
    /** A ticket with its history set: opened, answered and resolved at the given Shanghai times. */
    async function ticket(
      customerId: string,
      kind: string,
      category: string,
      times: { opened: string; answered?: string; resolved?: string },
    ) {
      const { body } = await alice.request({
        method: 'POST',
        url: '/api/v1/tickets',
        payload: { customerId, kind, channel: 'phone', priority: 'urgent', category, subject: 'A matter' },
      });
      await inWorkspace(api.database.db, alice.workspaceId, (tx) =>
        sql`update tickets set created_at = ${at(times.opened)},
          first_response_at = ${times.answered ? at(times.answered) : null},
          resolved_at = ${times.resolved ? at(times.resolved) : null},
          status = ${times.resolved ? 'resolved' : 'new'}
          where id = ${body.id}`.execute(tx),
      );
    }

    test('volume, working minutes to answer and resolve, attainment and repeat complainers', async () => {
      const wang = await customer('Wang');
      const li = await customer('Li');
      // Urgent: 60 minutes to answer, 480 to resolve, in weekday hours 9–18.
      await ticket(wang, 'complaint', 'delivery', {
        opened: '2026-03-06T17:30', // Friday: the weekend does not count
        answered: '2026-03-09T09:10', // 40 working minutes: met
        resolved: '2026-03-09T12:30', // 240: met
      });
      await ticket(wang, 'complaint', 'delivery', {
        opened: '2026-03-10T09:00',
        answered: '2026-03-10T11:00', // 120: missed
        resolved: '2026-03-11T11:00', // 540 + 120 = 660: missed
      });
      await ticket(li, 'inquiry', 'billing', { opened: '2026-04-01T10:00', answered: '2026-04-01T10:20' });
      await ticket(li, 'complaint', 'price', { opened: '2026-05-01T10:00' }); // outside the period

      const res = await alice.request({
        method: 'GET',
        url: '/api/v1/analytics/service?from=2026-03-01&to=2026-05-01',
      });
      assert.equal(res.status, 200, JSON.stringify(res.body));
      const report = res.body;
      assert.equal(report.tickets, 3);
      assert.deepEqual(report.volume, [
        { month: '2026-03', kind: 'complaint', category: 'delivery', count: 2 },
        { month: '2026-04', kind: 'inquiry', category: 'billing', count: 1 },
      ]);
      assert.deepEqual(report.topCategories, [
        { category: 'delivery', count: 2 },
        { category: 'billing', count: 1 },
      ]);
      // First responses 40, 120, 20 → median 40, p90 = 40 + 0.8 × 80 = 104.
      assert.deepEqual(report.firstResponseMinutes, { count: 3, median: 40, p90: 104 });
      assert.deepEqual(report.resolutionMinutes, { count: 2, median: 450, p90: 618 });
      assert.deepEqual(report.slaAttainment, {
        firstResponse: { met: 2, missed: 1, percent: (100 * 2) / 3 },
        resolution: { met: 1, missed: 1, percent: 50 },
      });
      assert.deepEqual(report.repeatComplainers, [{ customerId: wang, complaints: 2 }]);
    });

    test('figures by ABC class and stage, and the complainers who stopped buying against the others', async () => {
      const buy = (customerId: string, day: string) =>
        alice.request({
          method: 'POST',
          url: '/api/v1/transactions',
          payload: { customerId, occurredAt: `${day}T12:00:00+08:00`, amount: '100.00', currency: 'CNY' },
        });
      const zhao = await customer('Zhao');
      const sun = await customer('Sun');
      const qian = await customer('Qian');
      const zhou = await customer('Zhou');
      await customer('Never bought'); // not a buyer: in neither group
      await buy(zhao, '2026-06-01'); // complains 10 July, nothing after: lapsed
      await buy(sun, '2026-06-02'); // complains 15 July, buys again 1 August: stayed
      await buy(sun, '2026-08-01');
      await buy(qian, '2026-06-03'); // no complaint, nothing after the middle of the period: lapsed
      await buy(zhou, '2026-06-04'); // no complaint, buys 10 August: stayed
      await buy(zhou, '2026-08-10');
      await inWorkspace(api.database.db, alice.workspaceId, (tx) =>
        sql`insert into customer_values (workspace_id, customer_id, as_of, computed_at, purchase_days,
          days_since_last, revenue, r_score, f_score, m_score, rfm_segment, cn_class, abc_class)
          values (${alice.workspaceId}, ${zhao}, '2026-11-25', now(), 1, 100, '100.00', 1, 1, 1,
          'Lost', '一般挽留客户', 'A')`.execute(tx),
      );
      await ticket(zhao, 'complaint', 'delivery', {
        opened: '2026-07-10T10:00',
        resolved: '2026-07-10T11:00',
      });
      await ticket(zhao, 'complaint', 'delivery', { opened: '2026-07-20T10:00' });
      await ticket(sun, 'complaint', 'price', { opened: '2026-07-15T10:00', resolved: '2026-07-17T10:00' });
      await ticket(zhou, 'inquiry', 'billing', { opened: '2026-07-16T10:00' });

      const res = await alice.request({
        method: 'GET',
        url: '/api/v1/analytics/service?from=2026-07-01&to=2026-09-01&churnDays=30',
      });
      assert.equal(res.status, 200, JSON.stringify(res.body));
      const { segments, complainerChurn } = res.body;
      assert.deepEqual(
        segments.abcClass.map((s: { key: string | null; tickets: number; complaints: number }) => [
          s.key,
          s.tickets,
          s.complaints,
        ]),
        [
          [null, 2, 1],
          ['A', 2, 2],
        ],
      );
      const a = segments.abcClass[1];
      // 60 working minutes (met), the other still open.
      assert.deepEqual(a.resolutionMinutes, { count: 1, median: 60, p90: 60 });
      assert.deepEqual(a.resolutionAttainment, { met: 1, missed: 0, percent: 100 });
      assert.equal(
        segments.stage.reduce((sum: number, s: { tickets: number }) => sum + s.tickets, 0),
        4,
      );
      assert.deepEqual(segments.team, [segments.team[0]]);
      assert.equal(segments.team[0].key, null);
      assert.equal(segments.team[0].name, null);
      assert.deepEqual(complainerChurn, {
        days: 30,
        complained: { customers: 2, measured: 2, lapsed: 1, lapsedPercent: 50 },
        others: { customers: 2, measured: 2, lapsed: 1, lapsedPercent: 50 },
      });
      // Over a window not yet passed, nobody is measured.
      const pending = await alice.request({
        method: 'GET',
        url: '/api/v1/analytics/service?from=2026-07-01&to=2026-09-01&churnDays=365',
      });
      assert.equal(pending.body.complainerChurn.complained.measured, 0);
      assert.equal(pending.body.complainerChurn.complained.lapsedPercent, null);
      const bad = await alice.request({
        method: 'GET',
        url: '/api/v1/analytics/service?from=2026-07-01&to=2026-09-01&churnDays=0',
      });
      assert.equal(bad.status, 400);
    });

    test('a period without tickets has counts of zero and no figures', async () => {
      const res = await alice.request({
        method: 'GET',
        url: '/api/v1/analytics/service?from=2020-01-01&to=2020-02-01',
      });
      assert.equal(res.body.tickets, 0);
      assert.deepEqual(res.body.firstResponseMinutes, { count: 0, median: null, p90: null });
      assert.equal(res.body.slaAttainment.resolution.percent, null);
    });
  });
}
