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
  describe(`transactions API on ${target.name}`, () => {
    let api: TestApi;
    let alice: Session;
    let bob: Session;
    let customerId: string;
    let lineId: string;
    before(async () => {
      api = await startApi(target.url);
      alice = await signUp(api);
      bob = await signUp(api, 'Other workspace');
      customerId = (
        await alice.request({ method: 'POST', url: '/api/v1/customers', payload: { name: 'Zhang' } })
      ).body.id;
      lineId = (
        await alice.request({ method: 'POST', url: '/api/v1/business-lines', payload: { name: 'Retail' } })
      ).body.id;
    });
    after(() => api.close());

    const post = (session: Session, payload: Record<string, unknown>) =>
      session.request({ method: 'POST', url: '/api/v1/transactions', payload });
    const sale = (extra: Record<string, unknown> = {}) => ({
      customerId,
      occurredAt: '2024-05-01T10:00:00+08:00',
      amount: '1234.5',
      ...extra,
    });

    test('create answers 201 with amounts as 2-decimal strings and the workspace currency', async () => {
      const res = await post(alice, sale({ businessLineId: lineId, margin: 200 }));
      assert.equal(res.status, 201);
      assert.equal(res.headers.etag, '"1"');
      assert.equal(res.body.amount, '1234.50');
      assert.equal(res.body.margin, '200.00');
      assert.equal(res.body.currency, 'CNY');
      assert.equal(res.body.occurredAt, '2024-05-01T02:00:00.000Z');
      assert.equal(res.body.businessLineId, lineId);
      const read = await alice.request({ method: 'GET', url: `/api/v1/transactions/${res.body.id}` });
      assert.deepEqual(read.body, res.body);
    });

    test('money with more than 2 decimals, a float artefact or 10^12 is refused with the field path', async () => {
      for (const amount of [0.30000000000000004, '1.234', '1e3', '1000000000000', 1e12, '', '01.00']) {
        const res = await post(alice, sale({ amount }));
        assert.equal(res.status, 400, String(amount));
        assert.deepEqual(
          res.body.errors.map((e: { path: string }) => e.path),
          ['body.amount'],
          String(amount),
        );
      }
      for (const [amount, stored] of [
        [0.3, '0.30'],
        ['-999999999999.99', '-999999999999.99'],
        [-12, '-12.00'],
      ]) {
        const res = await post(alice, sale({ amount }));
        assert.equal(res.status, 201, String(amount));
        assert.equal(res.body.amount, stored);
      }
    });

    test('a date-time without offset, unknown fields and a bad currency are each named', async () => {
      const res = await post(alice, sale({ occurredAt: '2024-05-01T10:00:00', currency: 'rmb', note: 'x' }));
      assert.equal(res.status, 400);
      assert.deepEqual(res.body.errors.map((e: { path: string }) => e.path).sort(), [
        'body.currency',
        'body.note',
        'body.occurredAt',
      ]);
    });

    test('a customer or business line of another workspace, or a deleted customer, is a 400 naming the field', async () => {
      const theirCustomer = (
        await bob.request({ method: 'POST', url: '/api/v1/customers', payload: { name: 'B' } })
      ).body.id;
      const theirLine = (
        await bob.request({ method: 'POST', url: '/api/v1/business-lines', payload: { name: 'B' } })
      ).body.id;
      const res = await post(alice, sale({ customerId: theirCustomer, businessLineId: theirLine }));
      assert.equal(res.status, 400);
      assert.deepEqual(res.body.errors, [
        { path: 'body.customerId', code: 'not_in_workspace', message: 'is not a customer of this workspace' },
        {
          path: 'body.businessLineId',
          code: 'not_in_workspace',
          message: 'is not a business line of this workspace',
        },
      ]);
      const gone = (
        await alice.request({ method: 'POST', url: '/api/v1/customers', payload: { name: 'Gone' } })
      ).body;
      await alice.request({
        method: 'DELETE',
        url: `/api/v1/customers/${gone.id}`,
        headers: { 'if-match': '"1"' },
      });
      const deleted = await post(alice, sale({ customerId: gone.id }));
      assert.equal(deleted.status, 400);
      assert.equal(deleted.body.errors[0].path, 'body.customerId');
    });

    test('a duplicate externalId is a 409 carrying the existing transaction id', async () => {
      const first = await post(alice, sale({ externalId: 'ORD-1' }));
      const again = await post(alice, sale({ externalId: 'ORD-1', amount: '1' }));
      assert.equal(again.status, 409);
      assert.equal(again.body.existingId, first.body.id);
      assert.equal(again.body.errors[0].path, 'body.externalId');
      const theirs = (await bob.request({ method: 'POST', url: '/api/v1/customers', payload: { name: 'B' } }))
        .body;
      const elsewhere = await post(bob, sale({ externalId: 'ORD-1', customerId: theirs.id }));
      assert.equal(elsewhere.status, 201, 'external ids are unique per workspace only');
    });

    test('PATCH needs If-Match (428), refuses a stale one (412), and moves a sale to another customer', async () => {
      const created = (await post(alice, sale())).body;
      const other = (
        await alice.request({ method: 'POST', url: '/api/v1/customers', payload: { name: 'Li' } })
      ).body;
      const url = `/api/v1/transactions/${created.id}`;
      const patch = { amount: '99.90', customerId: other.id, businessLineId: lineId };
      assert.equal((await alice.request({ method: 'PATCH', url, payload: patch })).status, 428);
      const ok = await alice.request({
        method: 'PATCH',
        url,
        payload: patch,
        headers: { 'if-match': '"1"' },
      });
      assert.equal(ok.status, 200);
      assert.equal(ok.body.version, 2);
      assert.equal(ok.body.amount, '99.90');
      assert.equal(ok.body.customerId, other.id);
      const stale = await alice.request({
        method: 'PATCH',
        url,
        payload: { amount: 1 },
        headers: { 'if-match': '"1"' },
      });
      assert.equal(stale.status, 412);
      const bad = await alice.request({
        method: 'PATCH',
        url,
        payload: { amount: 0.1 + 0.2 },
        headers: { 'if-match': '"2"' },
      });
      assert.equal(bad.status, 400);
      assert.equal(bad.body.errors[0].path, 'body.amount');
    });

    test('PATCH onto an externalId held by another transaction is 409; keeping its own is fine', async () => {
      const a = (await post(alice, sale({ externalId: 'PATCH-A' }))).body;
      const b = (await post(alice, sale({ externalId: 'PATCH-B' }))).body;
      const url = `/api/v1/transactions/${b.id}`;
      const clash = await alice.request({
        method: 'PATCH',
        url,
        payload: { externalId: 'PATCH-A' },
        headers: { 'if-match': '"1"' },
      });
      assert.equal(clash.status, 409);
      assert.equal(clash.body.existingId, a.id);
      const same = await alice.request({
        method: 'PATCH',
        url,
        payload: { externalId: 'PATCH-B', amount: '5' },
        headers: { 'if-match': '"1"' },
      });
      assert.equal(same.status, 200);
    });

    test('updates and deletes are audited with the amounts before and after', async () => {
      const created = (await post(alice, sale({ amount: '10.00' }))).body;
      const url = `/api/v1/transactions/${created.id}`;
      await alice.request({
        method: 'PATCH',
        url,
        payload: { amount: '20.00' },
        headers: { 'if-match': '"1"' },
      });
      assert.equal((await alice.request({ method: 'DELETE', url })).status, 428);
      assert.equal(
        (await alice.request({ method: 'DELETE', url, headers: { 'if-match': '"2"' } })).status,
        204,
      );
      assert.equal((await alice.request({ method: 'GET', url })).status, 404);
      const entries = await inWorkspace(api.database.db, alice.workspaceId, (tx) =>
        tx
          .selectFrom('audit_log')
          .select(['action', 'before', 'after'])
          .where('entity', '=', 'transaction')
          .where('entity_id', '=', created.id)
          .orderBy('id')
          .execute(),
      );
      assert.deepEqual(
        entries.map((e) => [
          e.action,
          (e.before as { amount?: string })?.amount,
          (e.after as { amount?: string } | null)?.amount,
        ]),
        [
          ['update', '10.00', '20.00'],
          ['delete', '20.00', undefined],
        ],
      );
    });

    test('analysts read transactions but cannot write them; reps can', async () => {
      const analyst = await addMember(api, alice, 'analyst');
      const rep = await addMember(api, alice, 'rep');
      const refused = await post(analyst, sale());
      assert.equal(refused.status, 403);
      const recorded = await post(rep, sale());
      assert.equal(recorded.status, 201);
      const read = await analyst.request({ method: 'GET', url: `/api/v1/transactions/${recorded.body.id}` });
      assert.equal(read.status, 200);
    });

    test('ids of another workspace are 404 for read, update and delete', async () => {
      const theirs = (await post(alice, sale())).body;
      const url = `/api/v1/transactions/${theirs.id}`;
      assert.equal((await bob.request({ method: 'GET', url })).status, 404);
      const patch = await bob.request({
        method: 'PATCH',
        url,
        payload: { amount: 1 },
        headers: { 'if-match': '"1"' },
      });
      assert.equal(patch.status, 404);
      assert.equal(
        (await bob.request({ method: 'DELETE', url, headers: { 'if-match': '"1"' } })).status,
        404,
      );
    });

    test('list filters by customer, line and [from, to), sorts by occurredAt and pages without repeats', async () => {
      const buyer = (
        await alice.request({ method: 'POST', url: '/api/v1/customers', payload: { name: 'Lister' } })
      ).body.id;
      const days = ['2024-01-05', '2024-01-01', '2024-01-03', '2024-01-02', '2024-01-04', '2024-01-06'];
      for (const [i, day] of days.entries()) {
        await post(alice, {
          customerId: buyer,
          occurredAt: `${day}T00:00:00Z`,
          amount: String(i),
          businessLineId: i % 2 ? lineId : null,
        });
      }
      const page = async (query: string) => {
        const seen: string[] = [];
        let cursor: string | null = null;
        do {
          const url: string = `/api/v1/transactions?customerId=${buyer}&limit=2&${query}${cursor ? `&cursor=${cursor}` : ''}`;
          const res = await alice.request({ method: 'GET', url });
          assert.equal(res.status, 200);
          seen.push(...res.body.data.map((t: { occurredAt: string }) => t.occurredAt.slice(0, 10)));
          cursor = res.body.nextCursor;
        } while (cursor);
        return seen;
      };
      assert.deepEqual(await page('sort=occurredAt'), [...days].sort());
      assert.deepEqual(await page(''), [...days].sort().reverse());
      assert.deepEqual(await page('from=2024-01-02T00:00:00Z&to=2024-01-05T00:00:00Z&sort=occurredAt'), [
        '2024-01-02',
        '2024-01-03',
        '2024-01-04',
      ]);
      assert.deepEqual(await page(`businessLineId=${lineId}&sort=occurredAt`), [
        '2024-01-01',
        '2024-01-02',
        '2024-01-06',
      ]);
      const counted = await alice.request({
        method: 'GET',
        url: `/api/v1/transactions?customerId=${buyer}&count=true&limit=1`,
      });
      assert.equal(counted.body.total, 6);
      const forged = await alice.request({ method: 'GET', url: '/api/v1/transactions?cursor=WyJ4IiwieSJd' });
      assert.equal(forged.status, 400);
      assert.equal(forged.body.errors[0].path, 'querystring.cursor');
    });
  });
}
