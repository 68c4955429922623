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

const DAY = 86_400_000;

for (const target of databaseTargets) {
  describe(`pool customer details viewed per day on ${target.name}`, () => {
    let api: TestApi;
    let now = new Date();
    let owner: Session;
    let rep: Session;
    let manager: Session;
    let poolId: string;
    const ids: string[] = [];

    before(async () => {
      api = await startApi(target.url, { clock: () => now });
      owner = await lasting(await signUp(api, 'Views'));
      rep = await lasting(await addMember(api, owner, 'rep'));
      manager = await lasting(await addMember(api, owner, 'manager'));
      const pools = await owner.request({ method: 'GET', url: '/api/v1/pools' });
      poolId = pools.body.data.find((p: { isDefault: boolean }) => p.isDefault).id;
      for (const name of ['One', 'Two', 'Three']) {
        const created = await owner.request({ method: 'POST', url: '/api/v1/customers', payload: { name } });
        ids.push(created.body.id);
      }
    });
    after(() => api.close());

    const open = (session: Session, id: string) =>
      session.request({ method: 'GET', url: `/api/v1/customers/${id}` });

    test('a limit out of range is refused naming the field', async () => {
      const bad = await owner.request({
        method: 'PATCH',
        url: `/api/v1/pools/${poolId}`,
        payload: { detailsPerDay: 0 },
      });
      assert.equal(bad.status, 400);
      assert.ok(bad.body.errors.some((e: { path: string }) => e.path === 'body.detailsPerDay'));
    });

    test('beyond the pool limit a rep gets 429 naming it; the same customer again is free; a manager is not limited', async () => {
      const set = await owner.request({
        method: 'PATCH',
        url: `/api/v1/pools/${poolId}`,
        payload: { detailsPerDay: 2 },
      });
      assert.equal(set.status, 200);
      assert.equal(set.body.detailsPerDay, 2);
      const [one, two, three] = ids as [string, string, string];
      assert.equal((await open(rep, one)).status, 200);
      assert.equal((await open(rep, one)).status, 200, 'opening one again the same day does not count');
      assert.equal((await open(rep, two)).status, 200);
      const refused = await open(rep, three);
      assert.equal(refused.status, 429);
      assert.match(String(refused.headers['content-type']), /application\/problem\+json/);
      assert.equal(refused.body.type, 'https://clm.dev/problems/pool-detail-limit');
      assert.equal(refused.body.limit, 'detailsPerDay');
      assert.equal(refused.body.max, 2);
      assert.equal((await open(rep, one)).status, 200, 'those already opened stay open');
      assert.equal((await open(manager, three)).status, 200);
    });

    test('a claimed customer is not counted, and the next day the count starts again', async () => {
      const [, , three] = ids as [string, string, string];
      now = new Date(now.getTime() + DAY);
      assert.equal((await open(rep, three)).status, 200);
      const claimed = await rep.request({ method: 'POST', url: `/api/v1/customers/${three}/claim` });
      assert.equal(claimed.status, 200);
      for (let i = 0; i < 3; i++) assert.equal((await open(rep, three)).status, 200);
    });
  });
}
