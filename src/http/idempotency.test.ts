import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { databaseTargets, type Session, signUp, startApi, type TestApi } from '../../test/support.js';

for (const target of databaseTargets) {
  describe(`Idempotency-Key on ${target.name}`, () => {
    let api: TestApi;
    let me: Session;
    before(async () => {
      api = await startApi(target.url);
      me = await signUp(api);
    });
    after(() => api.close());

    const count = async () =>
      (await me.request({ method: 'GET', url: '/api/v1/customers?count=true' })).body.total;
    const post = (key: string, name: string) =>
      me.request({
        method: 'POST',
        url: '/api/v1/customers',
        payload: { name },
        headers: { 'idempotency-key': key },
      });

    test('a retry with the same key and body replays the first answer and creates nothing new', async () => {
      const first = await post('k-1', 'Once');
      const total = await count();
      const retry = await post('k-1', 'Once');
      assert.equal(retry.status, 201);
      assert.equal(retry.headers['idempotent-replayed'], 'true');
      assert.deepEqual(retry.body, first.body);
      assert.equal(await count(), total);
    });

    test('the same key with a different body is a 422 and creates nothing', async () => {
      await post('k-2', 'First body');
      const total = await count();
      const reuse = await post('k-2', 'Another body');
      assert.equal(reuse.status, 422);
      assert.equal(await count(), total);
    });

    test('a failed request (400) is replayed as the same failure', async () => {
      const bad = await me.request({
        method: 'POST',
        url: '/api/v1/customers',
        payload: { name: '' },
        headers: { 'idempotency-key': 'k-3' },
      });
      const again = await me.request({
        method: 'POST',
        url: '/api/v1/customers',
        payload: { name: '' },
        headers: { 'idempotency-key': 'k-3' },
      });
      assert.equal(bad.status, 400);
      assert.equal(again.status, 400);
    });

    test('keys are per user: another user may use the same key', async () => {
      const other = await signUp(api);
      await post('shared-key', 'Mine');
      const theirs = await other.request({
        method: 'POST',
        url: '/api/v1/customers',
        payload: { name: 'Theirs' },
        headers: { 'idempotency-key': 'shared-key' },
      });
      assert.equal(theirs.status, 201);
      assert.equal(theirs.body.name, 'Theirs');
    });
  });
}
