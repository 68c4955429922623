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
import type { CustomerJson } from './schema.js';

for (const target of databaseTargets) {
  describe(`customers API on ${target.name}`, () => {
    let api: TestApi;
    let alice: Session;
    before(async () => {
      api = await startApi(target.url);
      alice = await signUp(api);
    });
    after(() => api.close());

    /** A stored value row with these R and F scores, as a value refresh would leave it. */
    const setScores = (customerId: string, r: number, f: number) =>
      inWorkspace(api.database.db, alice.workspaceId, (tx) =>
        tx
          .insertInto('customer_values')
          .values({
            workspace_id: alice.workspaceId,
            customer_id: customerId,
            as_of: '2026-06-30',
            computed_at: new Date(),
            purchase_days: f,
            days_since_last: 10 * (6 - r),
            revenue: '100.00',
            r_score: r,
            f_score: f,
            m_score: 3,
            rfm_segment: 'Potential Loyalist',
            cn_class: '一般挽留客户',
            abc_class: 'B',
            churn_risk: 10,
            churn_level: 'low',
            value_at_risk: '0.00',
            value_at_risk_band: 0,
          })
          .execute(),
      );

    test('create normalises phones and e-mails and answers 201 with an ETag', async () => {
      const res = await alice.request({
        method: 'POST',
        url: '/api/v1/customers',
        payload: {
          name: '王芳',
          phones: ['138 1234 5678'],
          emails: [' Wang.Fang@Example.com'],
          tags: ['vip'],
        },
      });
      assert.equal(res.status, 201);
      assert.deepEqual(res.body.phones, ['+8613812345678']);
      assert.deepEqual(res.body.emails, ['wang.fang@example.com']);
      assert.equal(res.body.version, 1);
      assert.equal(res.headers.etag, '"1"');
    });

    test('an invalid phone is a 400 naming the field, and nothing is stored', async () => {
      const before = await alice.request({ method: 'GET', url: '/api/v1/customers?count=true' });
      const res = await alice.request({
        method: 'POST',
        url: '/api/v1/customers',
        payload: { name: 'Bad Phone', phones: ['+86 138', '12'] },
      });
      assert.equal(res.status, 400);
      assert.equal(res.headers['content-type'], 'application/problem+json; charset=utf-8');
      assert.deepEqual(
        res.body.errors.map((e: { path: string }) => e.path),
        ['body.phones.0', 'body.phones.1'],
      );
      const after = await alice.request({ method: 'GET', url: '/api/v1/customers?count=true' });
      assert.equal(after.body.total, before.body.total);
    });

    test('every field at fault comes back in one answer, each with a stable code', async () => {
      const res = await alice.request({
        method: 'POST',
        url: '/api/v1/customers',
        payload: { name: '', emails: ['not-an-address'], phones: ['12'], tags: ['x'.repeat(51)], nick: 1 },
      });
      assert.equal(res.status, 400);
      assert.deepEqual(
        res.body.errors.map(({ path, code, limit }: { path: string; code: string; limit?: number }) => ({
          path,
          code,
          limit,
        })),
        [
          { path: 'body.name', code: 'required', limit: undefined },
          { path: 'body.phones.0', code: 'invalid_phone', limit: undefined },
          { path: 'body.emails.0', code: 'invalid_email', limit: undefined },
          { path: 'body.tags.0', code: 'too_long', limit: 50 },
          { path: 'body.nick', code: 'unknown_field', limit: undefined },
        ],
      );
      // A number of the right shape that is no number of the workspace's region is refused when it is
      // normalised, with the same code.
      const region = await alice.request({
        method: 'POST',
        url: '/api/v1/customers',
        payload: { name: 'Region', phones: ['+86 123 4567'] },
      });
      assert.equal(region.status, 400);
      assert.deepEqual(region.body.errors[0], {
        path: 'body.phones.0',
        code: 'invalid_phone',
        message: "'+86 123 4567' is not a valid phone number",
      });
    });

    test('a number of no real region comes back beside the schema faults, not in a second round', async () => {
      const payload = { name: '', emails: ['not-an-address'], phones: ['13812345678', '+86 123 4567'] };
      const expected = [
        { path: 'body.name', code: 'required' },
        { path: 'body.emails.0', code: 'invalid_email' },
        { path: 'body.phones.1', code: 'invalid_phone' },
      ];
      const faults = (res: { body: { errors: { path: string; code: string }[] } }) =>
        res.body.errors.map(({ path, code }) => ({ path, code }));
      const created = await alice.request({ method: 'POST', url: '/api/v1/customers', payload });
      assert.equal(created.status, 400);
      assert.deepEqual(faults(created), expected);
      // The same on an edit, where every field is optional.
      const ok = await alice.request({
        method: 'POST',
        url: '/api/v1/customers',
        payload: { name: 'Edit me' },
      });
      const edited = await alice.request({
        method: 'PATCH',
        url: `/api/v1/customers/${ok.body.id}`,
        payload,
        headers: { 'if-match': '"1"' },
      });
      assert.equal(edited.status, 400);
      assert.deepEqual(faults(edited), expected);
    });

    test('unknown and server-owned fields are rejected, every one listed', async () => {
      const res = await alice.request({
        method: 'POST',
        url: '/api/v1/customers',
        payload: { name: 'X', id: '00000000-0000-0000-0000-000000000001', workspaceId: 'x', version: 9 },
      });
      assert.equal(res.status, 400);
      assert.match(JSON.stringify(res.body.errors), /workspaceId/);
    });

    test('PATCH needs If-Match (428), refuses a stale one (412) and bumps the version', async () => {
      const created = await alice.request({
        method: 'POST',
        url: '/api/v1/customers',
        payload: { name: 'Li Lei' },
      });
      const url = `/api/v1/customers/${created.body.id}`;
      const noMatch = await alice.request({ method: 'PATCH', url, payload: { region: 'Beijing' } });
      assert.equal(noMatch.status, 428);
      const ok = await alice.request({
        method: 'PATCH',
        url,
        payload: { region: 'Beijing' },
        headers: { 'if-match': '"1"' },
      });
      assert.equal(ok.status, 200);
      assert.equal(ok.body.version, 2);
      const stale = await alice.request({
        method: 'PATCH',
        url,
        payload: { region: 'Shanghai' },
        headers: { 'if-match': '"1"' },
      });
      assert.equal(stale.status, 412);
      const read = await alice.request({ method: 'GET', url });
      assert.equal(read.body.region, 'Beijing');
    });

    test('list pages with a cursor in the requested order, with no row twice', async () => {
      for (const name of ['Zed', 'Amy', 'Bob', 'Cai', 'Dan']) {
        await alice.request({
          method: 'POST',
          url: '/api/v1/customers',
          payload: { name, tags: ['paging'] },
        });
      }
      const names: string[] = [];
      let cursor: string | null = null;
      do {
        const q: string = `/api/v1/customers?tag=paging&sort=name&limit=2${cursor ? `&cursor=${cursor}` : ''}`;
        const page = await alice.request({ method: 'GET', url: q });
        assert.equal(page.status, 200);
        names.push(...page.body.data.map((c: { name: string }) => c.name));
        cursor = page.body.nextCursor;
      } while (cursor);
      assert.deepEqual(names, ['Amy', 'Bob', 'Cai', 'Dan', 'Zed']);
    });

    test('search finds by name, phone tail and e-mail', async () => {
      await alice.request({
        method: 'POST',
        url: '/api/v1/customers',
        payload: {
          name: 'Searchable Zhou',
          company: 'Acme Trading',
          phones: ['13900001111'],
          emails: ['zhou@acme.cn'],
        },
      });
      for (const q of ['searchable', '1111', 'zhou@acme.cn', 'acme trad', '+86 139 0000 1111']) {
        const res = await alice.request({
          method: 'GET',
          url: `/api/v1/customers?q=${encodeURIComponent(q)}`,
        });
        assert.deepEqual(
          res.body.data.map((c: { name: string }) => c.name),
          ['Searchable Zhou'],
          q,
        );
      }
    });

    test('search finds only its own workspace and no deleted customer', async () => {
      const bob = await signUp(api);
      const theirs = await bob.request({
        method: 'POST',
        url: '/api/v1/customers',
        payload: { name: 'Hidden Qian' },
      });
      assert.equal(theirs.status, 201);
      const gone = await alice.request({
        method: 'POST',
        url: '/api/v1/customers',
        payload: { name: 'Hidden Sun' },
      });
      await alice.request({
        method: 'DELETE',
        url: `/api/v1/customers/${gone.body.id}`,
        headers: { 'if-match': `"${gone.body.version}"` },
      });
      const found = await alice.request({ method: 'GET', url: '/api/v1/customers?q=hidden' });
      assert.deepEqual(found.body.data, []);
      const own = await bob.request({ method: 'GET', url: '/api/v1/customers?q=hidden' });
      assert.deepEqual(
        own.body.data.map((c: { id: string }) => c.id),
        [theirs.body.id],
      );
    });

    test('a search matching more than 500 pages through them in the sort order', async () => {
      const carol = await signUp(api);
      // 600 matches (Bulk 0001 … Bulk 0600) and 100 others, made at once as an import would.
      await inWorkspace(api.database.db, carol.workspaceId, (tx) =>
        sql`insert into customers (workspace_id, name) select ${carol.workspaceId}::uuid,
          case when i <= 600 then 'Bulk ' else 'Other ' end || lpad(i::text, 4, '0')
          from generate_series(1, 700) i`.execute(tx),
      );
      const names: string[] = [];
      let cursor: string | null = null;
      do {
        const url: string = `/api/v1/customers?q=bulk&sort=-name&limit=200${cursor ? `&cursor=${cursor}` : ''}`;
        const page = await carol.request({ method: 'GET', url });
        names.push(...page.body.data.map((c: { name: string }) => c.name));
        cursor = page.body.nextCursor;
      } while (cursor);
      assert.equal(names.length, 600);
      assert.deepEqual(names.slice(0, 2), ['Bulk 0600', 'Bulk 0599']);
      assert.equal(names.at(-1), 'Bulk 0001');
      const few = await carol.request({ method: 'GET', url: '/api/v1/customers?q=bulk 055&sort=name' });
      assert.deepEqual(
        few.body.data.map((c: { name: string }) => c.name),
        [
          'Bulk 0550',
          'Bulk 0551',
          'Bulk 0552',
          'Bulk 0553',
          'Bulk 0554',
          'Bulk 0555',
          'Bulk 0556',
          'Bulk 0557',
          'Bulk 0558',
          'Bulk 0559',
        ],
      );
    });

    test('a forged cursor is a 400 naming the cursor', async () => {
      for (const cursor of ['garbage', Buffer.from('["not a date","x"]').toString('base64url')]) {
        const res = await alice.request({ method: 'GET', url: `/api/v1/customers?cursor=${cursor}` });
        assert.equal(res.status, 400, cursor);
        assert.equal(res.body.errors[0].path, 'querystring.cursor');
      }
    });

    test('a rep owns what they create and cannot hand customers to others; an analyst cannot write', async () => {
      const rep = await addMember(api, alice, 'rep');
      const analyst = await addMember(api, alice, 'analyst');
      const own = await rep.request({
        method: 'POST',
        url: '/api/v1/customers',
        payload: { name: 'Rep lead' },
      });
      assert.equal(own.status, 201);
      assert.equal(own.body.ownerId, rep.userId);
      const assign = await rep.request({
        method: 'POST',
        url: '/api/v1/customers',
        payload: { name: 'Pushed', ownerId: alice.userId },
      });
      assert.equal(assign.status, 403);
      assert.equal(assign.body.errors[0].path, 'body.ownerId');
      const transfer = await rep.request({
        method: 'PATCH',
        url: `/api/v1/customers/${own.body.id}`,
        payload: { ownerId: alice.userId },
        headers: { 'if-match': '"1"' },
      });
      assert.equal(transfer.status, 403);
      const byManager = await alice.request({
        method: 'PATCH',
        url: `/api/v1/customers/${own.body.id}`,
        payload: { ownerId: alice.userId },
        headers: { 'if-match': '"1"' },
      });
      assert.equal(byManager.status, 200);
      assert.equal(byManager.body.ownerId, alice.userId);
      const write = await analyst.request({
        method: 'POST',
        url: '/api/v1/customers',
        payload: { name: 'No' },
      });
      assert.equal(write.status, 403);
      const read = await analyst.request({ method: 'GET', url: `/api/v1/customers/${own.body.id}` });
      assert.equal(read.status, 200);
    });

    test('giving a pool customer an owner is audited as an assignment, from no one to the rep', async () => {
      const rep = await addMember(api, alice, 'rep');
      const created = await alice.request({
        method: 'POST',
        url: '/api/v1/customers',
        payload: { name: 'Audited' },
      });
      await alice.request({
        method: 'PATCH',
        url: `/api/v1/customers/${created.body.id}`,
        payload: { ownerId: rep.userId },
        headers: { 'if-match': '"1"' },
      });
      const entries = await inWorkspace(api.database.db, alice.workspaceId, (tx) =>
        tx
          .selectFrom('audit_log')
          .select(['action', 'user_id', 'before', 'after'])
          .where('entity', '=', 'customer')
          .where('entity_id', '=', created.body.id)
          .orderBy('id')
          .execute(),
      );
      assert.deepEqual(
        entries.map((e) => [e.action, e.user_id]),
        [
          ['create', alice.userId],
          ['assign', alice.userId],
        ],
      );
      const [, assign] = entries as { before: { ownerId: string | null }; after: { ownerId: string } }[];
      assert.equal(assign.before.ownerId, null);
      assert.equal(assign.after.ownerId, rep.userId);
    });

    test('an owner who is not a member of the workspace is a 400 naming ownerId', async () => {
      const res = await alice.request({
        method: 'POST',
        url: '/api/v1/customers',
        payload: { name: 'Orphan', ownerId: '00000000-0000-4000-8000-000000000000' },
      });
      assert.equal(res.status, 400);
      assert.equal(res.body.errors[0].path, 'body.ownerId');
    });

    test('delete is soft: the customer is gone from reads', async () => {
      const created = await alice.request({
        method: 'POST',
        url: '/api/v1/customers',
        payload: { name: 'Gone' },
      });
      const url = `/api/v1/customers/${created.body.id}`;
      assert.equal(
        (await alice.request({ method: 'DELETE', url, headers: { 'if-match': '"1"' } })).status,
        204,
      );
      assert.equal((await alice.request({ method: 'GET', url })).status, 404);
    });

    test('rScore and fScore list the customers of one R×F cell; a score outside 1–10 (the most RFM bins) is a 400 naming it', async () => {
      const ids: Record<string, string> = {};
      for (const [name, r, f] of [
        ['Cell 5-4', 5, 4],
        ['Cell 5-1', 5, 1],
        ['Cell 2-4', 2, 4],
      ] as const) {
        const created = await alice.request({
          method: 'POST',
          url: '/api/v1/customers',
          payload: { name, tags: ['rfm-cell'] },
        });
        ids[name] = created.body.id;
        await setScores(created.body.id, r, f);
      }
      await alice.request({
        method: 'POST',
        url: '/api/v1/customers',
        payload: { name: 'No value', tags: ['rfm-cell'] },
      });
      const names = async (filter: string) => {
        const res = await alice.request({
          method: 'GET',
          url: `/api/v1/customers?tag=rfm-cell&sort=name&count=true&${filter}`,
        });
        assert.equal(res.status, 200, filter);
        assert.equal(res.body.total, res.body.data.length);
        return res.body.data.map((c: { name: string }) => c.name);
      };
      assert.deepEqual(await names('rScore=5&fScore=4'), ['Cell 5-4']);
      assert.deepEqual(await names('rScore=5'), ['Cell 5-1', 'Cell 5-4']);
      assert.deepEqual(await names('fScore=4'), ['Cell 2-4', 'Cell 5-4']);
      assert.deepEqual(await names('rScore=1&fScore=1'), []);
      for (const [filter, path] of [
        ['rScore=0', 'querystring.rScore'],
        ['fScore=11', 'querystring.fScore'],
        ['rScore=2.5', 'querystring.rScore'],
        ['fScore=high', 'querystring.fScore'],
      ]) {
        const res = await alice.request({ method: 'GET', url: `/api/v1/customers?${filter}` });
        assert.equal(res.status, 400, filter);
        assert.equal(res.headers['content-type'], 'application/problem+json; charset=utf-8');
        assert.deepEqual(
          res.body.errors.map((e: { path: string }) => e.path),
          [path],
        );
      }
    });

    test('purchase filters list exactly the customers the revenue decomposition counts', async () => {
      // A workspace of its own (Asia/Shanghai), so the decomposition counts only these customers.
      const owner = await signUp(api, 'Revenue links');
      const histories: Record<string, [string, number][]> = {
        New: [['2024-05-10T12:00:00+08:00', 100]],
        'New, twice': [
          ['2024-04-02T12:00:00+08:00', 50],
          ['2024-06-01T12:00:00+08:00', 50],
        ],
        // 00:30 on the first day in Shanghai is still the day before in UTC: days are the workspace's.
        'New at midnight': [['2024-04-01T00:30:00+08:00', 80]],
        Retained: [
          ['2024-02-15T12:00:00+08:00', 100],
          ['2024-05-05T12:00:00+08:00', 100],
        ],
        Lost: [['2024-02-20T12:00:00+08:00', 70]],
        // The last minute of the previous window.
        'Lost at midnight': [['2024-03-31T23:59:00+08:00', 70]],
        'Only a return': [
          ['2024-02-01T12:00:00+08:00', 90],
          ['2024-05-01T12:00:00+08:00', -50],
        ],
        'Won back': [
          ['2023-06-01T12:00:00+08:00', 60],
          ['2024-06-10T12:00:00+08:00', 60],
        ],
        Old: [['2023-01-01T12:00:00+08:00', 40]],
        Later: [['2024-07-05T12:00:00+08:00', 40]],
        Deleted: [['2024-05-05T12:00:00+08:00', 500]],
      };
      for (const [name, sales] of Object.entries(histories)) {
        const created = await owner.request({ method: 'POST', url: '/api/v1/customers', payload: { name } });
        for (const [occurredAt, amount] of sales) {
          const sale = await owner.request({
            method: 'POST',
            url: '/api/v1/transactions',
            payload: { customerId: created.body.id, occurredAt, amount },
          });
          assert.equal(sale.status, 201, JSON.stringify(sale.body));
        }
        if (name === 'Deleted')
          await owner.request({
            method: 'DELETE',
            url: `/api/v1/customers/${created.body.id}`,
            headers: { 'if-match': '"1"' },
          });
      }
      const decomposition = await owner.request({
        method: 'GET',
        url: '/api/v1/analytics/revenue-decomposition?from=2024-04-01&to=2024-06-29',
      });
      assert.equal(decomposition.status, 200);
      const { from, to, previousFrom, previousTo, customers } = decomposition.body;
      assert.deepEqual([previousFrom, previousTo], ['2024-01-02', '2024-03-31']);
      const list = async (filter: string) => {
        const res = await owner.request({
          method: 'GET',
          url: `/api/v1/customers?count=true&sort=name&${filter}`,
        });
        assert.equal(res.status, 200, JSON.stringify(res.body));
        assert.equal(res.body.total, res.body.data.length);
        return res.body.data.map((c: { name: string }) => c.name);
      };
      const period = `purchasedFrom=${from}&purchasedTo=${to}`;
      const terms: [string, string, string[]][] = [
        ['active', period, ['New', 'New at midnight', 'New, twice', 'Retained', 'Won back']],
        [
          'new',
          `firstPurchaseFrom=${from}&firstPurchaseTo=${to}&${period}`,
          ['New', 'New at midnight', 'New, twice'],
        ],
        [
          'existing',
          `purchasedFrom=${previousFrom}&purchasedTo=${previousTo}`,
          ['Lost', 'Lost at midnight', 'Only a return', 'Retained'],
        ],
        ['retained', `${period}&previousWindow=purchased`, ['Retained']],
        ['returning', `${period}&previousWindow=notPurchased&firstPurchaseTo=${previousTo}`, ['Won back']],
      ];
      for (const [term, filter, names] of terms) {
        const listed = await list(filter);
        assert.deepEqual(listed, names, term);
        assert.equal(listed.length, customers[term], `${term}: the card's count is the list's`);
      }
      // The first purchase alone: a customer whose first transaction falls in the period.
      assert.deepEqual(await list(`firstPurchaseFrom=2024-07-01`), ['Later']);
      assert.deepEqual(await list(`firstPurchaseTo=2023-12-31&purchasedTo=2023-12-31`), ['Old', 'Won back']);
    });

    test('reads show the last purchase and the follow-up the latest interaction set, null before either', async () => {
      const owner = await signUp(api, 'Activity columns');
      const post = async (url: string, payload: object) => {
        const res = await owner.request({ method: 'POST', url: `/api/v1${url}`, payload });
        assert.equal(res.status, 201, JSON.stringify(res.body));
        return res.body;
      };
      const quiet = await post('/customers', { name: 'Quiet' });
      const busy = await post('/customers', { name: 'Busy' });
      await post('/transactions', { customerId: busy.id, occurredAt: '2024-03-01T10:00:00Z', amount: 20 });
      await post('/transactions', { customerId: busy.id, occurredAt: '2024-05-01T10:00:00Z', amount: 30 });
      const followUp = { customerId: busy.id, channel: 'phone', direction: 'outbound', summary: 'Called' };
      await post('/interactions', {
        ...followUp,
        occurredAt: '2024-05-02T10:00:00Z',
        nextFollowUpOn: '2024-06-01',
      });
      // An earlier call's follow-up is history: the latest contact decides what is due.
      await post('/interactions', {
        ...followUp,
        occurredAt: '2024-04-02T10:00:00Z',
        nextFollowUpOn: '2024-04-09',
      });
      const list = await owner.request({ method: 'GET', url: '/api/v1/customers?sort=name' });
      assert.deepEqual(
        list.body.data.map((c: CustomerJson) => [c.name, c.lastPurchaseAt, c.nextFollowUpOn]),
        [
          ['Busy', '2024-05-01T10:00:00.000Z', '2024-06-01'],
          ['Quiet', null, null],
        ],
      );
      const one = await owner.request({ method: 'GET', url: `/api/v1/customers/${busy.id}` });
      assert.deepEqual(
        [one.body.lastPurchaseAt, one.body.nextFollowUpOn],
        ['2024-05-01T10:00:00.000Z', '2024-06-01'],
      );
      assert.equal(quiet.lastPurchaseAt, undefined, 'a write answers the row alone');
    });

    test('purchase filters refuse a period that ends before it starts, and previousWindow without a period', async () => {
      for (const [filter, path] of [
        ['purchasedFrom=2024-06-30&purchasedTo=2024-04-01', 'querystring.purchasedFrom'],
        ['firstPurchaseFrom=2024-06-30&firstPurchaseTo=2024-04-01', 'querystring.firstPurchaseFrom'],
        ['purchasedFrom=2024-04-01&previousWindow=purchased', 'querystring.previousWindow'],
        [
          'purchasedFrom=2024-04-01&purchasedTo=2024-06-30&previousWindow=maybe',
          'querystring.previousWindow',
        ],
        ['purchasedTo=2024-02-30', 'querystring.purchasedTo'],
        ['firstPurchaseFrom=yesterday', 'querystring.firstPurchaseFrom'],
      ]) {
        const res = await alice.request({ method: 'GET', url: `/api/v1/customers?${filter}` });
        assert.equal(res.status, 400, filter);
        assert.equal(res.headers['content-type'], 'application/problem+json; charset=utf-8');
        assert.deepEqual(
          res.body.errors.map((e: { path: string }) => e.path),
          [path],
          filter,
        );
      }
    });
  });
}
