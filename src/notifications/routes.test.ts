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
import { runPoolReturns } from '../ownership/returns.js';

const DAY = 86_400_000;

for (const target of databaseTargets) {
  describe(`the inbox on ${target.name}`, () => {
    let api: TestApi;
    const now = new Date();
    let owner: Session;
    let repA: Session;
    let repB: Session;
    let manager: Session;
    let customerId: string;

    before(async () => {
      api = await startApi(target.url, { clock: () => now });
      owner = await signUp(api, 'Inbox');
      repA = await addMember(api, owner, 'rep');
      repB = await addMember(api, owner, 'rep');
      manager = await addMember(api, owner, 'manager');
      const team = await owner.request({ method: 'POST', url: '/api/v1/teams', payload: { name: 'East' } });
      for (const member of [manager, repA])
        await owner.request({
          method: 'PATCH',
          url: `/api/v1/members/${member.userId}`,
          payload: { teamId: team.body.id },
        });
      const pools = await owner.request({ method: 'GET', url: '/api/v1/pools' });
      const pool = pools.body.data.find((p: { isDefault: boolean }) => p.isDefault);
      await owner.request({
        method: 'PATCH',
        url: `/api/v1/pools/${pool.id}`,
        payload: { returnRules: [{ noFollowUpDays: 5 }], warnDays: 2, managerWarnDays: 1 },
      });
      const created = await owner.request({
        method: 'POST',
        url: '/api/v1/customers',
        payload: { name: 'Slipping' },
      });
      customerId = created.body.id;
      const claimed = await repA.request({ method: 'POST', url: `/api/v1/customers/${customerId}/claim` });
      assert.equal(claimed.status, 200);
    });
    after(() => api.close());

    const inboxOf = async (session: Session, query = '') => {
      const answer = await session.request({ method: 'GET', url: `/api/v1/me/notifications${query}` });
      assert.equal(answer.status, 200, JSON.stringify(answer.body));
      return answer.body;
    };

    test('a return warning reaches the owner first, then the managers of their team, no one else', async () => {
      const first = await runPoolReturns(
        api.database.db,
        owner.workspaceId,
        new Date(now.getTime() + 3.5 * DAY),
      );
      assert.deepEqual(first, { returned: 0, warned: 1, escalated: 0 });
      assert.deepEqual(
        await inboxOf(manager),
        { data: [], unread: 0 },
        'a day and a half before: the owner only',
      );
      const run = await runPoolReturns(
        api.database.db,
        owner.workspaceId,
        new Date(now.getTime() + 4.5 * DAY),
      );
      assert.deepEqual(run, { returned: 0, warned: 0, escalated: 1 });
      const own = await inboxOf(repA);
      assert.equal(own.unread, 1);
      assert.equal(own.data.length, 1);
      assert.equal(own.data[0].kind, 'return-warning');
      assert.equal(own.data[0].customerId, customerId);
      assert.equal(own.data[0].customerName, 'Slipping');
      assert.equal(own.data[0].readAt, null);
      // The deadline is 5 days after the claim; the params carry it for each language to word.
      assert.deepEqual(own.data[0].params, {
        pool: 'Public pool',
        returnsAt: new Date(now.getTime() + 5 * DAY).toISOString(),
        ownerId: repA.userId,
      });
      const managers = await inboxOf(manager);
      assert.equal(managers.unread, 1);
      assert.equal(managers.data[0].params.ownerId, repA.userId);
      assert.deepEqual(await inboxOf(repB), { data: [], unread: 0 });
      assert.deepEqual(await inboxOf(owner), { data: [], unread: 0 });
    });

    test("marking read: another's message ids change nothing; the reader's own become read", async () => {
      const [message] = (await inboxOf(repA)).data;
      const foreign = await repB.request({
        method: 'POST',
        url: '/api/v1/me/notifications/read',
        payload: { ids: [message.id] },
      });
      assert.deepEqual(foreign.body, { unread: 0 });
      assert.equal((await inboxOf(repA)).unread, 1);
      const read = await repA.request({
        method: 'POST',
        url: '/api/v1/me/notifications/read',
        payload: { ids: [message.id] },
      });
      assert.equal(read.status, 200);
      assert.deepEqual(read.body, { unread: 0 });
      const after = await inboxOf(repA);
      assert.equal(after.data[0].readAt, now.toISOString());
      assert.deepEqual((await inboxOf(repA, '?unread=true')).data, []);
      assert.equal((await inboxOf(manager)).unread, 1, "the manager's copy is their own");
      const all = await manager.request({
        method: 'POST',
        url: '/api/v1/me/notifications/read',
        payload: {},
      });
      assert.deepEqual(all.body, { unread: 0 });
    });

    test('bad input names the field', async () => {
      const bad = await repA.request({
        method: 'POST',
        url: '/api/v1/me/notifications/read',
        payload: { ids: ['nope'] },
      });
      assert.equal(bad.status, 400);
      assert.match(JSON.stringify(bad.body), /ids/);
    });

    test('returns and warnings keep their reason as a code with parameters, not as text', async () => {
      const run = await runPoolReturns(api.database.db, owner.workspaceId, new Date(now.getTime() + 6 * DAY));
      assert.deepEqual(run, { returned: 1, warned: 0, escalated: 0 });
      const events = await owner.request({
        method: 'GET',
        url: `/api/v1/customers/${customerId}/ownership-events`,
      });
      const [returned, escalation, warning] = events.body.data;
      assert.equal(escalation.kind, 'warning');
      assert.equal(escalation.reasonCode, 'return-escalation');
      assert.deepEqual(escalation.reasonParams, {
        pool: 'Public pool',
        returnsAt: new Date(now.getTime() + 5 * DAY).toISOString(),
        managerIds: [manager.userId],
      });
      assert.equal(returned.kind, 'return');
      assert.equal(returned.reason, null);
      assert.equal(returned.reasonCode, 'return-rule');
      assert.deepEqual(returned.reasonParams, { rule: 1, pool: 'Public pool' });
      assert.equal(warning.kind, 'warning');
      assert.equal(warning.reasonCode, 'return-warning');
      assert.deepEqual(warning.reasonParams, {
        pool: 'Public pool',
        returnsAt: new Date(now.getTime() + 5 * DAY).toISOString(),
      });
    });

    test('a follow-up after the warning spares the managers; the moved deadline is warned of again', async () => {
      const created = await owner.request({
        method: 'POST',
        url: '/api/v1/customers',
        payload: { name: 'Rescued' },
      });
      const id = created.body.id;
      const claimed = await repA.request({ method: 'POST', url: `/api/v1/customers/${id}/claim` });
      assert.equal(claimed.status, 200);
      const at = (days: number) => new Date(now.getTime() + days * DAY);
      const first = await runPoolReturns(api.database.db, owner.workspaceId, at(3.5));
      assert.deepEqual(first, { returned: 0, warned: 1, escalated: 0 });
      const followUp = await repA.request({
        method: 'POST',
        url: '/api/v1/interactions',
        payload: {
          customerId: id,
          channel: 'phone',
          direction: 'outbound',
          summary: 'Called back',
          occurredAt: at(3.6).toISOString(),
        },
      });
      assert.equal(followUp.status, 201, JSON.stringify(followUp.body));
      // The deadline is now 5 days after the follow-up (8.6): a day before the old one, nothing.
      const spared = await runPoolReturns(api.database.db, owner.workspaceId, at(4.5));
      assert.deepEqual(spared, { returned: 0, warned: 0, escalated: 0 });
      const again = await runPoolReturns(api.database.db, owner.workspaceId, at(7.8));
      assert.deepEqual(again, { returned: 0, warned: 1, escalated: 1 });
    });

    test('the managers hear no earlier than the owner: a pool saying otherwise is a 400 naming the field', async () => {
      const pools = await owner.request({ method: 'GET', url: '/api/v1/pools' });
      const pool = pools.body.data.find((p: { isDefault: boolean }) => p.isDefault);
      assert.equal(pool.managerWarnDays, 1);
      const patch = (payload: object) =>
        owner.request({ method: 'PATCH', url: `/api/v1/pools/${pool.id}`, payload });
      const early = await patch({ managerWarnDays: 3 });
      assert.equal(early.status, 400);
      assert.equal(early.body.errors[0].path, 'body.managerWarnDays');
      const none = await patch({ warnDays: 0 });
      assert.equal(none.status, 400, 'managers would still hear a day before');
      assert.equal(none.body.errors[0].path, 'body.warnDays');
      const negative = await patch({ managerWarnDays: -1 });
      assert.equal(negative.status, 400);
      assert.match(JSON.stringify(negative.body), /managerWarnDays/);
      const set = await patch({ warnDays: 5, managerWarnDays: 2 });
      assert.equal(set.status, 200, JSON.stringify(set.body));
      assert.deepEqual([set.body.warnDays, set.body.managerWarnDays], [5, 2]);
      const created = await owner.request({
        method: 'POST',
        url: '/api/v1/pools',
        payload: { name: 'Quiet pool', warnDays: 0 },
      });
      assert.equal(created.status, 201, JSON.stringify(created.body));
      assert.equal(created.body.managerWarnDays, 0, 'a pool that warns no owner warns no manager either');
    });

    test('an assignment tells the new owner who gave it and why; taking a customer oneself tells no one', async () => {
      const kinds = async (session: Session) =>
        (await inboxOf(session)).data.filter((n: { kind: string }) => n.kind === 'assignment');
      const created = await owner.request({
        method: 'POST',
        url: '/api/v1/customers',
        payload: { name: 'Handed' },
      });
      const id = created.body.id;
      const given = await manager.request({
        method: 'POST',
        url: `/api/v1/customers/${id}/assign`,
        payload: { ownerId: repA.userId, reason: 'knows the buyer' },
      });
      assert.equal(given.status, 200, JSON.stringify(given.body));
      const [toA] = await kinds(repA);
      assert.equal(toA.customerId, id);
      assert.equal(toA.customerName, 'Handed');
      assert.deepEqual(toA.params, {
        change: 'assign',
        byUserId: manager.userId,
        fromUserId: null,
        reason: 'knows the buyer',
      });
      const moved = await owner.request({
        method: 'POST',
        url: `/api/v1/customers/${id}/assign`,
        payload: { ownerId: repB.userId, reason: 'holiday cover' },
      });
      assert.equal(moved.status, 200, JSON.stringify(moved.body));
      const [toB] = await kinds(repB);
      assert.deepEqual(toB.params, {
        change: 'transfer',
        byUserId: owner.userId,
        fromUserId: repA.userId,
        reason: 'holiday cover',
      });
      assert.equal((await kinds(repA)).length, 1, 'the former owner is not told by the inbox');
      assert.deepEqual(await kinds(manager), [], 'nor is who gave it');
      const other = await owner.request({
        method: 'POST',
        url: '/api/v1/customers',
        payload: { name: 'Taken' },
      });
      await repB.request({ method: 'POST', url: `/api/v1/customers/${other.body.id}/claim` });
      assert.equal((await kinds(repB)).length, 1);
    });
  });
}
