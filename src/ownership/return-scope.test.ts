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

const DAY = 86_400_000;

for (const target of databaseTargets) {
  describe(`return rules by business line and CLV band on ${target.name}`, () => {
    let api: TestApi;
    const now = new Date();
    let owner: Session;
    let rep: Session;
    let poolId: string;
    let line: string;
    let buyer: string;
    let other: string;

    before(async () => {
      api = await startApi(target.url, { clock: () => now });
      owner = await signUp(api, 'Lines');
      rep = await addMember(api, owner, 'rep');
      const pools = await owner.request({ method: 'GET', url: '/api/v1/pools' });
      poolId = pools.body.data.find((p: { isDefault: boolean }) => p.isDefault).id;
      line = (
        await owner.request({ method: 'POST', url: '/api/v1/business-lines', payload: { name: 'Tea' } })
      ).body.id;
      const owned = async (name: string) => {
        const created = await owner.request({
          method: 'POST',
          url: '/api/v1/customers',
          payload: { name, ownerId: rep.userId },
        });
        assert.equal(created.status, 201, JSON.stringify(created.body));
        return created.body.id as string;
      };
      buyer = await owned('Tea buyer');
      other = await owned('Coffee buyer');
      // The tea buyer bought tea ten days before the claim was made: a purchase before the hand-over
      // does not shorten the new owner's clock.
      for (const [customerId, businessLineId] of [
        [buyer, line],
        [other, null],
      ] as const) {
        const sale = await owner.request({
          method: 'POST',
          url: '/api/v1/transactions',
          payload: {
            customerId,
            businessLineId,
            occurredAt: new Date(now.getTime() - 10 * DAY).toISOString(),
            amount: '80',
          },
        });
        assert.equal(sale.status, 201, JSON.stringify(sale.body));
      }
    });
    after(() => api.close());

    const preview = (returnRules: object[]) =>
      owner.request({
        method: 'POST',
        url: `/api/v1/pools/${poolId}/preview`,
        payload: { days: 7, returnRules },
      });

    test('a rule of a business line counts only the customers who bought in it', async () => {
      const lineOnly = await preview([{ businessLineId: line, noPurchaseDays: 5 }]);
      assert.equal(lineOnly.status, 200, JSON.stringify(lineOnly.body));
      assert.deepEqual(lineOnly.body, { days: 7, returning: 1 });
      const everyone = await preview([{ noPurchaseDays: 5 }]);
      assert.deepEqual(everyone.body, { days: 7, returning: 2 });
      const ownership = await owner.request({
        method: 'PATCH',
        url: `/api/v1/pools/${poolId}`,
        payload: {
          returnRules: [{ businessLineId: line, noPurchaseDays: 5 }, { noPurchaseDays: 30 }],
        },
      });
      assert.equal(ownership.status, 200);
      assert.deepEqual(ownership.body.returnRules[0], { businessLineId: line, noPurchaseDays: 5 });
      const tea = await rep.request({ method: 'GET', url: `/api/v1/customers/${buyer}/ownership` });
      const coffee = await rep.request({ method: 'GET', url: `/api/v1/customers/${other}/ownership` });
      assert.equal(tea.body.daysLeft, 5);
      assert.equal(coffee.body.daysLeft, 30);
    });

    test('a CLV band applies only to customers with a CLV in it', async () => {
      // Neither customer has a predicted CLV yet: no band holds them.
      assert.deepEqual((await preview([{ clvBand: { min: 0 }, noFollowUpDays: 1 }])).body, {
        days: 7,
        returning: 0,
      });
    });

    test('an unknown business line or a reversed band is refused naming the field', async () => {
      const unknown = await owner.request({
        method: 'PATCH',
        url: `/api/v1/pools/${poolId}`,
        payload: {
          returnRules: [
            { noFollowUpDays: 3 },
            { businessLineId: '00000000-0000-4000-8000-000000000009', noFollowUpDays: 3 },
          ],
        },
      });
      assert.equal(unknown.status, 400);
      assert.equal(unknown.body.errors[0].path, 'body.returnRules.1.businessLineId');
      const draft = await preview([{ businessLineId: '00000000-0000-4000-8000-000000000009' }]);
      assert.equal(draft.status, 400);
      assert.equal(draft.body.errors[0].path, 'body.returnRules.0.businessLineId');
      const reversed = await preview([{ clvBand: { min: 500, max: 100 } }]);
      assert.equal(reversed.status, 400);
      assert.ok(
        reversed.body.errors.some((e: { path: string }) => e.path === 'body.returnRules.0.clvBand.max'),
      );
    });
  });
}
