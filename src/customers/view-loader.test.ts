import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { databaseTargets, type Session, signUp, startApi, type TestApi } from '../../test/support.js';
import { loadCustomerView } from './view-loader.js';

// The owner of each workspace: every customer of it in view.
const ALL = { userId: randomUUID(), scope: 'all' } as const;

for (const target of databaseTargets) {
  describe(`customer reads batched together on ${target.name}`, () => {
    let api: TestApi;
    let a: Session;
    let b: Session;
    before(async () => {
      api = await startApi(target.url);
      a = await signUp(api, 'A');
      b = await signUp(api, 'B');
    });
    after(() => api.close());

    const create = async (session: Session, name: string) =>
      (await session.request({ method: 'POST', url: '/api/v1/customers', payload: { name } })).body
        .id as string;

    test('reads of two workspaces in one turn each get their own customer and nothing of the other', async () => {
      const a1 = await create(a, 'A one');
      const a2 = await create(a, 'A two');
      const b1 = await create(b, 'B one');
      const { db } = api.database;
      // Started together, so they share one batch.
      const [ra1, ra2, rb1, aSeesB, bSeesA, missing, upper] = await Promise.all([
        loadCustomerView(db, a.workspaceId, ALL, a1),
        loadCustomerView(db, a.workspaceId, ALL, a2),
        loadCustomerView(db, b.workspaceId, ALL, b1),
        loadCustomerView(db, a.workspaceId, ALL, b1),
        loadCustomerView(db, b.workspaceId, ALL, a1),
        loadCustomerView(db, a.workspaceId, ALL, randomUUID()),
        loadCustomerView(db, a.workspaceId, ALL, a2.toUpperCase()),
      ]);
      assert.equal(ra1?.name, 'A one');
      assert.equal(ra2?.name, 'A two');
      assert.equal(rb1?.name, 'B one');
      assert.equal(aSeesB, undefined);
      assert.equal(bSeesA, undefined);
      assert.equal(missing, undefined);
      assert.equal(upper?.id, a2);
    });

    test('many concurrent GETs answer each its own customer', async () => {
      const ids = await Promise.all(Array.from({ length: 30 }, (_, i) => create(a, `Batch ${i}`)));
      const answers = await Promise.all(
        ids.map((id) => a.request({ method: 'GET', url: `/api/v1/customers/${id}` })),
      );
      answers.forEach((res, i) => {
        assert.equal(res.status, 200);
        assert.equal(res.body.id, ids[i]);
        assert.equal(res.body.name, `Batch ${i}`);
        assert.equal(res.headers.etag, '"1"');
      });
    });
  });
}
