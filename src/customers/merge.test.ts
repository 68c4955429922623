import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
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
import { refreshLifecycle } from '../lifecycle/refresh.js';

for (const target of databaseTargets) {
  describe(`customer merge on ${target.name}`, () => {
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
    const sale = (customerId: string, occurredAt: string, amount: string, businessLineId?: string) => ({
      customerId,
      occurredAt,
      amount,
      ...(businessLineId ? { businessLineId } : {}),
    });
    const merge = (session: Session, id: string, sourceIds: string[], version: string | null = '"1"') =>
      session.request({
        method: 'POST',
        url: `/api/v1/customers/${id}/merge`,
        payload: { sourceIds },
        headers: version ? { 'if-match': version } : {},
      });

    /** A workspace with a survivor and two duplicates, each with some history. */
    async function fixture() {
      const owner = await signUp(api, 'Merge');
      const line = await post(owner, '/api/v1/business-lines', { name: 'Parts' });
      const survivor = await post(owner, '/api/v1/customers', {
        kind: 'organisation',
        name: '华新科技',
        phones: ['13800000001'],
        tags: ['vip'],
        custom: { tier: 'gold' },
        consent: { email: true, sms: true, phone: true, wechat: true, post: false },
      });
      const a = await post(owner, '/api/v1/customers', {
        kind: 'organisation',
        name: 'Huaxin Tech',
        phones: ['13800000002'],
        emails: ['zw@acme.cn'],
        company: 'Acme',
        tags: ['import', 'vip'],
        custom: { tier: 'silver', note: 'from A' },
        consent: { email: false, sms: true, phone: false, wechat: true, post: true },
        externalId: 'OLD-1',
      });
      const b = await post(owner, '/api/v1/customers', { name: 'Zhang Wei', region: 'Shanghai' });
      await post(owner, '/api/v1/transactions', sale(survivor.id, '2025-01-05T10:00:00Z', '100.00'));
      await post(owner, '/api/v1/transactions', sale(a.id, '2025-02-05T10:00:00Z', '50.50', line.id));
      await post(owner, '/api/v1/transactions', sale(a.id, '2025-03-05T10:00:00Z', '25.25'));
      await post(owner, '/api/v1/transactions', sale(b.id, '2025-04-05T10:00:00Z', '10.00', line.id));
      await post(owner, '/api/v1/interactions', {
        customerId: a.id,
        channel: 'phone',
        direction: 'inbound',
        summary: 'asked for a quote',
        occurredAt: '2025-02-01T08:00:00Z',
      });
      await post(owner, `/api/v1/customers/${survivor.id}/contacts`, { name: 'Main', isPrimary: true });
      await post(owner, `/api/v1/customers/${a.id}/contacts`, { name: 'Buyer', isPrimary: true });
      await inWorkspace(api.database.db, owner.workspaceId, (tx) =>
        refreshLifecycle(tx, owner.workspaceId, '2025-06-30'),
      );
      return { owner, survivor, a, b, line };
    }

    const tables = (session: Session) =>
      inWorkspace(api.database.db, session.workspaceId, async (tx) => {
        const rows = async (table: string) =>
          (
            await sql<{ customer_id: string }>`select customer_id from ${sql.table(table)}`.execute(tx)
          ).rows.map((r) => r.customer_id);
        return {
          lifecycle: await rows('customer_lifecycle'),
          values: await rows('customer_values'),
          dirty: await rows('lifecycle_dirty'),
          stats: await rows('customer_stats'),
          transactions: await rows('transactions'),
          interactions: await rows('interactions'),
          contacts: await rows('contacts'),
        };
      });

    test('moves history, joins fields, keeps aliases, recomputes the aggregates and audits', async () => {
      const { owner, survivor, a, b, line } = await fixture();
      const before = await tables(owner);
      assert.ok(before.lifecycle.includes(a.id) && before.values.includes(a.id), 'refreshed before');

      const res = await merge(owner, survivor.id, [a.id, b.id]);
      assert.equal(res.status, 200, JSON.stringify(res.body));
      assert.equal(res.headers.etag, '"2"');
      assert.deepEqual(res.body.phones, ['+8613800000001', '+8613800000002']);
      assert.deepEqual(res.body.emails, ['zw@acme.cn']);
      assert.deepEqual(res.body.tags, ['vip', 'import']);
      assert.equal(res.body.company, 'Acme');
      assert.equal(res.body.region, 'Shanghai');
      assert.equal(res.body.externalId, 'OLD-1');
      assert.deepEqual(res.body.custom, { tier: 'gold', note: 'from A' });
      assert.deepEqual(
        res.body.consent,
        { email: false, sms: true, phone: false, wechat: true, post: false },
        'an opt-out stays an opt-out',
      );

      const after = await tables(owner);
      for (const rows of [after.transactions, after.interactions, after.contacts, after.stats])
        assert.deepEqual([...new Set(rows)], [survivor.id]);
      assert.equal(after.transactions.length, 4);
      assert.equal(after.contacts.length, 2);
      assert.ok(
        !after.lifecycle.includes(a.id) && !after.values.includes(a.id) && !after.lifecycle.includes(b.id),
      );
      assert.deepEqual(after.dirty, [survivor.id], 'the survivor waits for the next refresh, alone');

      const stats = await owner.request({ method: 'GET', url: `/api/v1/customers/${survivor.id}/stats` });
      assert.equal(stats.body.purchaseCount, 4);
      assert.equal(stats.body.revenue, '185.75');
      assert.equal(stats.body.firstPurchaseAt, '2025-01-05T10:00:00.000Z');
      assert.deepEqual(
        stats.body.byBusinessLine.map((l: { businessLineId: string; revenue: string }) => [
          l.businessLineId,
          l.revenue,
        ]),
        [[line.id, '60.50']],
      );
      const contacts = await owner.request({
        method: 'GET',
        url: `/api/v1/customers/${survivor.id}/contacts`,
      });
      assert.deepEqual(
        contacts.body.data
          .filter((c: { isPrimary: boolean }) => c.isPrimary)
          .map((c: { name: string }) => c.name),
        ['Main'],
      );

      // The old ids lead to the survivor; they no longer list or take writes.
      const old = await owner.request({ method: 'GET', url: `/api/v1/customers/${a.id}` });
      assert.equal(old.status, 308);
      assert.equal(old.headers.location, `/api/v1/customers/${survivor.id}`);
      for (const sub of [
        'value',
        'stats',
        'lifecycle',
        'lifecycle/history?limit=5',
        'contacts',
        'interactions',
      ]) {
        const res = await owner.request({ method: 'GET', url: `/api/v1/customers/${a.id}/${sub}` });
        assert.equal(res.status, 308, sub);
        assert.equal(res.headers.location, `/api/v1/customers/${survivor.id}/${sub}`);
      }
      const unknown = await owner.request({
        method: 'GET',
        url: `/api/v1/customers/${randomUUID()}/contacts`,
      });
      assert.equal(unknown.status, 404);
      const write = await owner.request({
        method: 'POST',
        url: `/api/v1/customers/${a.id}/contacts`,
        payload: { name: 'Late' },
      });
      assert.equal(write.status, 404, 'writes to a merged id are refused, not redirected');
      const list = await owner.request({ method: 'GET', url: '/api/v1/customers?count=true' });
      assert.deepEqual(
        list.body.data.map((c: { id: string }) => c.id),
        [survivor.id],
      );
      const patch = await owner.request({
        method: 'PATCH',
        url: `/api/v1/customers/${a.id}`,
        payload: { region: 'x' },
        headers: { 'if-match': '"1"' },
      });
      assert.equal(patch.status, 404);

      const audit = await inWorkspace(api.database.db, owner.workspaceId, (tx) =>
        tx
          .selectFrom('audit_log')
          .select(['entity_id', 'after'])
          .where('action', '=', 'merge')
          .orderBy('id')
          .execute(),
      );
      assert.deepEqual(
        audit.map((e) => e.entity_id),
        [survivor.id, a.id, b.id],
      );
      const summary = audit[0]!.after as { mergedIds: string[]; moved: Record<string, number> };
      assert.deepEqual(summary.mergedIds, [a.id, b.id]);
      assert.deepEqual(summary.moved, {
        transactions: 3,
        interactions: 1,
        contracts: 0,
        tasks: 0,
        tickets: 0,
        surveys: 0,
        contacts: 1,
      });
      assert.deepEqual(audit[1]!.after, { mergedInto: survivor.id });

      // The next refresh evaluates the survivor with its whole history.
      await inWorkspace(api.database.db, owner.workspaceId, (tx) =>
        refreshLifecycle(tx, owner.workspaceId, '2025-06-30'),
      );
      const value = await inWorkspace(api.database.db, owner.workspaceId, (tx) =>
        tx.selectFrom('customer_values').select(['customer_id', 'revenue']).execute(),
      );
      assert.deepEqual(value, [{ customer_id: survivor.id, revenue: '185.75' }]);
    });

    test('a preview answers the survivor as the merge leaves it, and writes nothing', async () => {
      const { owner, survivor, a, b } = await fixture();
      const before = await tables(owner);
      const preview = await owner.request({
        method: 'POST',
        url: `/api/v1/customers/${survivor.id}/merge-preview`,
        payload: { sourceIds: [a.id, b.id] },
      });
      assert.equal(preview.status, 200, JSON.stringify(preview.body));
      assert.equal(preview.body.version, 1, 'the survivor is not written');
      assert.deepEqual(await tables(owner), before);
      const merged = await merge(owner, survivor.id, [a.id, b.id]);
      const { version: _v, updatedAt: _u, ...previewed } = preview.body;
      const { version: _mv, updatedAt: _mu, mergeId: _id, ...result } = merged.body;
      assert.deepEqual(previewed, result, "the preview's fields are the merge's");
    });

    test('a preview refuses what the merge refuses: a source twice, a rep', async () => {
      const { owner, survivor, a } = await fixture();
      const twice = await owner.request({
        method: 'POST',
        url: `/api/v1/customers/${survivor.id}/merge-preview`,
        payload: { sourceIds: [a.id, a.id] },
      });
      assert.equal(twice.status, 400);
      assert.deepEqual(
        twice.body.errors.map((e: { path: string }) => e.path),
        ['body.sourceIds.1'],
      );
      const rep = await addMember(api, owner, 'rep');
      const refused = await rep.request({
        method: 'POST',
        url: `/api/v1/customers/${survivor.id}/merge-preview`,
        payload: { sourceIds: [a.id] },
      });
      assert.equal(refused.status, 403);
    });

    test('merging into a customer that absorbed others earlier re-points the older aliases', async () => {
      const owner = await signUp(api, 'Chain');
      const [x, y, z] = [
        await post(owner, '/api/v1/customers', { name: 'X' }),
        await post(owner, '/api/v1/customers', { name: 'Y' }),
        await post(owner, '/api/v1/customers', { name: 'Z' }),
      ];
      assert.equal((await merge(owner, y.id, [x.id])).status, 200);
      assert.equal((await merge(owner, z.id, [y.id])).status, 200);
      for (const id of [x.id, y.id]) {
        const res = await owner.request({ method: 'GET', url: `/api/v1/customers/${id}` });
        assert.equal(res.status, 308);
        assert.equal(res.headers.location, `/api/v1/customers/${z.id}`);
      }
      const stranger = await signUp(api, 'Stranger');
      const elsewhere = await stranger.request({ method: 'GET', url: `/api/v1/customers/${x.id}` });
      assert.equal(elsewhere.status, 404, 'an alias is as invisible to other workspaces as its customer');
    });

    test('a bad source, a stale or missing If-Match, or a role below manager changes nothing', async () => {
      const { owner, survivor, a } = await fixture();
      const other = await signUp(api, 'Elsewhere');
      const foreign = await post(other, '/api/v1/customers', { name: 'Foreign' });
      const snapshot = async () => JSON.stringify(await tables(owner));
      const person = await post(owner, '/api/v1/customers', { name: 'A person' });
      const before = await snapshot();
      const unknown = '00000000-0000-4000-8000-000000000000';

      const cases: [string[], number, string?][] = [
        [[a.id, unknown], 400, 'body.sourceIds.1'],
        [[foreign.id], 400, 'body.sourceIds.0'],
        [[survivor.id], 400, 'body.sourceIds.0'],
        [[a.id, a.id], 400, 'body.sourceIds.1'],
        [[], 400, 'body.sourceIds'],
      ];
      for (const [sourceIds, status, path] of cases) {
        const res = await merge(owner, survivor.id, sourceIds);
        assert.equal(res.status, status, JSON.stringify(sourceIds));
        assert.equal(res.body.errors[0].path, path);
      }
      const every = await merge(owner, survivor.id, [unknown, a.id, a.id, foreign.id]);
      assert.equal(every.status, 400);
      assert.deepEqual(
        every.body.errors.map((e: { path: string; code: string }) => [e.path, e.code]),
        [
          ['body.sourceIds.0', 'not_in_workspace'],
          ['body.sourceIds.3', 'not_in_workspace'],
          ['body.sourceIds.2', 'invalid'],
        ],
        'every source at fault at once: the unknown ones, then the one listed twice',
      );
      assert.equal((await merge(owner, unknown, [a.id])).status, 404);
      assert.equal((await merge(owner, foreign.id, [a.id])).status, 404);
      assert.equal((await merge(owner, survivor.id, [a.id], '"7"')).status, 412);
      assert.equal((await merge(owner, survivor.id, [a.id], null)).status, 428);
      const rep = await addMember(api, owner, 'rep');
      assert.equal((await merge(rep, survivor.id, [a.id])).status, 403);
      const contacts = await merge(owner, person.id, [a.id]);
      assert.equal(contacts.status, 409, 'contacts belong to organisations');
      assert.equal(contacts.body.customerId, a.id);

      assert.equal(await snapshot(), before);
      const read = await owner.request({ method: 'GET', url: `/api/v1/customers/${a.id}` });
      assert.equal(read.status, 200);
      assert.equal(read.body.version, 1);
    });
    test("a survivor without an owner inherits a source's through the ownership domain: an event and an audit entry", async () => {
      const owner = await signUp(api, 'Merge owners');
      const rep = await addMember(api, owner, 'rep');
      const survivor = await post(owner, '/api/v1/customers', { name: 'In the pool' });
      const source = await post(owner, '/api/v1/customers', { name: 'Owned', ownerId: rep.userId });
      const merged = await merge(owner, survivor.id, [source.id]);
      assert.equal(merged.status, 200, JSON.stringify(merged.body));
      assert.equal(merged.body.ownerId, rep.userId);
      const events = await owner.request({
        method: 'GET',
        url: `/api/v1/customers/${survivor.id}/ownership-events`,
      });
      assert.deepEqual(
        events.body.data.map(
          (e: { kind: string; toUserId: string; reasonCode: string; reasonParams: object }) => [
            e.kind,
            e.toUserId,
            e.reasonCode,
            e.reasonParams,
          ],
        ),
        [['assign', rep.userId, 'merge', { mergedId: source.id }]],
      );
      const audit = await owner.request({
        method: 'GET',
        url: `/api/v1/audit?entity=customer&entityId=${survivor.id}`,
      });
      const entry = audit.body.data.find((e: { action: string }) => e.action === 'assign');
      assert.deepEqual(entry.before, { ownerId: null });
      assert.equal(entry.after.ownerId, rep.userId);
      assert.equal(entry.after.reasonCode, 'merge');
      // The rep now sees the survivor as theirs.
      assert.equal(
        (await rep.request({ method: 'GET', url: `/api/v1/customers/${survivor.id}` })).status,
        200,
      );
    });
  });
}
