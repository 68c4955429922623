import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { databaseTargets, type Session, signUp, startApi, type TestApi } from '../../test/support.js';
import { inWorkspace, type Tx } from '../db/tenant.js';

const at = (day: string, time = '10:00') => `${day}T${time}:00+08:00`;
const MONTHLY = ['01', '02', '03', '04', '05', '06'].map((m) => `2024-${m}-01`);

for (const target of databaseTargets) {
  describe(`service signals in the lifecycle on ${target.name}`, () => {
    let api: TestApi;
    before(async () => {
      api = await startApi(target.url);
    });
    after(() => api.close());

    const db = (session: Session) => (fn: (tx: Tx) => Promise<unknown>) =>
      inWorkspace(api.database.db, session.workspaceId, fn);

    /** A customer who bought on the first of each month, January to June 2024. */
    async function buyer(session: Session, name: string) {
      const res = await session.request({ method: 'POST', url: '/api/v1/customers', payload: { name } });
      assert.equal(res.status, 201, JSON.stringify(res.body));
      const id = res.body.id as string;
      const transactions = MONTHLY.map((day) => ({ customerId: id, occurredAt: at(day), amount: 100 }));
      const bulk = await session.request({
        method: 'POST',
        url: '/api/v1/transactions/bulk',
        payload: { transactions },
      });
      assert.equal(bulk.status, 201, JSON.stringify(bulk.body));
      return id;
    }

    /** A complaint opened through the API, then dated `opened`; resolved on `resolved` on its timeline. */
    async function complaint(session: Session, customerId: string, opened: string, resolved?: string) {
      const res = await session.request({
        method: 'POST',
        url: '/api/v1/tickets',
        payload: { customerId, kind: 'complaint', channel: 'phone', subject: 'Broken on arrival' },
      });
      assert.equal(res.status, 201, JSON.stringify(res.body));
      const id = res.body.id as string;
      await db(session)(async (tx) => {
        await sql`update tickets set created_at = ${at(opened)} where id = ${id}`.execute(tx);
        await sql`update ticket_events set at = ${at(opened)} where ticket_id = ${id}`.execute(tx);
        if (resolved === undefined) return;
        await sql`insert into ticket_events (workspace_id, ticket_id, kind, detail, at)
          values (${session.workspaceId}, ${id}, 'status', ${JSON.stringify({ from: 'new', to: 'resolved' })},
            ${at(resolved)})`.execute(tx);
        await sql`update tickets set status = 'resolved', resolved_at = ${at(resolved)} where id = ${id}`.execute(
          tx,
        );
      });
      return res.body as { id: string; version: number };
    }

    /** A relationship survey answered through its link with every perception `perception` of 5, then dated `day`. */
    async function answered(session: Session, customerId: string, perception: number, day: string) {
      const issued = await session.request({
        method: 'POST',
        url: `/api/v1/customers/${customerId}/surveys`,
        payload: { locale: 'en' },
      });
      assert.equal(issued.status, 201, JSON.stringify(issued.body));
      const token = new URL(issued.body.link).searchParams.get('token');
      const view = await api.app.inject({
        method: 'POST',
        url: '/api/v1/surveys/lookup',
        payload: { token },
      });
      const ratings = view
        .json()
        .dimensions.map((d: { code: string }) => ({ code: d.code, expectation: 5, perception }));
      const answer = await api.app.inject({
        method: 'POST',
        url: '/api/v1/surveys/answer',
        payload: { token, ratings },
      });
      assert.equal(answer.statusCode, 204, answer.body);
      await db(session)((tx) =>
        sql`update surveys set answered_at = ${at(day)} where id = ${issued.body.id}`.execute(tx),
      );
    }

    const refresh = async (session: Session, asOf: string) => {
      const res = await session.request({
        method: 'POST',
        url: '/api/v1/lifecycle/refresh',
        payload: { asOf },
      });
      assert.equal(res.status, 200, JSON.stringify(res.body));
      return res.body as { evaluated: number; changed: number };
    };
    const lifecycle = async (session: Session, id: string) =>
      (await session.request({ method: 'GET', url: `/api/v1/customers/${id}/lifecycle` })).body;
    const history = async (session: Session, id: string) =>
      (
        await session.request({ method: 'GET', url: `/api/v1/customers/${id}/lifecycle/history` })
      ).body.data.map(
        (h: { to: string; at: string; cause: { rule?: string } }) => `${h.at} ${h.to} ${h.cause.rule}`,
      );

    test('a complaint open more than 14 days and a 40 % fall in satisfaction decline a customer, each as it stood on the day', async () => {
      const session = await signUp(api, 'Service signals');
      const open = await buyer(session, 'Open complaint');
      const late = await buyer(session, 'Resolved late');
      const quick = await buyer(session, 'Resolved quickly');
      const unhappy = await buyer(session, 'Unhappy');
      await complaint(session, open, '2024-06-05');
      // Resolved on 2024-06-30: on 2024-06-25 it had been open 24 days, whatever its status today.
      await complaint(session, late, '2024-06-01', '2024-06-30');
      await complaint(session, quick, '2024-06-05', '2024-06-12');
      await answered(session, unhappy, 5, '2024-05-10');
      await answered(session, unhappy, 3, '2024-06-10');

      await refresh(session, '2024-06-25');
      const placed = await lifecycle(session, open);
      assert.deepEqual(
        [placed.stage, placed.since, placed.cause.rule],
        ['decline', '2024-06-20', 'decline.open-complaint'],
      );
      assert.equal(placed.cause.metrics.openComplaintDays, 15);
      assert.equal((await lifecycle(session, late)).since, '2024-06-16');
      assert.equal((await lifecycle(session, quick)).stage, 'formation');
      const fell = await lifecycle(session, unhappy);
      assert.deepEqual(
        [fell.stage, fell.since, fell.cause.rule],
        ['decline', '2024-06-10', 'decline.satisfaction-drop'],
      );
      assert.equal(fell.cause.metrics.satisfactionDrop, 0.4);
      // Customers without service data keep causes without the service metrics.
      assert.equal('openComplaintDays' in (await lifecycle(session, quick)).cause.metrics, false);

      // Back-dated to 2024-06-15: every course is replayed with what was known by then, nothing later.
      await refresh(session, '2024-06-15');
      assert.equal((await lifecycle(session, open)).stage, 'formation');
      assert.deepEqual(await history(session, open), [
        '2024-01-01 exploration exploration',
        '2024-02-01 formation formation',
      ]);
      assert.equal((await lifecycle(session, unhappy)).stage, 'decline');
      assert.equal((await lifecycle(session, late)).stage, 'formation');
    });

    test('the allowed days are a threshold of the decline rule: at 30 the same complaint declines no one on 2024-06-25', async () => {
      const session = await signUp(api, 'Patient desk');
      const open = await buyer(session, 'Open complaint');
      await complaint(session, open, '2024-06-05');
      const changed = await session.request({
        method: 'PATCH',
        url: '/api/v1/lifecycle/settings',
        payload: { thresholds: { decline: { complaintOpenDays: 30 } } },
      });
      assert.equal(changed.status, 200, JSON.stringify(changed.body));
      await refresh(session, '2024-06-25');
      assert.equal((await lifecycle(session, open)).stage, 'formation');
      const bad = await session.request({
        method: 'PATCH',
        url: '/api/v1/lifecycle/settings',
        payload: { thresholds: { decline: { complaintOpenDays: 0, satisfactionDropAtLeast: 1.5 } } },
      });
      assert.equal(bad.status, 400);
      assert.deepEqual(bad.body.errors.map((e: { path: string }) => e.path).sort(), [
        'body.thresholds.decline.complaintOpenDays',
        'body.thresholds.decline.satisfactionDropAtLeast',
      ]);
    });

    test('a service signal switched off (null) declines no one: an old open complaint, a fall in satisfaction', async () => {
      const session = await signUp(api, 'Signals off');
      const open = await buyer(session, 'Open complaint');
      await complaint(session, open, '2024-06-01');
      const unhappy = await buyer(session, 'Unhappy');
      await answered(session, unhappy, 5, '2024-06-02');
      await answered(session, unhappy, 2, '2024-06-03');
      await refresh(session, '2024-06-25');
      assert.equal((await lifecycle(session, open)).stage, 'decline');
      assert.equal((await lifecycle(session, unhappy)).stage, 'decline');

      const off = await session.request({
        method: 'PATCH',
        url: '/api/v1/lifecycle/settings',
        payload: { thresholds: { decline: { complaintOpenDays: null, satisfactionDropAtLeast: null } } },
      });
      assert.equal(off.status, 200, JSON.stringify(off.body));
      const decline = off.body.effective.rules.find((r: { test: string }) => r.test === 'decline');
      assert.equal(decline.thresholds.complaintOpenDays, null);
      assert.equal(decline.thresholds.satisfactionDropAtLeast, null);
      await refresh(session, '2024-06-26');
      assert.equal((await lifecycle(session, open)).stage, 'formation');
      assert.equal((await lifecycle(session, unhappy)).stage, 'formation');

      // Only the service signals can be off: another threshold set to null is refused, naming it.
      const refused = await session.request({
        method: 'PATCH',
        url: '/api/v1/lifecycle/settings',
        payload: { thresholds: { decline: { pAliveBelow: null } } },
      });
      assert.equal(refused.status, 400);
      assert.deepEqual(
        refused.body.errors.map((e: { path: string }) => e.path),
        ['body.thresholds.decline.pAliveBelow'],
      );
    });

    test('opening or resolving a complaint and answering a survey mark the customer, and the next refresh evaluates them', async () => {
      const session = await signUp(api, 'Marks');
      const id = await buyer(session, 'Complainer');
      await refresh(session, '2024-06-25');
      const marked = async () => {
        let ids: string[] = [];
        await db(session)(async (tx) => {
          const { rows } = await sql<{ id: string }>`select customer_id as id from lifecycle_dirty`.execute(
            tx,
          );
          ids = rows.map((r) => r.id);
        });
        return ids;
      };
      assert.deepEqual(await marked(), []);
      const ticket = await session.request({
        method: 'POST',
        url: '/api/v1/tickets',
        payload: { customerId: id, kind: 'complaint', channel: 'phone', subject: 'Wrong size' },
      });
      assert.equal(ticket.status, 201);
      assert.deepEqual(await marked(), [id]);
      assert.deepEqual(await refresh(session, '2024-06-25'), { evaluated: 1, changed: 0 });
      assert.deepEqual(await marked(), []);
      const resolved = await session.request({
        method: 'PATCH',
        url: `/api/v1/tickets/${ticket.body.id}`,
        payload: { status: 'resolved' },
        headers: { 'if-match': `"${ticket.body.version}"` },
      });
      assert.equal(resolved.status, 200, JSON.stringify(resolved.body));
      assert.deepEqual(await marked(), [id]);
      await refresh(session, '2024-06-25');
      await answered(session, id, 5, '2024-06-20');
      assert.deepEqual(await marked(), [id]);
    });
  });
}
