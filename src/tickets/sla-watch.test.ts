import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import {
  addMember,
  databaseTargets,
  type Session,
  signUp,
  startApi,
  type TestApi,
} from '../../test/support.js';
import { inWorkspace } from '../db/tenant.js';
import { sweepSlas } from './sla-watch.js';

const at = (local: string) => new Date(`${local}+08:00`);

for (const target of databaseTargets) {
  describe(`the SLA sweep on ${target.name}`, () => {
    let api: TestApi;
    let alice: Session;
    let agent: Session;
    let manager: Session;
    const email = async (session: Session) =>
      (await alice.request({ method: 'GET', url: '/api/v1/members?limit=100' })).body.data.find(
        (m: { userId: string }) => m.userId === session.userId,
      ).email as string;

    before(async () => {
      api = await startApi(target.url);
      alice = await signUp(api, 'Desk');
      agent = await addMember(api, alice, 'rep');
      manager = await addMember(api, alice, 'manager');
      const team = await alice.request({
        method: 'POST',
        url: '/api/v1/teams',
        payload: { name: 'Service' },
      });
      for (const member of [agent, manager]) {
        const res = await alice.request({
          method: 'PATCH',
          url: `/api/v1/members/${member.userId}`,
          payload: { teamId: team.body.id },
        });
        assert.equal(res.status, 200, JSON.stringify(res.body));
      }
    });
    after(() => api.close());

    // Tickets opened on Monday 9 March 2026 at 09:00 in Shanghai; the sweep runs at chosen instants.
    async function ticketOpenedMonday(priority: string) {
      const customer = await alice.request({
        method: 'POST',
        url: '/api/v1/customers',
        payload: { name: 'Zhou Min' },
      });
      const { body } = await alice.request({
        method: 'POST',
        url: '/api/v1/tickets',
        payload: {
          customerId: customer.body.id,
          kind: 'repair',
          channel: 'phone',
          priority,
          subject: 'Broken hinge',
          assigneeId: agent.userId,
        },
      });
      await inWorkspace(api.database.db, alice.workspaceId, (tx) =>
        sql`update tickets set created_at = ${at('2026-03-09T09:00')} where id = ${body.id}`.execute(tx),
      );
      return body.id as string;
    }
    const sweep = async (local: string) =>
      (await sweepSlas(api.database.db, at(local), 'https://crm.example.com')).filter((m) =>
        m.text.includes('Broken hinge'),
      );
    const timeline = async (id: string) =>
      (await alice.request({ method: 'GET', url: `/api/v1/tickets/${id}/events` })).body.data.map(
        (e: { kind: string; detail: { timer?: string } }) =>
          e.detail.timer ? `${e.kind}:${e.detail.timer}` : e.kind,
      );

    test('a warning at 80 % of the target goes to the assignee, once; a breach also to the team’s manager', async () => {
      const id = await ticketOpenedMonday('urgent');
      assert.deepEqual(await sweep('2026-03-09T09:40'), []);
      const warned = await sweep('2026-03-09T09:50');
      assert.deepEqual(
        warned.map((m) => m.to),
        [await email(agent)],
      );
      assert.match(warned[0]!.subject, /close to its first response target/);
      assert.match(warned[0]!.text, new RegExp(`https://crm.example.com/tickets/${id}`));
      assert.deepEqual(await sweep('2026-03-09T09:55'), []);
      const breached = await sweep('2026-03-09T10:05');
      assert.deepEqual(breached.map((m) => m.to).sort(), [await email(agent), await email(manager)].sort());
      assert.deepEqual(await sweep('2026-03-09T10:06'), []);
      assert.deepEqual(await timeline(id), [
        'created',
        'sla_warning:first_response',
        'sla_breach:first_response',
      ]);
      const ticket = await alice.request({ method: 'GET', url: `/api/v1/tickets/${id}` });
      assert.equal(ticket.body.assigneeId, agent.userId);
      const atRisk = await alice.request({ method: 'GET', url: '/api/v1/tickets?sla=at_risk' });
      assert.deepEqual(
        atRisk.body.data.map((t: { id: string }) => t.id),
        [id],
      );
    });

    test('with reassignment on, a breach hands the ticket to the manager', async () => {
      const settings = await alice.request({ method: 'GET', url: '/api/v1/service/settings' });
      const saved = await alice.request({
        method: 'PUT',
        url: '/api/v1/service/settings',
        payload: { ...settings.body, escalation: { reassign: true } },
        headers: { 'if-match': settings.headers.etag as string },
      });
      assert.equal(saved.status, 200, JSON.stringify(saved.body));
      const id = await ticketOpenedMonday('urgent');
      // Found already past the first-response target: the breach alone, no late warning.
      await sweep('2026-03-09T10:30');
      assert.deepEqual(await timeline(id), ['created', 'sla_breach:first_response', 'assigned']);
      const ticket = await alice.request({ method: 'GET', url: `/api/v1/tickets/${id}` });
      assert.equal(ticket.body.assigneeId, manager.userId);
      assert.equal(ticket.body.version, 2);
    });

    test('each unanswered message of the customer is watched against the next-response target', async () => {
      const id = await ticketOpenedMonday('urgent');
      const say = (kind: string) =>
        agent.request({ method: 'POST', url: `/api/v1/tickets/${id}/events`, payload: { kind, text: 'Hm' } });
      const owedAt = (local: string) =>
        inWorkspace(api.database.db, alice.workspaceId, (tx) =>
          sql`update tickets set first_response_at = ${at('2026-03-09T09:10')},
            reply_owed_since = ${at(local)} where id = ${id}`.execute(tx),
        );
      await say('reply');
      await say('customer_message');
      await owedAt('2026-03-09T11:00');
      assert.deepEqual(await sweep('2026-03-09T11:30'), []);
      const warned = await sweep('2026-03-09T11:50');
      assert.match(warned[0]!.subject, /close to its next response target/);
      assert.equal((await sweep('2026-03-09T12:05')).length, 2);
      // Answered, then the customer writes again: the new message gets its own warning and breach.
      await say('reply');
      await say('customer_message');
      await owedAt('2026-03-09T13:00');
      assert.match((await sweep('2026-03-09T13:50'))[0]!.subject, /close to its next response target/);
      assert.deepEqual(await timeline(id), [
        'created',
        'reply',
        'customer_message',
        'sla_warning:next_response',
        'sla_breach:next_response',
        // The desk reassigns on breach since the test before.
        'assigned',
        'reply',
        'customer_message',
        'sla_warning:next_response',
      ]);
      const ticket = await alice.request({ method: 'GET', url: `/api/v1/tickets/${id}` });
      assert.equal(ticket.body.sla.nextResponse.targetMinutes, 60);
    });
  });
}
