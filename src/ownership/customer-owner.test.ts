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
import { inWorkspace } from '../db/tenant.js';

// The owner field of the customer's own record (POST and PATCH /customers) is the same change as
// claim, assign and release: an ownership event on the timeline, an audit entry, and the pool's limits.
for (const target of databaseTargets) {
  describe(`an owner set on the customer record on ${target.name}`, () => {
    let api: TestApi;
    let now = new Date('2026-03-02T09:00:00.000Z');
    // Events of one instant have no order: each change happens a minute after the last.
    const aMinuteLater = () => {
      now = new Date(now.getTime() + 60_000);
    };
    let owner: Session;
    let repA: Session;
    let repB: Session;

    before(async () => {
      api = await startApi(target.url, { clock: () => now });
      owner = await signUp(api, 'Record owners');
      repA = await addMember(api, owner, 'rep');
      repB = await addMember(api, owner, 'rep');
    });
    after(() => api.close());

    const events = async (id: string) => {
      const res = await owner.request({ method: 'GET', url: `/api/v1/customers/${id}/ownership-events` });
      assert.equal(res.status, 200);
      return (res.body.data as { kind: string; fromUserId: string; toUserId: string; byUserId: string }[])
        .reverse()
        .map((e) => [e.kind, e.fromUserId, e.toUserId, e.byUserId]);
    };
    const patch = (session: Session, id: string, version: number, payload: object) => {
      aMinuteLater();
      return session.request({
        method: 'PATCH',
        url: `/api/v1/customers/${id}`,
        payload,
        headers: { 'if-match': `"${version}"` },
      });
    };

    test('created with an owner, then transferred, released and claimed: each is an ownership event', async () => {
      const created = await owner.request({
        method: 'POST',
        url: '/api/v1/customers',
        payload: { name: 'Record owned', ownerId: repA.userId },
      });
      assert.equal(created.status, 201, JSON.stringify(created.body));
      const id = created.body.id as string;
      const ownership = await owner.request({ method: 'GET', url: `/api/v1/customers/${id}/ownership` });
      assert.equal(ownership.body.ownedSince, now.toISOString(), 'the clock of the change, not the database');

      const transferred = await patch(owner, id, 1, { ownerId: repB.userId });
      assert.equal(transferred.status, 200, JSON.stringify(transferred.body));
      assert.equal(transferred.body.ownerId, repB.userId);
      assert.equal(transferred.headers.etag, '"2"');
      const released = await patch(repB, id, 2, { ownerId: null, region: 'Hangzhou' });
      assert.equal(released.status, 200, JSON.stringify(released.body));
      assert.equal(released.body.region, 'Hangzhou');
      assert.equal(released.body.ownerId, null);
      const claimed = await patch(repA, id, 4, { ownerId: repA.userId });
      assert.equal(claimed.status, 200, JSON.stringify(claimed.body));

      assert.deepEqual(await events(id), [
        ['assign', null, repA.userId, owner.userId],
        ['transfer', repA.userId, repB.userId, owner.userId],
        ['release', repB.userId, null, repB.userId],
        ['claim', null, repA.userId, repA.userId],
      ]);
      const audit = await owner.request({
        method: 'GET',
        url: `/api/v1/audit?entity=customer&entityId=${id}`,
      });
      assert.deepEqual(audit.body.data.map((e: { action: string }) => e.action).reverse(), [
        'create',
        'assign',
        'transfer',
        'update',
        'release',
        'claim',
      ]);
    });

    test('a rep may not give a customer to someone else, nor change an owner on a stale version', async () => {
      const created = await owner.request({
        method: 'POST',
        url: '/api/v1/customers',
        payload: { name: 'Kept', ownerId: repA.userId },
      });
      const id = created.body.id as string;
      const pushed = await patch(repA, id, 1, { ownerId: repB.userId });
      assert.equal(pushed.status, 403);
      assert.equal(pushed.body.errors[0].path, 'body.ownerId');
      const stale = await patch(owner, id, 7, { ownerId: repB.userId });
      assert.equal(stale.status, 412);
      assert.deepEqual(await events(id), [['assign', null, repA.userId, owner.userId]]);
    });

    test('a customer in decline is released only with why the relationship ended', async () => {
      const created = await owner.request({
        method: 'POST',
        url: '/api/v1/customers',
        payload: { name: 'Fading', ownerId: repA.userId },
      });
      const id = created.body.id as string;
      await inWorkspace(api.database.db, owner.workspaceId, (tx) =>
        tx
          .insertInto('customer_lifecycle')
          .values({
            workspace_id: owner.workspaceId,
            customer_id: id,
            business_line_id: null,
            stage: 'decline',
            since: '2026-01-01',
            cause: JSON.stringify({}),
          })
          .execute(),
      );
      const release = (payload: object) =>
        repA.request({ method: 'POST', url: `/api/v1/customers/${id}/release`, payload });
      const bare = await release({ reason: 'no answer' });
      assert.equal(bare.status, 400, JSON.stringify(bare.body));
      assert.deepEqual(
        bare.body.errors.map((e: { path: string; code: string }) => [e.path, e.code]),
        [['body.churnReason', 'required']],
      );
      assert.equal((await patch(repA, id, 1, { ownerId: null })).status, 400, 'nor by the record');
      const told = await release({ reason: 'no answer', churnReason: 'competitor' });
      assert.equal(told.status, 200, JSON.stringify(told.body));
    });

    test("the pool's held limit holds for a rep's own new customer and a claim through the record", async () => {
      const pools = await owner.request({ method: 'GET', url: '/api/v1/pools' });
      const pool = pools.body.data.find((p: { isDefault: boolean }) => p.isDefault);
      const held = await owner.request({
        method: 'GET',
        url: `/api/v1/customers?ownerId=${repB.userId}&count=true`,
      });
      const limit = await owner.request({
        method: 'PATCH',
        url: `/api/v1/pools/${pool.id}`,
        payload: { heldLimit: held.body.total + 1 },
      });
      assert.equal(limit.status, 200, JSON.stringify(limit.body));
      const last = await repB.request({
        method: 'POST',
        url: '/api/v1/customers',
        payload: { name: 'Last' },
      });
      assert.equal(last.status, 201);
      const over = await repB.request({
        method: 'POST',
        url: '/api/v1/customers',
        payload: { name: 'Over' },
      });
      assert.equal(over.status, 409, JSON.stringify(over.body));
      assert.equal(over.body.limit, 'heldLimit');
      const pooled = await owner.request({
        method: 'POST',
        url: '/api/v1/customers',
        payload: { name: 'Pooled' },
      });
      const claim = await patch(repB, pooled.body.id, 1, { ownerId: repB.userId });
      assert.equal(claim.status, 409);
      assert.equal(claim.body.limit, 'heldLimit');
      assert.deepEqual(await events(pooled.body.id), []);
    });
  });
}
