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
        payload: { returnRules: [{ noFollowUpDays: 5 }], warnDays: 2 },
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

    test('a return warning reaches the owner and the managers of their team, no one else', async () => {
      const run = await runPoolReturns(api.database.db, owner.workspaceId, new Date(now.getTime() + 4 * DAY));
      assert.deepEqual(run, { returned: 0, warned: 1 });
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
      assert.deepEqual(run, { returned: 1, warned: 0 });
      const events = await owner.request({
        method: 'GET',
        url: `/api/v1/customers/${customerId}/ownership-events`,
      });
      const [returned, warning] = events.body.data;
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
  });
}
