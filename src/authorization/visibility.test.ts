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

const PHONE = '13812345678';

for (const target of databaseTargets) {
  describe(`record visibility by scope on ${target.name}`, () => {
    let api: TestApi;
    let owner: Session;
    let repA: Session;
    let repB: Session;
    let manager: Session;
    let analyst: Session;
    const ids: Record<'a' | 'b' | 'pool', string> = { a: '', b: '', pool: '' };

    before(async () => {
      api = await startApi(target.url);
      owner = await signUp(api, 'Visibility');
      repA = await addMember(api, owner, 'rep');
      repB = await addMember(api, owner, 'rep');
      manager = await addMember(api, owner, 'manager');
      analyst = await addMember(api, owner, 'analyst');
      // The manager leads a team that rep A is in; rep B is in no team.
      const team = await owner.request({ method: 'POST', url: '/api/v1/teams', payload: { name: 'North' } });
      for (const member of [manager, repA])
        await owner.request({
          method: 'PATCH',
          url: `/api/v1/members/${member.userId}`,
          payload: { teamId: team.body.id },
        });
      // Owned customers have a return deadline, which the list can sort by (below).
      const pools = await owner.request({ method: 'GET', url: '/api/v1/pools' });
      const defaultPool = pools.body.data.find((p: { isDefault: boolean }) => p.isDefault);
      await owner.request({
        method: 'PATCH',
        url: `/api/v1/pools/${defaultPool.id}`,
        payload: { returnRules: [{ noFollowUpDays: 30 }] },
      });
      const create = async (name: string, ownerId: string | null) =>
        (
          await owner.request({
            method: 'POST',
            url: '/api/v1/customers?allowDuplicate=true',
            payload: {
              name,
              ownerId,
              phones: [PHONE],
              emails: ['li.lei@example.com'],
              birthday: '1990-05-17',
            },
          })
        ).body.id as string;
      ids.a = await create('Visible Alpha', repA.userId);
      ids.b = await create('Visible Bravo', repB.userId);
      ids.pool = await create('Visible Pooled', null);
      await owner.request({
        method: 'POST',
        url: '/api/v1/transactions',
        payload: { customerId: ids.b, occurredAt: '2026-01-02T10:00:00Z', amount: '120.00', currency: 'CNY' },
      });
    });
    after(() => api.close());

    const listed = async (session: Session, query = '') => {
      const list = await session.request({ method: 'GET', url: `/api/v1/customers?limit=100${query}` });
      assert.equal(list.status, 200);
      return (list.body.data as { id: string }[]).map((c) => c.id).sort();
    };

    test('a rep lists their own customers and the pool, a manager their team, owner and analyst all', async () => {
      assert.deepEqual(await listed(repA), [ids.a, ids.pool].sort());
      assert.deepEqual(await listed(repB), [ids.b, ids.pool].sort());
      assert.deepEqual(await listed(manager), [ids.a, ids.pool].sort());
      assert.deepEqual(await listed(owner), [ids.a, ids.b, ids.pool].sort());
      assert.deepEqual(await listed(analyst), [ids.a, ids.b, ids.pool].sort());
    });

    test('sorted by return deadline, each list keeps its scope: the deadlines first, the pool last', async () => {
      const inOrder = async (session: Session, sort: string) => {
        const list = await session.request({
          method: 'GET',
          url: `/api/v1/customers?limit=100&sort=${sort}`,
        });
        assert.equal(list.status, 200);
        return (list.body.data as { id: string; returnsAt: string | null }[]).map((c) => [
          c.id,
          c.returnsAt !== null,
        ]);
      };
      assert.deepEqual(await inOrder(repA, 'returnsAt'), [
        [ids.a, true],
        [ids.pool, false],
      ]);
      assert.deepEqual(await inOrder(repB, '-returnsAt'), [
        [ids.b, true],
        [ids.pool, false],
      ]);
      assert.deepEqual(await inOrder(manager, '-returnsAt'), [
        [ids.a, true],
        [ids.pool, false],
      ]);
      // Bravo was taken after Alpha: its deadline is the later one.
      assert.deepEqual(await inOrder(owner, '-returnsAt'), [
        [ids.b, true],
        [ids.a, true],
        [ids.pool, false],
      ]);
    });

    test('the search box finds no customer outside the scope', async () => {
      assert.deepEqual(await listed(repA, '&q=Bravo'), []);
      assert.deepEqual(await listed(repA, `&q=${PHONE}`), [ids.a, ids.pool].sort());
      assert.deepEqual(await listed(repB, '&q=Bravo'), [ids.b]);
    });

    test("another rep's customer is a 404 to read, change or delete, and so are its records", async () => {
      const read = await repA.request({ method: 'GET', url: `/api/v1/customers/${ids.b}` });
      assert.equal(read.status, 404);
      const patch = await repA.request({
        method: 'PATCH',
        url: `/api/v1/customers/${ids.b}`,
        headers: { 'if-match': '"1"' },
        payload: { name: 'Stolen' },
      });
      assert.equal(patch.status, 404);
      const removed = await repA.request({
        method: 'DELETE',
        url: `/api/v1/customers/${ids.b}`,
        headers: { 'if-match': '"1"' },
      });
      assert.equal(removed.status, 404);
      const contact = await repA.request({
        method: 'POST',
        url: `/api/v1/customers/${ids.b}/contacts`,
        payload: { name: 'Spy' },
      });
      assert.equal(contact.status, 404);
      const transactions = await repA.request({
        method: 'GET',
        url: `/api/v1/transactions?customerId=${ids.b}`,
      });
      assert.equal(transactions.status, 200);
      assert.deepEqual(transactions.body.data, []);
      const sale = await repA.request({
        method: 'POST',
        url: '/api/v1/transactions',
        payload: { customerId: ids.b, occurredAt: '2026-01-03T10:00:00Z', amount: '1.00', currency: 'CNY' },
      });
      assert.ok(sale.status === 400 || sale.status === 404, `status ${sale.status}`);
      const followUp = await repA.request({
        method: 'POST',
        url: '/api/v1/interactions',
        payload: {
          customerId: ids.b,
          channel: 'phone',
          direction: 'outbound',
          summary: 'x',
          occurredAt: '2026-01-03T10:00:00Z',
        },
      });
      assert.ok(followUp.status === 400 || followUp.status === 404, `status ${followUp.status}`);
      // Rep B still sees the one sale, and nothing rep A tried.
      const own = await repB.request({ method: 'GET', url: `/api/v1/transactions?customerId=${ids.b}` });
      assert.equal(own.body.data.length, 1);
    });

    test('contact data: a rep sees their own unmasked, pool customers masked; an analyst every one masked', async () => {
      const mine = await repA.request({ method: 'GET', url: `/api/v1/customers/${ids.a}` });
      assert.deepEqual(mine.body.phones, [`+86${PHONE}`]);
      assert.equal(mine.body.birthday, '1990-05-17');
      const pooled = await repA.request({ method: 'GET', url: `/api/v1/customers/${ids.pool}` });
      assert.deepEqual(pooled.body.phones, ['+86 138****5678']);
      assert.deepEqual(pooled.body.emails, ['l***@example.com']);
      assert.equal(pooled.body.birthday, '****-**-**');
      const seenByOwner = await owner.request({ method: 'GET', url: `/api/v1/customers/${ids.pool}` });
      assert.deepEqual(seenByOwner.body.phones, [`+86${PHONE}`]);
      const page = await analyst.request({ method: 'GET', url: '/api/v1/customers?limit=100' });
      for (const customer of page.body.data) assert.deepEqual(customer.phones, ['+86 138****5678']);
    });

    test("a pool organisation's contacts are masked to reps and managers until claimed, never to admins", async () => {
      const org = await owner.request({
        method: 'POST',
        url: '/api/v1/customers?allowDuplicate=true',
        payload: { name: 'Pooled Org', kind: 'organisation', ownerId: null },
      });
      const contact = await owner.request({
        method: 'POST',
        url: `/api/v1/customers/${org.body.id}/contacts`,
        payload: { name: 'Han Meimei', phones: ['13912345678'], emails: ['han@example.com'] },
      });
      assert.equal(contact.status, 201);
      assert.equal(contact.body.ownerId, null);
      const contactsOf = async (session: Session) => {
        const list = await session.request({
          method: 'GET',
          url: `/api/v1/customers/${org.body.id}/contacts`,
        });
        assert.equal(list.status, 200);
        const one = await session.request({ method: 'GET', url: `/api/v1/contacts/${contact.body.id}` });
        assert.deepEqual(one.body.phones, list.body.data[0].phones, 'one contact reads as in the list');
        return { phones: list.body.data[0].phones, emails: list.body.data[0].emails };
      };
      const masked = { phones: ['+86 139****5678'], emails: ['h***@example.com'] };
      const plain = { phones: ['+8613912345678'], emails: ['han@example.com'] };
      assert.deepEqual(await contactsOf(repA), masked);
      assert.deepEqual(await contactsOf(manager), masked);
      assert.deepEqual(await contactsOf(owner), plain);
      const claimed = await repA.request({ method: 'POST', url: `/api/v1/customers/${org.body.id}/claim` });
      assert.equal(claimed.status, 200);
      assert.deepEqual(await contactsOf(repA), plain);
    });

    test("creating another rep's customer again is a 409 naming its owner, not its data", async () => {
      const phone = '13900002222';
      await owner.request({
        method: 'POST',
        url: '/api/v1/customers',
        payload: { name: 'Bravo Only', ownerId: repB.userId, phones: [phone] },
      });
      const again = await repA.request({
        method: 'POST',
        url: '/api/v1/customers',
        payload: { name: 'Copy', phones: [phone] },
      });
      assert.equal(again.status, 409);
      assert.equal(again.body.existingOwnerId, repB.userId);
      assert.equal(again.body.existingPoolId, null);
      assert.ok(!JSON.stringify(again.body).includes('Bravo Only'));
      assert.deepEqual(await listed(repA, '&q=Copy'), [], 'nothing was created');
    });

    test('exports mask as the API does, and a rep may not export at all', async () => {
      const raw = await api.app.inject({
        method: 'GET',
        url: '/api/v1/exports/customers.csv',
        headers: { authorization: `Bearer ${analyst.token}`, 'clm-workspace': analyst.workspaceId },
      });
      assert.equal(raw.statusCode, 200);
      assert.ok(raw.body.includes('138****5678'));
      assert.ok(!raw.body.includes('8613812345678'));
      const refused = await repA.request({ method: 'GET', url: '/api/v1/exports/customers.csv' });
      assert.equal(refused.status, 403);
    });
  });
}
