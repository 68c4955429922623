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
import { findExactMatches } from './duplicates-exact.js';

for (const target of databaseTargets) {
  describe(`duplicates on ${target.name}`, () => {
    let api: TestApi;
    let alice: Session;
    before(async () => {
      api = await startApi(target.url);
      alice = await signUp(api);
    });
    after(() => api.close());

    const create = (session: Session, payload: object, query = '') =>
      session.request({ method: 'POST', url: `/api/v1/customers${query}`, payload });
    const count = async (session: Session) =>
      (await session.request({ method: 'GET', url: '/api/v1/customers?count=true&limit=1' })).body.total;

    test('a create repeating a phone, e-mail or external id is a 409 naming the existing customer', async () => {
      const first = await create(alice, {
        name: '王芳',
        phones: ['13812345678'],
        emails: ['fang@acme.cn'],
        externalId: 'CRM-1',
      });
      assert.equal(first.status, 201);
      const before = await count(alice);
      const cases = [
        [{ name: 'Fang W', phones: ['+86 138-1234-5678'] }, 'phone'],
        [{ name: 'Fang W', emails: [' FANG@acme.cn '] }, 'email'],
        [{ name: 'Fang W', externalId: 'CRM-1', phones: ['13812345678'] }, 'externalId'],
      ] as const;
      for (const [payload, field] of cases) {
        const res = await create(alice, payload);
        assert.equal(res.status, 409, field);
        assert.equal(res.headers['content-type'], 'application/problem+json; charset=utf-8');
        assert.equal(res.body.existingCustomerId, first.body.id, field);
        assert.equal(res.body.matchedField, field);
        assert.ok(res.body.matches.some((m: { customerId: string }) => m.customerId === first.body.id));
      }
      assert.equal(await count(alice), before, 'nothing stored');
    });

    test('allowDuplicate=true creates anyway for managers and above, never with a taken external id', async () => {
      await create(alice, { name: 'Li Na', phones: ['13900000001'], externalId: 'CRM-2' });
      const allowed = await create(alice, { name: 'Li Na', phones: ['13900000001'] }, '?allowDuplicate=true');
      assert.equal(allowed.status, 201);
      const external = await create(alice, { name: 'Li Na', externalId: 'CRM-2' }, '?allowDuplicate=true');
      assert.equal(external.status, 409);
      assert.equal(external.body.matchedField, 'externalId');

      const rep = await addMember(api, alice, 'rep');
      const refused = await create(rep, { name: 'Li Na', phones: ['13900000001'] }, '?allowDuplicate=true');
      assert.equal(refused.status, 403);
      assert.equal(refused.body.errors[0].path, 'querystring.allowDuplicate');
      const plain = await create(rep, { name: 'Li Na', phones: ['13900000001'] });
      assert.equal(plain.status, 409);
    });

    test('concurrent creates with one phone make one customer', async () => {
      const results = await Promise.all(
        Array.from({ length: 6 }, (_, i) => create(alice, { name: `Racer ${i}`, phones: ['13500000009'] })),
      );
      assert.deepEqual(results.map((r) => r.status).sort(), [201, 409, 409, 409, 409, 409]);
    });

    test('a deleted customer or another workspace is no duplicate', async () => {
      const gone = await create(alice, { name: 'Gone', phones: ['13700000001'] });
      await alice.request({
        method: 'DELETE',
        url: `/api/v1/customers/${gone.body.id}`,
        headers: { 'if-match': '"1"' },
      });
      assert.equal((await create(alice, { name: 'Back', phones: ['13700000001'] })).status, 201);
      const bob = await signUp(api, 'Other');
      assert.equal((await create(bob, { name: 'Back', phones: ['13700000001'] })).status, 201);
    });

    test('findExactMatches lists every match, external id first', async () => {
      const a = await create(alice, { name: 'M1', phones: ['13600000001'], externalId: 'M-1' });
      const b = await create(alice, { name: 'M2', emails: ['m2@m.cn'] });
      const matches = await inWorkspace(api.database.db, alice.workspaceId, (tx) =>
        findExactMatches(tx, { phone: '+8613600000001', email: ['m2@m.cn', 'none@m.cn'], externalId: 'M-1' }),
      );
      assert.deepEqual(matches, [
        { customerId: a.body.id, field: 'externalId', value: 'M-1' },
        { customerId: a.body.id, field: 'phone', value: '+8613600000001' },
        { customerId: b.body.id, field: 'email', value: 'm2@m.cn' },
      ]);
      const none = await inWorkspace(api.database.db, alice.workspaceId, (tx) => findExactMatches(tx, {}));
      assert.deepEqual(none, []);
    });

    test('GET /customers/duplicates groups 张伟 and Zhang Wei, company names and domains, best first, paged', async () => {
      const ws = await signUp(api, 'Dedup');
      const ids: Record<string, string> = {};
      for (const [key, payload] of [
        ['zw1', { name: '张伟', emails: ['zw@huaxin.cn'] }],
        ['zw2', { name: 'Zhang Wei', emails: ['wei.zhang@huaxin.cn'] }],
        ['org1', { kind: 'organisation', name: 'Acme Trading Co., Ltd.' }],
        ['org2', { kind: 'organisation', name: 'ACME Trading' }],
        ['dom1', { kind: 'organisation', name: 'Globex Shanghai', emails: ['info@globex.cn'] }],
        ['dom2', { kind: 'organisation', name: 'Globex Beijing Office', emails: ['sales@globex.cn'] }],
        ['public1', { name: 'Ann Lee', emails: ['ann@qq.com'] }],
        ['public2', { name: 'Bob Chen', emails: ['bob@qq.com'] }],
      ] as const) {
        const res = await create(ws, payload);
        assert.equal(res.status, 201, key);
        ids[key] = res.body.id;
      }
      const all = await ws.request({ method: 'GET', url: '/api/v1/customers/duplicates?count=true' });
      assert.equal(all.status, 200);
      assert.equal(all.body.total, 3);
      const groups = all.body.data.map(
        (g: { score: number; reasons: string[]; customers: { id: string }[] }) => ({
          score: g.score,
          reasons: g.reasons,
          ids: g.customers.map((c) => c.id).sort(),
        }),
      );
      const byIds = (a: string, b: string) =>
        groups.find((g: { ids: string[] }) => g.ids.join() === [a, b].sort().join());
      assert.deepEqual(byIds(ids.zw1!, ids.zw2!)?.reasons, ['same-pinyin', 'same-email-domain']);
      assert.deepEqual(byIds(ids.org1!, ids.org2!)?.reasons, ['same-name']);
      assert.deepEqual(byIds(ids.dom1!, ids.dom2!)?.reasons, ['same-email-domain']);
      const scores = groups.map((g: { score: number }) => g.score);
      assert.deepEqual(
        scores,
        [...scores].sort((a, b) => b - a),
      );
      assert.equal(all.body.data[0].customers[0].name !== undefined, true);

      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const page: {
          status: number;
          body: { data: { customers: { id: string }[] }[]; nextCursor: string | null };
        } = await ws.request({
          method: 'GET',
          url: `/api/v1/customers/duplicates?limit=1${cursor ? `&cursor=${cursor}` : ''}`,
        });
        assert.equal(page.status, 200);
        assert.ok(page.body.data.length <= 1);
        seen.push(
          ...page.body.data.map((g) =>
            g.customers
              .map((c) => c.id)
              .sort()
              .join(),
          ),
        );
        cursor = page.body.nextCursor;
      } while (cursor);
      assert.deepEqual(
        seen,
        groups.map((g: { ids: string[] }) => g.ids.join()),
      );

      const strict = await ws.request({ method: 'GET', url: '/api/v1/customers/duplicates?minScore=0.95' });
      assert.deepEqual(strict.body.data, []);
      const forged = await ws.request({ method: 'GET', url: '/api/v1/customers/duplicates?cursor=abc' });
      assert.equal(forged.status, 400);
      assert.equal(forged.body.errors[0].path, 'querystring.cursor');
      const badScore = await ws.request({ method: 'GET', url: '/api/v1/customers/duplicates?minScore=2' });
      assert.equal(badScore.status, 400);
    });

    test('the customer list finds Chinese names by pinyin, full or initials', async () => {
      const ws = await signUp(api, 'Pinyin');
      for (const name of ['张伟', '曾小贤', 'Zoe Wang', '李娜'])
        assert.equal((await create(ws, { name })).status, 201);
      const names = async (q: string) =>
        (
          await ws.request({ method: 'GET', url: `/api/v1/customers?q=${encodeURIComponent(q)}&sort=name` })
        ).body.data
          .map((c: { name: string }) => c.name)
          .sort();
      assert.deepEqual(await names('zhangwei'), ['张伟']);
      assert.deepEqual(await names('Zhang Wei'), ['张伟']);
      assert.deepEqual(await names('zw'), ['张伟']);
      assert.deepEqual(await names('zengxiaoxian'), ['曾小贤'], 'a surname reads as a surname');
      assert.deepEqual(await names('zxx'), ['曾小贤']);
      assert.deepEqual(await names('wang'), ['Zoe Wang']);
      assert.deepEqual(await names('ln'), ['李娜']);
      assert.deepEqual(await names('李'), ['李娜']);

      const zw = (await ws.request({ method: 'GET', url: '/api/v1/customers?q=zhangwei' })).body.data[0];
      const renamed = await ws.request({
        method: 'PATCH',
        url: `/api/v1/customers/${zw.id}`,
        payload: { name: '王伟' },
        headers: { 'if-match': `"${zw.version}"` },
      });
      assert.equal(renamed.status, 200);
      assert.deepEqual(await names('zhangwei'), []);
      assert.deepEqual(await names('wangwei'), ['王伟']);
    });
  });
}
