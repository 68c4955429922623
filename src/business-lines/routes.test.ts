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
  describe(`business lines API on ${target.name}`, () => {
    let api: TestApi;
    let alice: Session;
    let bob: Session;
    before(async () => {
      api = await startApi(target.url);
      alice = await signUp(api);
      bob = await signUp(api, 'Other workspace');
    });
    after(() => api.close());

    const create = (session: Session, name: string) =>
      session.request({ method: 'POST', url: '/api/v1/business-lines', payload: { name } });

    test('create trims the name and answers 201 with an ETag and camelCase JSON', async () => {
      const res = await create(alice, '  Retail ');
      assert.equal(res.status, 201);
      assert.equal(res.body.name, 'Retail');
      assert.equal(res.body.version, 1);
      assert.equal(res.headers.etag, '"1"');
      assert.deepEqual(Object.keys(res.body).sort(), ['createdAt', 'id', 'name', 'updatedAt', 'version']);
      const read = await alice.request({ method: 'GET', url: `/api/v1/business-lines/${res.body.id}` });
      assert.equal(read.status, 200);
      assert.equal(read.headers.etag, '"1"');
    });

    test('a name already used in the workspace is a 409 naming the field; another workspace may use it', async () => {
      await create(alice, 'Wholesale');
      const again = await create(alice, 'Wholesale');
      assert.equal(again.status, 409);
      assert.equal(again.body.type, 'https://clm.dev/problems/conflict');
      assert.deepEqual(
        again.body.errors.map((e: { path: string }) => e.path),
        ['body.name'],
      );
      assert.equal((await create(bob, 'Wholesale')).status, 201);
    });

    test('an empty name and unknown fields are 400 with their paths', async () => {
      const res = await alice.request({
        method: 'POST',
        url: '/api/v1/business-lines',
        payload: { name: '  ', colour: 'red' },
      });
      assert.equal(res.status, 400);
      assert.deepEqual(res.body.errors.map((e: { path: string }) => e.path).sort(), [
        'body.colour',
        'body.name',
      ]);
    });

    test('PATCH needs If-Match (428), refuses a stale one (412), and renaming onto a taken name is 409', async () => {
      const line = (await create(alice, 'Online')).body;
      await create(alice, 'Stores');
      const url = `/api/v1/business-lines/${line.id}`;
      assert.equal((await alice.request({ method: 'PATCH', url, payload: { name: 'Web' } })).status, 428);
      const ok = await alice.request({
        method: 'PATCH',
        url,
        payload: { name: 'Web' },
        headers: { 'if-match': '"1"' },
      });
      assert.equal(ok.status, 200);
      assert.equal(ok.body.version, 2);
      assert.equal(ok.headers.etag, '"2"');
      const stale = await alice.request({
        method: 'PATCH',
        url,
        payload: { name: 'X' },
        headers: { 'if-match': '"1"' },
      });
      assert.equal(stale.status, 412);
      const taken = await alice.request({
        method: 'PATCH',
        url,
        payload: { name: 'Stores' },
        headers: { 'if-match': '"2"' },
      });
      assert.equal(taken.status, 409);
      assert.equal((await alice.request({ method: 'GET', url })).body.name, 'Web');
    });

    test('DELETE needs If-Match, then the line is gone', async () => {
      const line = (await create(alice, 'Temporary')).body;
      const url = `/api/v1/business-lines/${line.id}`;
      assert.equal((await alice.request({ method: 'DELETE', url })).status, 428);
      assert.equal(
        (await alice.request({ method: 'DELETE', url, headers: { 'if-match': '"9"' } })).status,
        412,
      );
      assert.equal(
        (await alice.request({ method: 'DELETE', url, headers: { 'if-match': '"1"' } })).status,
        204,
      );
      assert.equal((await alice.request({ method: 'GET', url })).status, 404);
    });

    test('a line with transactions cannot be deleted (409), so history is never rewritten', async () => {
      const line = (await create(alice, 'Used')).body;
      const customer = (
        await alice.request({ method: 'POST', url: '/api/v1/customers', payload: { name: 'Buyer' } })
      ).body;
      const sale = await alice.request({
        method: 'POST',
        url: '/api/v1/transactions',
        payload: {
          customerId: customer.id,
          businessLineId: line.id,
          occurredAt: '2024-03-01T10:00:00Z',
          amount: '10.00',
        },
      });
      assert.equal(sale.status, 201);
      const url = `/api/v1/business-lines/${line.id}`;
      const res = await alice.request({ method: 'DELETE', url, headers: { 'if-match': '"1"' } });
      assert.equal(res.status, 409);
      assert.equal((await alice.request({ method: 'GET', url })).status, 200);
    });

    test("deleting a line deletes its customers' stages and stage history in it, and nothing else", async () => {
      const line = (await create(alice, 'Closed down')).body;
      const customer = (
        await alice.request({ method: 'POST', url: '/api/v1/customers', payload: { name: 'Line buyer' } })
      ).body;
      const rows = () =>
        inWorkspace(api.database.db, alice.workspaceId, async (tx) => {
          const { rows } = await sql<{ line: string | null; stages: number; history: number }>`
            select business_line_id as line,
              (select count(*)::int from customer_lifecycle l where l.customer_id = c.id
                and l.business_line_id is not distinct from b.business_line_id) as stages,
              (select count(*)::int from lifecycle_history h where h.customer_id = c.id
                and h.business_line_id is not distinct from b.business_line_id) as history
            from customers c, (values (null::uuid), (${line.id}::uuid)) as b(business_line_id)
            where c.id = ${customer.id} order by line nulls first`.execute(tx);
          return rows.map((r) => [r.line, r.stages, r.history]);
        });
      await inWorkspace(api.database.db, alice.workspaceId, async (tx) => {
        for (const businessLineId of [null, line.id]) {
          await sql`insert into customer_lifecycle (workspace_id, customer_id, business_line_id, stage, since, cause)
            values (${alice.workspaceId}, ${customer.id}, ${businessLineId}, 'growth', '2024-03-01', '{"type":"rule"}')`.execute(
            tx,
          );
          await sql`insert into lifecycle_history (workspace_id, customer_id, business_line_id, from_stage, to_stage, at, cause)
            values (${alice.workspaceId}, ${customer.id}, ${businessLineId}, null, 'growth', '2024-03-01', '{"type":"rule"}')`.execute(
            tx,
          );
        }
      });
      assert.deepEqual(await rows(), [
        [null, 1, 1],
        [line.id, 1, 1],
      ]);
      const url = `/api/v1/business-lines/${line.id}`;
      assert.equal(
        (await alice.request({ method: 'DELETE', url, headers: { 'if-match': '"1"' } })).status,
        204,
      );
      assert.deepEqual(await rows(), [
        [null, 1, 1],
        [line.id, 0, 0],
      ]);
    });

    test('reps read business lines but only managers and above change them', async () => {
      const rep = await addMember(api, alice, 'rep');
      const manager = await addMember(api, alice, 'manager');
      assert.equal((await create(rep, 'By rep')).status, 403);
      assert.equal((await create(manager, 'By manager')).status, 201);
      assert.equal((await rep.request({ method: 'GET', url: '/api/v1/business-lines' })).status, 200);
    });

    test('ids of another workspace are 404 for read, update and delete', async () => {
      const theirs = (await create(bob, 'Private')).body;
      const url = `/api/v1/business-lines/${theirs.id}`;
      assert.equal((await alice.request({ method: 'GET', url })).status, 404);
      const patch = await alice.request({
        method: 'PATCH',
        url,
        payload: { name: 'Mine' },
        headers: { 'if-match': '"1"' },
      });
      assert.equal(patch.status, 404);
      assert.equal(
        (await alice.request({ method: 'DELETE', url, headers: { 'if-match': '"1"' } })).status,
        404,
      );
      assert.equal((await bob.request({ method: 'GET', url })).body.name, 'Private');
    });

    test('list pages by name with a cursor and counts on request', async () => {
      const fresh = await signUp(api, 'Paging');
      for (const name of ['Delta', 'Alpha', 'Charlie', 'Bravo', 'Echo']) await create(fresh, name);
      const names: string[] = [];
      let cursor: string | null = null;
      let total: number | undefined;
      do {
        const url: string = `/api/v1/business-lines?limit=2&count=true${cursor ? `&cursor=${cursor}` : ''}`;
        const page = await fresh.request({ method: 'GET', url });
        assert.equal(page.status, 200);
        names.push(...page.body.data.map((l: { name: string }) => l.name));
        total = page.body.total;
        cursor = page.body.nextCursor;
      } while (cursor);
      assert.deepEqual(names, ['Alpha', 'Bravo', 'Charlie', 'Delta', 'Echo']);
      assert.equal(total, 5);
    });
  });
}
