import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { databaseTargets, type Session, signUp, startApi, type TestApi } from '../../test/support.js';

for (const target of databaseTargets) {
  describe(`bulk transactions on ${target.name}`, () => {
    let api: TestApi;
    let alice: Session;
    let customers: string[];
    before(async () => {
      api = await startApi(target.url);
      alice = await signUp(api);
      customers = [];
      for (const name of ['A', 'B', 'C']) {
        customers.push(
          (await alice.request({ method: 'POST', url: '/api/v1/customers', payload: { name } })).body.id,
        );
      }
    });
    after(() => api.close());

    const bulk = (transactions: unknown[]) =>
      alice.request({ method: 'POST', url: '/api/v1/transactions/bulk', payload: { transactions } });
    const count = async () =>
      (await alice.request({ method: 'GET', url: '/api/v1/transactions?count=true&limit=1' })).body.total;
    const row = (i: number) => ({
      customerId: customers[i % customers.length],
      occurredAt: new Date(Date.UTC(2024, 0, 1) + i * 3_600_000).toISOString(),
      amount: `${i}.25`,
      externalId: `BULK-${i}`,
    });

    test('10,000 rows are written in one request and counted in the aggregates', async () => {
      const rows = Array.from({ length: 10_000 }, (_, i) => row(i));
      const res = await bulk(rows);
      assert.equal(res.status, 201);
      assert.equal(res.body.count, 10_000);
      const first = await alice.request({ method: 'GET', url: `/api/v1/transactions/${res.body.ids[0]}` });
      assert.equal(first.body.externalId, 'BULK-0', 'ids come back in request order');
      const stats = await alice.request({ method: 'GET', url: `/api/v1/customers/${customers[0]}/stats` });
      // Customer A holds rows 0, 3, …, 9999: 3334 rows, sum of i·1.00 plus 0.25 each.
      const indexes = rows.map((_, i) => i).filter((i) => i % 3 === 0);
      const cents = indexes.reduce((sum, i) => sum + i * 100 + 25, 0);
      assert.equal(stats.body.purchaseCount, 3334);
      assert.equal(stats.body.revenue, `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`);
    });

    test('one bad row stores nothing, and every bad row is listed with its path', async () => {
      const before = await count();
      const rows = Array.from({ length: 30 }, (_, i) => ({ ...row(20_000 + i), externalId: undefined }));
      rows[3] = { ...rows[3], amount: '1.005' };
      rows[17] = { ...rows[17], amount: 'abc' };
      rows[21] = { ...rows[21], occurredAt: 'yesterday' };
      const res = await bulk(rows);
      assert.equal(res.status, 400);
      assert.deepEqual(
        res.body.errors.map((e: { path: string }) => e.path),
        ['body.transactions.3.amount', 'body.transactions.17.amount', 'body.transactions.21.occurredAt'],
      );
      assert.equal(await count(), before);
    });

    test('unknown customers and externalIds repeated within the batch are reported row by row', async () => {
      const before = await count();
      const rows = [
        { ...row(30_000), externalId: 'DUP' },
        { ...row(30_001), customerId: '00000000-0000-4000-8000-000000000000' },
        { ...row(30_002), externalId: 'DUP' },
      ];
      const res = await bulk(rows);
      assert.equal(res.status, 400);
      assert.deepEqual(
        res.body.errors.map((e: { path: string }) => e.path),
        ['body.transactions.1.customerId', 'body.transactions.2.externalId'],
      );
      assert.equal(await count(), before);
    });

    test('externalIds already stored make the whole batch a 409 naming each holder', async () => {
      const before = await count();
      const res = await bulk([
        row(40_000),
        { ...row(40_001), externalId: 'BULK-7' },
        { ...row(40_002), externalId: 'BULK-8' },
      ]);
      assert.equal(res.status, 409);
      assert.deepEqual(
        res.body.errors.map((e: { path: string }) => e.path),
        ['body.transactions.1.externalId', 'body.transactions.2.externalId'],
      );
      assert.equal(res.body.existing.length, 2);
      assert.equal(await count(), before);
    });

    test('more than 10,000 rows or an empty batch is a 400', async () => {
      assert.equal((await bulk([])).status, 400);
      const tooMany = await bulk(
        Array.from({ length: 10_001 }, (_, i) => ({ ...row(i), externalId: undefined })),
      );
      assert.equal(tooMany.status, 400);
      assert.equal(tooMany.body.errors[0].path, 'body.transactions');
    });
  });
}
