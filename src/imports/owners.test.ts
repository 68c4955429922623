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
import { uploadAndWait } from './test-files.js';

const csv = (text: string) => Buffer.from(text.replace(/\n/g, '\r\n'));

for (const target of databaseTargets) {
  describe(`owners of imported customers on ${target.name}`, () => {
    let api: TestApi;
    let owner: Session;
    let rep: Session;

    before(async () => {
      api = await startApi(target.url, { runJobs: true });
      owner = await signUp(api, 'Import owners');
      rep = await addMember(api, owner, 'rep');
    });
    after(() => api.close());

    const eventsOf = async (id: string) =>
      (await owner.request({ method: 'GET', url: `/api/v1/customers/${id}/ownership-events` })).body.data.map(
        (e: { kind: string; toUserId: string; byUserId: string; reasonCode: string }) => [
          e.kind,
          e.toUserId,
          e.byUserId,
          e.reasonCode,
        ],
      );
    const named = async (name: string) => {
      const found = await owner.request({ method: 'GET', url: `/api/v1/customers?q=${name}` });
      assert.equal(found.body.data.length, 1, name);
      return found.body.data[0] as { id: string; ownerId: string | null };
    };

    test("a rep's customer file gives them its new customers through the ownership domain", async () => {
      const done = await uploadAndWait(
        rep,
        { kind: 'customers' },
        { name: 'c.csv', data: csv('Name\nAlphaco\nBetaco\n') },
      );
      assert.equal(done.status, 'done', done.error);
      assert.equal(done.counts.imported, 2);
      for (const name of ['Alphaco', 'Betaco']) {
        const customer = await named(name);
        assert.equal(customer.ownerId, rep.userId);
        assert.deepEqual(await eventsOf(customer.id), [['assign', rep.userId, rep.userId, 'import']]);
      }
      const audit = await owner.request({
        method: 'GET',
        url: `/api/v1/audit?entity=import&entityId=${done.id}`,
      });
      const entry = audit.body.data.find((e: { action: string }) => e.action === 'assign');
      assert.deepEqual(entry.after, { ownerId: rep.userId, customers: 2, reasonCode: 'import' });
    });

    test("customers a rep's purchase file creates are theirs too; an admin's import leaves them in the pool", async () => {
      const sales = await uploadAndWait(
        rep,
        { kind: 'transactions' },
        { name: 't.csv', data: csv('Customer,Date,Amount\nGammaco,2024-03-05,10\n') },
      );
      assert.equal(sales.status, 'done', sales.error);
      const gamma = await named('Gammaco');
      assert.equal(gamma.ownerId, rep.userId);
      assert.deepEqual(await eventsOf(gamma.id), [['assign', rep.userId, rep.userId, 'import']]);
      const pooled = await uploadAndWait(
        owner,
        { kind: 'customers' },
        { name: 'p.csv', data: csv('Name\nDeltaco\n') },
      );
      assert.equal(pooled.status, 'done', pooled.error);
      const delta = await named('Deltaco');
      assert.equal(delta.ownerId, null);
      assert.deepEqual(await eventsOf(delta.id), []);
    });
  });
}
