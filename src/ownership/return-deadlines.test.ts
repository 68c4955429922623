import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  addMember,
  databaseTargets,
  lasting,
  type Session,
  signUp,
  startApi,
  type TestApi,
} from '../../test/support.js';
import { inWorkspace } from '../db/tenant.js';
import { deadlines } from './return-deadlines.js';
import { runPoolReturns } from './returns.js';

const DAY = 86_400_000;

for (const target of databaseTargets) {
  describe(`stored return deadlines on ${target.name}`, () => {
    let api: TestApi;
    // From the real time: owned_since written by the database reads its clock.
    let now = new Date();
    const start = now;
    let owner: Session;
    let rep: Session;
    let other: Session;
    let poolId: string;
    let customer: string;
    const later = (days: number) => {
      now = new Date(now.getTime() + days * DAY);
    };
    const at = (days: number) => new Date(start.getTime() + days * DAY).toISOString();

    before(async () => {
      api = await startApi(target.url, { clock: () => now });
      owner = await lasting(await signUp(api, 'Deadlines'));
      rep = await lasting(await addMember(api, owner, 'rep'));
      other = await lasting(await addMember(api, owner, 'rep'));
      const pools = await owner.request({ method: 'GET', url: '/api/v1/pools' });
      poolId = pools.body.data.find((p: { isDefault: boolean }) => p.isDefault).id;
      assert.equal((await setRules([{ noFollowUpDays: 10 }])).status, 200);
      const created = await owner.request({
        method: 'POST',
        url: '/api/v1/customers',
        payload: { name: 'Clocked', ownerId: rep.userId },
      });
      assert.equal(created.status, 201, JSON.stringify(created.body));
      customer = created.body.id;
    });
    after(() => api.close());

    const setRules = (returnRules: object[]) =>
      owner.request({ method: 'PATCH', url: `/api/v1/pools/${poolId}`, payload: { returnRules } });

    /** The stored row, as the database holds it. */
    const stored = () =>
      inWorkspace(api.database.db, owner.workspaceId, (tx) =>
        tx
          .selectFrom('customer_return_deadlines')
          .select(['returns_at', 'rule', 'pool_id'])
          .where('customer_id', '=', customer)
          .executeTakeFirst(),
      );

    /**
     * The deadline every reader shows, checked to be the same: the stored row, the rules computed anew
     * from today's facts, the ownership card, the customer list and the customer read.
     */
    const shown = async () => {
      const row = await stored();
      const live = await inWorkspace(api.database.db, owner.workspaceId, (tx) =>
        deadlines(tx, { ids: [customer] }),
      );
      const card = await rep.request({ method: 'GET', url: `/api/v1/customers/${customer}/ownership` });
      const list = await owner.request({ method: 'GET', url: '/api/v1/customers?limit=100' });
      const listed = list.body.data.find((c: { id: string }) => c.id === customer);
      const read = await owner.request({ method: 'GET', url: `/api/v1/customers/${customer}` });
      const storedAt = row?.returns_at.toISOString() ?? null;
      assert.equal(live[0]?.at.toISOString() ?? null, storedAt, 'the stored deadline is the computed one');
      assert.equal(card.body.returnsAt, storedAt);
      assert.equal(listed.returnsAt, storedAt);
      assert.equal(read.body.returnsAt, storedAt);
      assert.equal(listed.daysLeft, card.body.daysLeft);
      assert.equal(listed.returnUrgent, card.body.returnUrgent);
      return storedAt;
    };

    test('a new owner starts the clock: the deadline is stored with its rule and pool', async () => {
      assert.deepEqual(await stored(), { returns_at: new Date(at(10)), rule: 0, pool_id: poolId });
      assert.equal(await shown(), at(10));
    });

    test('a follow-up moves the stored deadline at once, and its deletion moves it back', async () => {
      later(1);
      const followUp = await rep.request({
        method: 'POST',
        url: '/api/v1/interactions',
        payload: {
          customerId: customer,
          channel: 'phone',
          direction: 'outbound',
          summary: 'Called',
          occurredAt: at(1),
        },
      });
      assert.equal(followUp.status, 201, JSON.stringify(followUp.body));
      assert.equal(await shown(), at(11));
      const removed = await rep.request({
        method: 'DELETE',
        url: `/api/v1/interactions/${followUp.body.id}`,
        headers: { 'if-match': `"${followUp.body.version}"` },
      });
      assert.equal(removed.status, 204);
      assert.equal(await shown(), at(10));
    });

    test("a pool rule edit moves its customers' deadlines; an exempting rule removes them", async () => {
      assert.equal((await setRules([{ noPurchaseDays: 20 }])).status, 200);
      assert.equal(await shown(), at(20));
      assert.equal((await setRules([{ exempt: true }])).status, 200);
      assert.equal(await shown(), null);
      assert.equal((await setRules([{ noPurchaseDays: 20 }])).status, 200);
      assert.equal(await shown(), at(20));
    });

    test('a purchase moves the stored deadline at once', async () => {
      later(2);
      const sale = await owner.request({
        method: 'POST',
        url: '/api/v1/transactions',
        payload: { customerId: customer, occurredAt: at(3), amount: '80' },
      });
      assert.equal(sale.status, 201, JSON.stringify(sale.body));
      assert.equal(await shown(), at(23));
    });

    test('a signed contract moves the stored deadline at once, and its deletion moves it back', async () => {
      // Two days ahead: after the purchase's moment at any hour and in any time zone of the workspace.
      const signedOn = at(5).slice(0, 10);
      const contract = await owner.request({
        method: 'POST',
        url: `/api/v1/customers/${customer}/contracts`,
        payload: { title: 'Annual supply', signedOn, startsOn: signedOn, endsOn: null },
      });
      assert.equal(contract.status, 201, JSON.stringify(contract.body));
      const moved = await shown();
      assert.ok(moved && moved > at(23), `a signing restarts the purchase clock: ${moved}`);
      const removed = await owner.request({
        method: 'DELETE',
        url: `/api/v1/contracts/${contract.body.id}`,
        headers: { 'if-match': `"${contract.body.version}"` },
      });
      assert.equal(removed.status, 204);
      assert.equal(await shown(), at(23));
    });

    test('a transfer restarts the clock for the new owner; a release leaves no deadline', async () => {
      later(2);
      const moved = await owner.request({
        method: 'POST',
        url: `/api/v1/customers/${customer}/assign`,
        payload: { ownerId: other.userId, reason: 'covering' },
      });
      assert.equal(moved.status, 200, JSON.stringify(moved.body));
      // The purchase (day 3) was before the hand-over (day 5): the new owner gets the whole period.
      assert.equal(moved.body.returnsAt, at(25));
      const released = await owner.request({
        method: 'POST',
        url: `/api/v1/customers/${customer}/release`,
        payload: { reason: 'back to the pool' },
      });
      assert.equal(released.status, 200, JSON.stringify(released.body));
      assert.equal(await stored(), undefined);
      assert.equal(released.body.returnsAt, null);
    });

    test("the pool's urgent days make a return urgent in the card, the list and My day", async () => {
      const claimed = await rep.request({ method: 'POST', url: `/api/v1/customers/${customer}/claim` });
      assert.equal(claimed.status, 200, JSON.stringify(claimed.body));
      assert.equal((await setRules([{ noFollowUpDays: 5 }])).status, 200);
      const urgency = async () => {
        const card = await rep.request({ method: 'GET', url: `/api/v1/customers/${customer}/ownership` });
        const day = await rep.request({ method: 'GET', url: '/api/v1/me/day' });
        const soon = day.body.returningSoon.find((r: { customerId: string }) => r.customerId === customer);
        const list = await rep.request({ method: 'GET', url: '/api/v1/customers?sort=returnsAt&limit=1' });
        assert.equal(list.body.data[0].id, customer);
        assert.equal(soon.returnUrgent, card.body.returnUrgent);
        assert.equal(list.body.data[0].returnUrgent, card.body.returnUrgent);
        return [card.body.daysLeft, card.body.returnUrgent];
      };
      // Five days left against the default of 3: not yet urgent.
      assert.deepEqual(await urgency(), [5, false]);
      const patched = await owner.request({
        method: 'PATCH',
        url: `/api/v1/pools/${poolId}`,
        payload: { urgentDays: 5 },
      });
      assert.equal(patched.status, 200);
      assert.equal(patched.body.urgentDays, 5);
      assert.deepEqual(await urgency(), [5, true]);
    });

    test('the hourly run stores what changed without a write, and finds nothing to change next', async () => {
      // Rows the writes' hooks did not make (a deadline changed behind their back) are put right.
      await inWorkspace(api.database.db, owner.workspaceId, (tx) =>
        tx
          .updateTable('customer_return_deadlines')
          .set({ returns_at: new Date(at(99)) })
          .execute(),
      );
      await runPoolReturns(api.database.db, owner.workspaceId, now);
      assert.equal(await shown(), at(10));
    });
  });

  describe(`a pool's urgent days on ${target.name}`, () => {
    let api: TestApi;
    let owner: Session;

    before(async () => {
      api = await startApi(target.url);
      owner = await signUp(api, 'Urgent days');
    });
    after(() => api.close());

    test('a new pool has 3 urgent days unless given; 0 to 365 are taken', async () => {
      const plain = await owner.request({ method: 'POST', url: '/api/v1/pools', payload: { name: 'Plain' } });
      assert.equal(plain.status, 201);
      assert.equal(plain.body.urgentDays, 3);
      const eager = await owner.request({
        method: 'POST',
        url: '/api/v1/pools',
        payload: { name: 'Eager', urgentDays: 0 },
      });
      assert.equal(eager.body.urgentDays, 0);
      const patched = await owner.request({
        method: 'PATCH',
        url: `/api/v1/pools/${eager.body.id}`,
        payload: { urgentDays: 365 },
      });
      assert.equal(patched.body.urgentDays, 365);
      const listed = await owner.request({ method: 'GET', url: '/api/v1/pools' });
      assert.equal(listed.body.data.find((p: { id: string }) => p.id === eager.body.id).urgentDays, 365);
    });

    test('urgent days outside 0–365 or not whole are refused naming the field', async () => {
      for (const urgentDays of [-1, 366, 2.5, '3', null]) {
        const refused = await owner.request({
          method: 'POST',
          url: '/api/v1/pools',
          payload: { name: `Bad ${String(urgentDays)}`, urgentDays },
        });
        assert.equal(refused.status, 400, `${urgentDays}: ${JSON.stringify(refused.body)}`);
        assert.deepEqual(
          refused.body.errors.map((e: { path: string }) => e.path),
          ['body.urgentDays'],
        );
      }
    });
  });
}
