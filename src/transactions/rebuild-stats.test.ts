import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { databaseTargets, type Session, signUp, startApi, type TestApi } from '../../test/support.js';
import { inWorkspace } from '../db/tenant.js';
import { memberWorkspaceIds, rebuildCustomerStats } from './rebuild-stats.js';

for (const target of databaseTargets) {
  describe(`rebuilding customer aggregates on ${target.name}`, () => {
    let api: TestApi;
    let alice: Session;
    let bob: Session;
    before(async () => {
      api = await startApi(target.url);
      alice = await signUp(api);
      bob = await signUp(api, 'Other workspace');
    });
    after(() => api.close());

    test('every workspace with a member is listed, whatever the role can see', async () => {
      const ids = await memberWorkspaceIds(api.database.db);
      assert.ok(ids.includes(alice.workspaceId));
      assert.ok(ids.includes(bob.workspaceId));
    });

    test('a rebuild repairs aggregates that drifted from the transactions, in that workspace only', async () => {
      const customer = (
        await alice.request({ method: 'POST', url: '/api/v1/customers', payload: { name: 'R' } })
      ).body;
      await alice.request({
        method: 'POST',
        url: '/api/v1/transactions',
        payload: { customerId: customer.id, occurredAt: '2024-01-01T00:00:00Z', amount: '12.34' },
      });
      await inWorkspace(api.database.db, alice.workspaceId, (tx) =>
        tx.updateTable('customer_stats').set({ revenue: '0', purchase_count: 7 }).execute(),
      );
      assert.equal(await rebuildCustomerStats(api.database.db, alice.workspaceId), 1);
      const stats = await alice.request({ method: 'GET', url: `/api/v1/customers/${customer.id}/stats` });
      assert.equal(stats.body.revenue, '12.34');
      assert.equal(stats.body.purchaseCount, 1);
    });

    test('an unknown workspace is a not-found error', async () => {
      await assert.rejects(rebuildCustomerStats(api.database.db, '00000000-0000-4000-8000-000000000000'), {
        status: 404,
      });
    });
  });
}
