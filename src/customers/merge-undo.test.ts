import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import {
  addMember,
  databaseTargets,
  type Session,
  signUp,
  startApi,
  type TestApi,
} from '../../test/support.js';
import { inWorkspace } from '../db/tenant.js';

for (const target of databaseTargets) {
  describe(`undo of a customer merge on ${target.name}`, () => {
    let api: TestApi;
    before(async () => {
      api = await startApi(target.url);
    });
    after(() => api.close());

    async function post(session: Session, url: string, payload: object) {
      const res = await session.request({ method: 'POST', url, payload });
      assert.ok(res.status < 300, `${url}: ${JSON.stringify(res.body)}`);
      return res.body;
    }
    const get = (session: Session, url: string) => session.request({ method: 'GET', url });
    const undo = (session: Session, mergeId: string) =>
      session.request({ method: 'POST', url: `/api/v1/customer-merges/${mergeId}/undo` });

    /** A survivor and two duplicates with history, merged: the merge's answer and the parties. */
    async function merged() {
      const owner = await signUp(api, 'Merge undo');
      const survivor = await post(owner, '/api/v1/customers', {
        kind: 'organisation',
        name: '华新科技',
        phones: ['13800000001'],
        tags: ['vip'],
      });
      const a = await post(owner, '/api/v1/customers', {
        kind: 'organisation',
        name: 'Huaxin Tech',
        phones: ['13800000002'],
        emails: ['zw@acme.cn'],
        tags: ['import'],
        externalId: 'OLD-1',
      });
      const b = await post(owner, '/api/v1/customers', { name: 'Zhang Wei', region: 'Shanghai' });
      const sale = (customerId: string, occurredAt: string, amount: string) =>
        post(owner, '/api/v1/transactions', { customerId, occurredAt, amount });
      await sale(survivor.id, '2025-01-05T10:00:00Z', '100.00');
      await sale(a.id, '2025-02-05T10:00:00Z', '50.50');
      await sale(a.id, '2025-03-05T10:00:00Z', '25.25');
      await sale(b.id, '2025-04-05T10:00:00Z', '10.00');
      await post(owner, '/api/v1/interactions', {
        customerId: a.id,
        channel: 'phone',
        direction: 'inbound',
        summary: 'asked for a quote',
        occurredAt: '2025-02-01T08:00:00Z',
      });
      await post(owner, '/api/v1/tasks', { title: 'Send the quote', customerId: a.id, dueOn: '2025-02-10' });
      await post(owner, '/api/v1/tickets', {
        customerId: a.id,
        kind: 'complaint',
        channel: 'phone',
        subject: 'Quote arrived late',
      });
      await post(owner, `/api/v1/customers/${survivor.id}/contacts`, { name: 'Main', isPrimary: true });
      await post(owner, `/api/v1/customers/${a.id}/contacts`, { name: 'Buyer', isPrimary: true });
      const res = await owner.request({
        method: 'POST',
        url: `/api/v1/customers/${survivor.id}/merge`,
        payload: { sourceIds: [a.id, b.id] },
        headers: { 'if-match': '"1"' },
      });
      assert.equal(res.status, 200, JSON.stringify(res.body));
      assert.match(res.body.mergeId, /^[0-9a-f-]{36}$/);
      return { owner, survivor, a, b, merge: res.body };
    }

    test('an undo revives the merged customers with the rows that moved from them and the survivor as it was', async () => {
      const { owner, survivor, a, b, merge } = await merged();
      const listed = await get(owner, '/api/v1/customer-merges');
      assert.equal(listed.status, 200);
      assert.deepEqual(
        listed.body.data.map((m: { id: string; sources: { name: string }[]; moved: object }) => [
          m.id,
          m.sources.map((s) => s.name),
          m.moved,
        ]),
        [
          [
            merge.mergeId,
            ['Huaxin Tech', 'Zhang Wei'],
            { transactions: 3, interactions: 1, contracts: 0, tasks: 1, tickets: 1, contacts: 1 },
          ],
        ],
      );

      // The merged customer's task and ticket went to the survivor.
      const customerOf = async (url: string) =>
        (await get(owner, url)).body.data.map((r: { customerId: string }) => r.customerId);
      assert.deepEqual(await customerOf(`/api/v1/tasks?customerId=${survivor.id}`), [survivor.id]);
      assert.deepEqual(await customerOf(`/api/v1/tickets?customerId=${survivor.id}`), [survivor.id]);

      const res = await undo(owner, merge.mergeId);
      assert.equal(res.status, 200, JSON.stringify(res.body));
      const [back, backA, backB] = res.body.data;
      assert.deepEqual(await customerOf(`/api/v1/tasks?customerId=${a.id}`), [a.id], 'the task is back');
      assert.deepEqual(await customerOf(`/api/v1/tickets?customerId=${a.id}`), [a.id], 'the ticket is back');
      assert.deepEqual(await customerOf(`/api/v1/tasks?customerId=${survivor.id}`), []);
      assert.deepEqual([back.id, backA.id, backB.id], [survivor.id, a.id, b.id]);
      assert.deepEqual(back.phones, ['+8613800000001']);
      assert.deepEqual(back.emails, []);
      assert.deepEqual(back.tags, ['vip']);
      assert.equal(back.externalId, null, 'the external id goes back to the customer it came from');
      assert.equal(back.region, null);
      assert.equal(backA.externalId, 'OLD-1');

      // Each customer's purchases are its own again, and so are the aggregates.
      for (const [id, count, revenue] of [
        [survivor.id, 1, '100.00'],
        [a.id, 2, '75.75'],
        [b.id, 1, '10.00'],
      ] as const) {
        const stats = await get(owner, `/api/v1/customers/${id}/stats`);
        assert.equal(stats.status, 200, id);
        assert.deepEqual([stats.body.purchaseCount, stats.body.revenue], [count, revenue], id);
      }
      const contactsOf = async (id: string) =>
        (await get(owner, `/api/v1/customers/${id}/contacts`)).body.data.map(
          (c: { name: string; isPrimary: boolean }) => [c.name, c.isPrimary],
        );
      assert.deepEqual(await contactsOf(a.id), [['Buyer', true]], 'its primary contact again');
      assert.deepEqual(await contactsOf(survivor.id), [['Main', true]]);
      const interactions = await get(owner, `/api/v1/customers/${a.id}/interactions`);
      assert.equal(interactions.body.data.length, 1);
      assert.equal((await get(owner, `/api/v1/customers/${a.id}`)).status, 200, 'no longer an alias');
      const list = await get(owner, '/api/v1/customers?count=true');
      assert.equal(list.body.data.length, 3);

      assert.equal((await undo(owner, merge.mergeId)).status, 409, 'once only');
      assert.deepEqual((await get(owner, '/api/v1/customer-merges')).body.data, []);
      const audit = await inWorkspace(api.database.db, owner.workspaceId, (tx) =>
        tx.selectFrom('audit_log').select('entity_id').where('action', '=', 'merge-undo').execute(),
      );
      assert.deepEqual(audit.map((e) => e.entity_id).sort(), [survivor.id, a.id, b.id].sort());
    });

    test('a field changed after the merge keeps its change; the others return', async () => {
      const { owner, survivor, merge } = await merged();
      const read = await get(owner, `/api/v1/customers/${survivor.id}`);
      const patched = await owner.request({
        method: 'PATCH',
        url: `/api/v1/customers/${survivor.id}`,
        payload: { region: 'Beijing' },
        headers: { 'if-match': String(read.headers.etag) },
      });
      assert.equal(patched.status, 200, JSON.stringify(patched.body));
      const res = await undo(owner, merge.mergeId);
      assert.equal(res.status, 200, JSON.stringify(res.body));
      assert.equal(res.body.data[0].region, 'Beijing');
      assert.deepEqual(res.body.data[0].phones, ['+8613800000001']);
    });

    test('only those who may merge undo, within 30 days, and not once the survivor was merged again', async () => {
      const { owner, survivor, merge } = await merged();
      const rep = await addMember(api, owner, 'rep');
      assert.equal((await undo(rep, merge.mergeId)).status, 403);
      assert.equal((await get(rep, '/api/v1/customer-merges')).status, 403);

      await inWorkspace(api.database.db, owner.workspaceId, (tx) =>
        sql`update customer_merges set merged_at = now() - interval '31 days'`.execute(tx),
      );
      const late = await undo(owner, merge.mergeId);
      assert.equal(late.status, 409);
      assert.equal(late.body.reason, 'expired');
      await inWorkspace(api.database.db, owner.workspaceId, (tx) =>
        sql`update customer_merges set merged_at = now() - interval '29 days'`.execute(tx),
      );

      const other = await post(owner, '/api/v1/customers', { kind: 'organisation', name: 'Another' });
      const read = await get(owner, `/api/v1/customers/${other.id}`);
      const again = await owner.request({
        method: 'POST',
        url: `/api/v1/customers/${other.id}/merge`,
        payload: { sourceIds: [survivor.id] },
        headers: { 'if-match': String(read.headers.etag) },
      });
      assert.equal(again.status, 200, JSON.stringify(again.body));
      const blocked = await undo(owner, merge.mergeId);
      assert.equal(blocked.status, 409);
      assert.equal(blocked.body.reason, 'survivor-gone');
      assert.equal((await undo(owner, again.body.mergeId)).status, 200, 'the later merge first');
      assert.equal((await undo(owner, merge.mergeId)).status, 200, 'then the earlier one');
    });
  });
}
