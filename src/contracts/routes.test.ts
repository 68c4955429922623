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

for (const target of databaseTargets) {
  describe(`contracts API on ${target.name}`, () => {
    let api: TestApi;
    let alice: Session;
    let customerId: string;
    before(async () => {
      api = await startApi(target.url);
      alice = await signUp(api, 'Contracts');
      customerId = (await post(alice, '/api/v1/customers', { name: 'Acme', kind: 'organisation' })).id;
    });
    after(() => api.close());

    async function post(session: Session, url: string, payload: object) {
      const res = await session.request({ method: 'POST', url, payload });
      assert.equal(res.status, 201, `${url}: ${JSON.stringify(res.body)}`);
      return res.body;
    }
    const sign = (session: Session, customer: string, payload: object) =>
      session.request({ method: 'POST', url: `/api/v1/customers/${customer}/contracts`, payload });
    const titles = async (session: Session, customer: string, query = '') => {
      const res = await session.request({
        method: 'GET',
        url: `/api/v1/customers/${customer}/contracts${query}`,
      });
      assert.equal(res.status, 200, JSON.stringify(res.body));
      return res.body.data.map((c: { title: string }) => c.title);
    };
    const patch = (session: Session, id: string, payload: object, version: number) =>
      session.request({
        method: 'PATCH',
        url: `/api/v1/contracts/${id}`,
        payload,
        headers: { 'if-match': `"${version}"` },
      });
    const basic = { title: 'HT-2026-001', signedOn: '2026-01-10', startsOn: '2026-02-01' };

    test('a contract is recorded in the workspace currency and listed with the latest signed first', async () => {
      const line = await post(alice, '/api/v1/business-lines', { name: 'Maintenance' });
      const created = await sign(alice, customerId, {
        ...basic,
        endsOn: '2027-01-31',
        amount: '120000.50',
        businessLineId: line.id,
        note: 'Renewal talks in December',
      });
      assert.equal(created.status, 201, JSON.stringify(created.body));
      assert.equal(created.headers.location, `/api/v1/contracts/${created.body.id}`);
      assert.equal(created.headers.etag, '"1"');
      const { id, createdAt, updatedAt, ...rest } = created.body;
      assert.ok(id && createdAt && updatedAt);
      assert.deepEqual(rest, {
        customerId,
        title: 'HT-2026-001',
        signedOn: '2026-01-10',
        startsOn: '2026-02-01',
        endsOn: '2027-01-31',
        amount: '120000.50',
        currency: 'CNY',
        businessLineId: line.id,
        note: 'Renewal talks in December',
        createdBy: alice.userId,
        version: 1,
      });
      const open = await sign(alice, customerId, {
        title: 'Framework',
        signedOn: '2026-03-01',
        startsOn: '2026-03-01',
      });
      assert.equal(open.status, 201);
      assert.equal(open.body.endsOn, null);
      assert.equal(open.body.amount, null);
      assert.deepEqual(await titles(alice, customerId), ['Framework', 'HT-2026-001']);
      const first = await alice.request({
        method: 'GET',
        url: `/api/v1/customers/${customerId}/contracts?limit=1`,
      });
      assert.deepEqual(await titles(alice, customerId, `?limit=1&cursor=${first.body.nextCursor}`), [
        'HT-2026-001',
      ]);
    });

    test('bad input is one 400 naming every field at fault, and nothing is stored', async () => {
      const before = await titles(alice, customerId);
      const other = await signUp(api, 'Elsewhere');
      const foreignLine = (await post(other, '/api/v1/business-lines', { name: 'Theirs' })).id;
      const res = await sign(alice, customerId, {
        title: '',
        signedOn: 'soon',
        startsOn: '2026-05-01',
        endsOn: '2026-04-30',
        amount: '-5',
        colour: 'red',
      });
      assert.equal(res.status, 400);
      assert.deepEqual(res.body.errors.map((e: { path: string }) => e.path).sort(), [
        'body.amount',
        'body.colour',
        'body.endsOn',
        'body.signedOn',
        'body.title',
      ]);
      assert.equal(
        res.body.errors.find((e: { path: string }) => e.path === 'body.endsOn').code,
        'before_start',
      );
      const line = await sign(alice, customerId, { ...basic, businessLineId: foreignLine });
      assert.equal(line.status, 400);
      assert.deepEqual(
        line.body.errors.map((e: { path: string }) => e.path),
        ['body.businessLineId'],
      );
      assert.deepEqual(await titles(alice, customerId), before);
    });

    test('a change is checked against the stored dates, needs If-Match, and is audited', async () => {
      const { body: contract } = await sign(alice, customerId, {
        ...basic,
        title: 'Short',
        endsOn: '2026-06-30',
      });
      const url = `/api/v1/contracts/${contract.id}`;
      assert.equal((await alice.request({ method: 'PATCH', url, payload: { note: 'x' } })).status, 428);
      const late = await patch(alice, contract.id, { startsOn: '2026-07-01' }, 1);
      assert.equal(late.status, 400);
      assert.deepEqual(
        late.body.errors.map((e: { path: string }) => e.path),
        ['body.startsOn'],
      );
      const early = await patch(alice, contract.id, { endsOn: '2026-01-31' }, 1);
      assert.deepEqual(
        early.body.errors.map((e: { path: string }) => e.path),
        ['body.endsOn'],
      );
      const changed = await patch(alice, contract.id, { endsOn: null, amount: 88, note: 'Open now' }, 1);
      assert.equal(changed.status, 200, JSON.stringify(changed.body));
      assert.equal(changed.headers.etag, '"2"');
      assert.deepEqual(
        [changed.body.endsOn, changed.body.amount, changed.body.note],
        [null, '88.00', 'Open now'],
      );
      assert.equal((await patch(alice, contract.id, { title: 'Stale' }, 1)).status, 412);
      assert.equal(
        (await alice.request({ method: 'DELETE', url, headers: { 'if-match': '"1"' } })).status,
        412,
      );
      assert.equal(
        (await alice.request({ method: 'DELETE', url, headers: { 'if-match': '"2"' } })).status,
        204,
      );
      assert.ok(!(await titles(alice, customerId)).includes('Short'));
      assert.equal((await patch(alice, contract.id, { title: 'Gone' }, 2)).status, 404);
      const entries = await inWorkspace(api.database.db, alice.workspaceId, (tx) =>
        tx
          .selectFrom('audit_log')
          .select(['action', 'before', 'after'])
          .where('entity', '=', 'contract')
          .where('entity_id', '=', contract.id)
          .orderBy('id')
          .execute(),
      );
      const ends = (json: unknown) => (json as { endsOn?: string | null } | null)?.endsOn;
      assert.deepEqual(
        entries.map((e) => [e.action, ends(e.before), ends(e.after)]),
        [
          ['create', undefined, '2026-06-30'],
          ['update', '2026-06-30', null],
          ['delete', null, undefined],
        ],
      );
    });

    test('a rep sees and changes only the contracts of customers in their scope; an analyst only reads', async () => {
      const repA = await addMember(api, alice, 'rep');
      const repB = await addMember(api, alice, 'rep');
      const analyst = await addMember(api, alice, 'analyst');
      const bCustomer = (await post(repB, '/api/v1/customers', { name: 'Bravo' })).id;
      const { body: contract } = await sign(repB, bCustomer, { ...basic, title: 'Bravo deal' });
      assert.deepEqual(await titles(repB, bCustomer), ['Bravo deal']);
      assert.equal(
        (await repA.request({ method: 'GET', url: `/api/v1/customers/${bCustomer}/contracts` })).status,
        404,
      );
      assert.equal((await sign(repA, bCustomer, basic)).status, 404);
      assert.equal((await patch(repA, contract.id, { title: 'Mine' }, 1)).status, 404);
      assert.equal(
        (
          await repA.request({
            method: 'DELETE',
            url: `/api/v1/contracts/${contract.id}`,
            headers: { 'if-match': '"1"' },
          })
        ).status,
        404,
      );
      assert.deepEqual(await titles(analyst, bCustomer), ['Bravo deal']);
      assert.equal((await sign(analyst, bCustomer, basic)).status, 403);
      assert.equal((await patch(analyst, contract.id, { title: 'Mine' }, 1)).status, 403);
      assert.deepEqual(await titles(repB, bCustomer), ['Bravo deal']);
    });

    test('a merge moves the contracts to the survivor and its undo moves them back', async () => {
      const survivor = (await post(alice, '/api/v1/customers', { name: 'Survivor' })).id;
      const source = (await post(alice, '/api/v1/customers', { name: 'Duplicate' })).id;
      await sign(alice, survivor, { ...basic, title: 'Kept' });
      await sign(alice, source, { ...basic, title: 'Moved', signedOn: '2026-01-20' });
      const merge = await alice.request({
        method: 'POST',
        url: `/api/v1/customers/${survivor}/merge`,
        payload: { sourceIds: [source] },
        headers: { 'if-match': '"1"' },
      });
      assert.equal(merge.status, 200, JSON.stringify(merge.body));
      assert.deepEqual(await titles(alice, survivor), ['Moved', 'Kept']);
      const undo = await alice.request({
        method: 'POST',
        url: `/api/v1/customer-merges/${merge.body.mergeId}/undo`,
      });
      assert.equal(undo.status, 200, JSON.stringify(undo.body));
      assert.deepEqual(await titles(alice, survivor), ['Kept']);
      assert.deepEqual(await titles(alice, source), ['Moved']);
    });

    test("erasing a customer empties its contracts' notes and keeps the contracts", async () => {
      const person = (await post(alice, '/api/v1/customers', { name: 'Wang Fang' })).id;
      const { body: contract } = await sign(alice, person, { ...basic, note: 'Wang Fang, 13900002222' });
      const erased = await alice.request({ method: 'POST', url: `/api/v1/customers/${person}/erase` });
      assert.equal(erased.status, 204);
      const row = await inWorkspace(api.database.db, alice.workspaceId, (tx) =>
        tx
          .selectFrom('contracts')
          .select(['title', 'note'])
          .where('id', '=', contract.id)
          .executeTakeFirstOrThrow(),
      );
      assert.deepEqual(row, { title: 'HT-2026-001', note: null });
    });
  });
}
