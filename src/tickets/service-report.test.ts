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
      api = await startApi(target.url);
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
