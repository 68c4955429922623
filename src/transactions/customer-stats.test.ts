import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { databaseTargets, type Session, signUp, startApi, type TestApi } from '../../test/support.js';

for (const target of databaseTargets) {
  describe(`customer stats API on ${target.name}`, () => {
    let api: TestApi;
    let alice: Session;
    let lines: string[];
    before(async () => {
      api = await startApi(target.url);
      alice = await signUp(api);
      lines = [];
      for (const name of ['Retail', 'Service']) {
        lines.push(
          (await alice.request({ method: 'POST', url: '/api/v1/business-lines', payload: { name } })).body.id,
        );
      }
    });
    after(() => api.close());

    const newCustomer = async () =>
      (await alice.request({ method: 'POST', url: '/api/v1/customers', payload: { name: 'Stats' } })).body.id;
    const stats = (id: string) => alice.request({ method: 'GET', url: `/api/v1/customers/${id}/stats` });

    test('a customer without purchases has zeros and nulls', async () => {
      const res = await stats(await newCustomer());
      assert.equal(res.status, 200);
      assert.deepEqual(res.body, {
        firstPurchaseAt: null,
        lastPurchaseAt: null,
        purchaseCount: 0,
        purchaseDays: 0,
        revenue: '0.00',
        margin: '0.00',
        byBusinessLine: [],
      });
    });

    test('"0.10" + "0.20" totals exactly "0.30", with days counted in the workspace time zone', async () => {
      const id = await newCustomer();
      const res = await alice.request({
        method: 'POST',
        url: '/api/v1/transactions/bulk',
        payload: {
          transactions: [
            // In Asia/Shanghai (UTC+8) these fall on 1 and 2 February; in UTC all three on 1 February.
            {
              customerId: id,
              occurredAt: '2024-02-01T15:00:00Z',
              amount: '0.10',
              margin: 0.05,
              businessLineId: lines[0],
            },
            { customerId: id, occurredAt: '2024-02-01T17:00:00Z', amount: 0.2, businessLineId: lines[1] },
            { customerId: id, occurredAt: '2024-02-01T18:00:00Z', amount: '0.00', businessLineId: lines[0] },
          ],
        },
      });
      assert.equal(res.status, 201);
      const body = (await stats(id)).body;
      assert.equal(body.revenue, '0.30');
      assert.equal(body.margin, '0.05');
      assert.equal(body.purchaseCount, 3);
      assert.equal(body.purchaseDays, 2);
      assert.equal(body.firstPurchaseAt, '2024-02-01T15:00:00.000Z');
      assert.equal(body.lastPurchaseAt, '2024-02-01T18:00:00.000Z');
      const retail = body.byBusinessLine.find(
        (l: { businessLineId: string }) => l.businessLineId === lines[0],
      );
      assert.deepEqual(retail, {
        businessLineId: lines[0],
        firstPurchaseAt: '2024-02-01T15:00:00.000Z',
        lastPurchaseAt: '2024-02-01T18:00:00.000Z',
        purchaseCount: 2,
        purchaseDays: 2,
        revenue: '0.10',
        margin: '0.05',
      });
    });

    test('deleting the last purchase returns the customer to zeros', async () => {
      const id = await newCustomer();
      const sale = await alice.request({
        method: 'POST',
        url: '/api/v1/transactions',
        payload: { customerId: id, occurredAt: '2024-03-01T10:00:00Z', amount: '5' },
      });
      assert.equal((await stats(id)).body.revenue, '5.00');
      await alice.request({
        method: 'DELETE',
        url: `/api/v1/transactions/${sale.body.id}`,
        headers: { 'if-match': '"1"' },
      });
      assert.equal((await stats(id)).body.purchaseCount, 0);
    });

    test('concurrent batches crossing the same two customers all succeed and are all counted', async () => {
      const [c, d] = [await newCustomer(), await newCustomer()];
      const batch = (i: number) => ({
        transactions: [
          { customerId: i % 2 ? c : d, occurredAt: '2024-04-01T00:00:00Z', amount: String(i) },
          { customerId: i % 2 ? d : c, occurredAt: '2024-04-02T00:00:00Z', amount: '1' },
        ],
      });
      const results = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          alice.request({ method: 'POST', url: '/api/v1/transactions/bulk', payload: batch(i) }),
        ),
      );
      assert.deepEqual(new Set(results.map((r) => r.status)), new Set([201]));
      // c: odd i (1 + 3 + … + 19 = 100) and 1.00 from each even batch (10).
      assert.deepEqual([(await stats(c)).body.revenue, (await stats(c)).body.purchaseCount], ['110.00', 20]);
      assert.deepEqual([(await stats(d)).body.revenue, (await stats(d)).body.purchaseCount], ['100.00', 20]);
    });

    test('an unknown or deleted customer is a 404', async () => {
      assert.equal((await stats('00000000-0000-4000-8000-000000000000')).status, 404);
      const id = await newCustomer();
      await alice.request({
        method: 'DELETE',
        url: `/api/v1/customers/${id}`,
        headers: { 'if-match': '"1"' },
      });
      assert.equal((await stats(id)).status, 404);
    });
  });
}
