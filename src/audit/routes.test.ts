import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  addMember,
  databaseTargets,
  logIn,
  type Session,
  signUp,
  startApi,
  type TestApi,
  testSource,
  uniqueEmail,
} from '../../test/support.js';
import { inWorkspace } from '../db/tenant.js';
import { runDueRefreshes } from '../lifecycle/nightly.js';
import { createUser } from '../users/service.js';
import { pruneAudit } from './retention.js';

const PASSWORD = 'correct horse battery';

for (const target of databaseTargets) {
  describe(`audit API on ${target.name}`, () => {
    let api: TestApi;
    let alice: Session;
    before(async () => {
      api = await startApi(target.url);
      alice = await signUp(api);
    });
    after(() => api.close());

    const entries = async (session: Session, query = '') => {
      const res = await session.request({ method: 'GET', url: `/api/v1/audit?limit=500${query}` });
      assert.equal(res.status, 200, JSON.stringify(res.body));
      return res.body.data as {
        id: string;
        at: string;
        userId: string | null;
        userEmail: string | null;
        action: string;
        entity: string;
        entityId: string;
        before: unknown;
        after: Record<string, unknown> | null;
      }[];
    };

    test('sign-ins, failed ones included, are recorded in every workspace of the account', async () => {
      const email = uniqueEmail('login');
      const user = await createUser(api.database.db, { email, password: PASSWORD });
      const bob = await signUp(api, 'Second workspace');
      for (const admin of [alice, bob])
        await inWorkspace(api.database.db, admin.workspaceId, (tx) =>
          tx
            .insertInto('memberships')
            .values({ workspace_id: admin.workspaceId, user_id: user.id, role: 'rep' })
            .execute(),
        );
      const wrong = await api.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { email, password: 'not the password' },
        remoteAddress: testSource(),
      });
      assert.equal(wrong.statusCode, 401);
      await logIn(api, email, PASSWORD, alice.workspaceId);
      for (const admin of [alice, bob]) {
        const seen = await entries(admin, `&actor=${user.id}`);
        assert.deepEqual(
          seen.map((e) => [e.action, e.entity, e.entityId, e.userEmail]),
          [
            ['login', 'account', user.id, email],
            ['login-failed', 'account', user.id, email],
          ],
        );
        assert.equal(typeof seen[0]?.after?.ip, 'string');
      }
    });

    test('personal tokens: creation and revocation', async () => {
      const made = await alice.request({
        method: 'POST',
        url: '/api/v1/auth/tokens',
        payload: { name: 'ci' },
      });
      assert.equal(made.status, 201);
      const revoked = await alice.request({ method: 'DELETE', url: `/api/v1/auth/tokens/${made.body.id}` });
      assert.equal(revoked.status, 204);
      const seen = await entries(alice, `&actor=${alice.userId}&entity=account`);
      assert.deepEqual(
        seen.filter((e) => e.action.startsWith('token')).map((e) => [e.action, e.after?.tokenId]),
        [
          ['token-revoke', made.body.id],
          ['token-create', made.body.id],
        ],
      );
      assert.equal(JSON.stringify(seen).includes(made.body.token), false, 'the secret is never recorded');
    });

    test('exports record their filters but not the search text', async () => {
      const res = await api.app.inject({
        method: 'GET',
        url: '/api/v1/exports/customers.csv?q=13800138000',
        headers: { authorization: `Bearer ${alice.token}`, 'clm-workspace': alice.workspaceId },
      });
      assert.equal(res.statusCode, 200);
      const [entry] = await entries(alice, '&action=export');
      assert.equal(entry?.entity, 'customers');
      assert.equal(entry?.entityId, 'csv');
      assert.equal(entry?.after?.search, true);
      assert.equal(JSON.stringify(entry).includes('13800138000'), false);
    });

    test('members, roles, settings, playbooks, merges, transfers and deletions', async () => {
      const rep = await addMember(api, alice, 'rep');
      const role = await alice.request({
        method: 'PATCH',
        url: `/api/v1/members/${rep.userId}`,
        payload: { role: 'manager' },
      });
      assert.equal(role.status, 200);
      const workspace = await alice.request({ method: 'GET', url: '/api/v1/workspace' });
      const renamed = await alice.request({
        method: 'PATCH',
        url: '/api/v1/workspace',
        payload: { name: 'Renamed' },
        headers: { 'if-match': workspace.headers.etag as string },
      });
      assert.equal(renamed.status, 200);
      const thresholds = await alice.request({
        method: 'PATCH',
        url: '/api/v1/lifecycle/settings',
        payload: { model: 'relationship' },
      });
      assert.equal(thresholds.status, 200, JSON.stringify(thresholds.body));
      const playbook = await alice.request({
        method: 'PUT',
        url: '/api/v1/lifecycle/playbooks/formation',
        payload: { tasks: [{ title: 'Call', dueInDays: 1 }] },
      });
      assert.equal(playbook.status, 200, JSON.stringify(playbook.body));
      const make = async (name: string) =>
        (await alice.request({ method: 'POST', url: '/api/v1/customers', payload: { name } })).body;
      const [a, b, c] = [await make('A'), await make('B'), await make('C')];
      await alice.request({
        method: 'POST',
        url: `/api/v1/customers/${a.id}/merge`,
        payload: { sourceIds: [b.id] },
        headers: { 'if-match': `"${a.version}"` },
      });
      await alice.request({
        method: 'PATCH',
        url: `/api/v1/customers/${c.id}`,
        payload: { ownerId: rep.userId },
        headers: { 'if-match': `"${c.version}"` },
      });
      const gone = await alice.request({
        method: 'DELETE',
        url: `/api/v1/customers/${c.id}`,
        headers: { 'if-match': `"${c.version + 1}"` },
      });
      assert.equal(gone.status, 204);
      await alice.request({ method: 'DELETE', url: `/api/v1/members/${rep.userId}` });
      const kinds = new Set((await entries(alice)).map((e) => `${e.action} ${e.entity}`));
      for (const kind of [
        'create membership',
        'role-change membership',
        'delete membership',
        'settings-change workspace',
        'settings-change lifecycle-settings',
        'settings-change playbook',
        'merge customer',
        'assign customer',
        'delete customer',
      ])
        assert.ok(kinds.has(kind), `${kind} is recorded`);
      const [deletion] = await entries(alice, `&entity=customer&entityId=${c.id}&action=delete`);
      assert.deepEqual(deletion?.before, {
        kind: 'person',
        type: 'consumer',
        ownerId: rep.userId,
        version: 2,
      });
    });

    test('filters by time and pages newest first with a cursor', async () => {
      const all = await entries(alice);
      const first = await alice.request({ method: 'GET', url: '/api/v1/audit?limit=2&count=true' });
      assert.deepEqual(
        first.body.data.map((e: { id: string }) => e.id),
        all.slice(0, 2).map((e) => e.id),
      );
      assert.equal(first.body.total, all.length);
      const second = await alice.request({
        method: 'GET',
        url: `/api/v1/audit?limit=2&cursor=${first.body.nextCursor}`,
      });
      assert.deepEqual(
        second.body.data.map((e: { id: string }) => e.id),
        all.slice(2, 4).map((e) => e.id),
      );
      const middle = all[Math.floor(all.length / 2)] as { at: string };
      const later = await entries(alice, `&from=${encodeURIComponent(middle.at)}`);
      const earlier = await entries(alice, `&to=${encodeURIComponent(middle.at)}`);
      assert.equal(later.length + earlier.length, all.length);
      assert.ok(later.every((e) => e.at >= middle.at) && earlier.every((e) => e.at < middle.at));
      for (const bad of [
        'cursor=nope',
        'from=0000-01-01T00:00:00Z',
        'actor=me',
        'from=2026-01-02T00:00:00Z&to=2026-01-01T00:00:00Z',
      ]) {
        const res = await alice.request({ method: 'GET', url: `/api/v1/audit?${bad}` });
        assert.equal(res.status, 400, bad);
      }
    });

    test('only owners and admins read the trail or change its retention', async () => {
      const admin = await addMember(api, alice, 'admin');
      assert.equal((await admin.request({ method: 'GET', url: '/api/v1/audit' })).status, 200);
      for (const role of ['rep', 'manager', 'analyst']) {
        const member = await addMember(api, alice, role);
        assert.equal((await member.request({ method: 'GET', url: '/api/v1/audit' })).status, 403, role);
        const put = await member.request({
          method: 'PUT',
          url: '/api/v1/audit/settings',
          payload: { retentionDays: 60 },
        });
        assert.equal(put.status, 403, role);
      }
    });

    test('retention: the nightly prune deletes entries older than the workspace keeps, and only those', async () => {
      const bob = await signUp(api, 'Retention');
      const aliceBefore = (await entries(alice)).length;
      const defaults = await bob.request({ method: 'GET', url: '/api/v1/audit/settings' });
      assert.deepEqual(defaults.body, { retentionDays: 1095 });
      const tooShort = await bob.request({
        method: 'PUT',
        url: '/api/v1/audit/settings',
        payload: { retentionDays: 7 },
      });
      assert.equal(tooShort.status, 400);
      const set = await bob.request({
        method: 'PUT',
        url: '/api/v1/audit/settings',
        payload: { retentionDays: 90 },
      });
      assert.deepEqual(set.body, { retentionDays: 90 });
      const now = new Date('2030-06-01T00:00:00Z');
      const day = 86_400_000;
      await inWorkspace(api.database.db, bob.workspaceId, (tx) =>
        tx
          .insertInto('audit_log')
          .values(
            [89, 91, 400].map((days) => ({
              workspace_id: bob.workspaceId,
              at: new Date(now.getTime() - days * day),
              user_id: null,
              action: 'test',
              entity: 'test',
              entity_id: String(days),
            })),
          )
          .execute(),
      );
      // 91 and 400 days old, and the settings change recorded today (years before `now`).
      assert.equal(await pruneAudit(api.database.db, now, [bob.workspaceId]), 3);
      const left = await entries(bob);
      assert.deepEqual(
        left.map((e) => e.entityId),
        ['89'],
      );
      // Only the workspaces asked for: Alice's entries are all there.
      assert.equal((await entries(alice)).length, aliceBefore);
    });

    test('the nightly refresh applies the retention, once per workspace and day', async () => {
      const carol = await signUp(api, 'Nightly');
      const now = new Date('2031-03-01T12:00:00Z');
      await inWorkspace(api.database.db, carol.workspaceId, (tx) =>
        tx
          .insertInto('audit_log')
          .values({
            workspace_id: carol.workspaceId,
            at: new Date('2027-01-01T00:00:00Z'),
            user_id: null,
            action: 'test',
            entity: 'test',
            entity_id: 'old',
          })
          .execute(),
      );
      const runs = await runDueRefreshes(api.database.db, 0, now, [carol.workspaceId]);
      assert.equal(runs.length, 1);
      // Three years kept by default: an entry of January 2027 is gone by March 2031.
      assert.deepEqual(await entries(carol), []);
    });
  });
}
