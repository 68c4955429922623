import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  addMember,
  databaseTargets,
  linkToken,
  type Session,
  signUp,
  startApi,
  type TestApi,
  testSource,
  uniqueEmail,
} from '../../test/support.js';
import { inWorkspace } from '../db/tenant.js';

const PASSWORD = 'correct horse battery';

for (const target of databaseTargets) {
  describe(`members API on ${target.name}`, () => {
    let api: TestApi;
    let owner: Session;
    let other: Session;
    before(async () => {
      api = await startApi(target.url);
      owner = await signUp(api);
      other = await signUp(api, 'Other workspace');
    });
    after(() => api.close());

    const post = (session: Session, payload: Record<string, unknown>) =>
      session.request({ method: 'POST', url: '/api/v1/members', payload });
    const invite = (session: Session, payload: Record<string, unknown>) =>
      session.request({ method: 'POST', url: '/api/v1/invitations', payload });
    const patch = (session: Session, userId: string, payload: Record<string, unknown>) =>
      session.request({ method: 'PATCH', url: `/api/v1/members/${userId}`, payload });
    const remove = (session: Session, userId: string) =>
      session.request({ method: 'DELETE', url: `/api/v1/members/${userId}` });

    test('POST /members with a password creates no account: members join by invitation only', async () => {
      // Before invitations, any workspace owner could create a global account with a password of their
      // choosing for someone else's e-mail, and sign in as that person later.
      const email = uniqueEmail('victim');
      const res = await post(owner, { email, role: 'rep', name: 'Victim', password: PASSWORD });
      assert.equal(res.status, 404);
      const login = await api.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { email, password: PASSWORD },
        remoteAddress: testSource(),
      });
      assert.equal(login.statusCode, 401);
      const invitation = await owner.request({
        method: 'POST',
        url: '/api/v1/invitations',
        payload: { email, role: 'rep', password: PASSWORD },
      });
      assert.equal(invitation.status, 400);
      assert.deepEqual(
        invitation.body.errors.map((e: { path: string }) => e.path),
        ['body.password'],
      );
    });

    test('a role outside the five is a 400 naming body.role, on add and on change', async () => {
      const bad = await owner.request({
        method: 'POST',
        url: '/api/v1/invitations',
        payload: { email: uniqueEmail(), role: 'superuser' },
      });
      assert.equal(bad.status, 400);
      assert.deepEqual(
        bad.body.errors.map((e: { path: string }) => e.path),
        ['body.role'],
      );
      const rep = await addMember(api, owner, 'rep');
      const change = await patch(owner, rep.userId, { role: 'root' });
      assert.equal(change.status, 400);
      assert.deepEqual(
        change.body.errors.map((e: { path: string }) => e.path),
        ['body.role'],
      );
    });

    test('list shows every member with e-mail, name, role and team, paged in joining order', async () => {
      const analyst = await addMember(api, owner, 'analyst');
      const all = await owner.request({ method: 'GET', url: '/api/v1/members?count=true&limit=500' });
      assert.equal(all.status, 200);
      assert.equal(all.body.total, all.body.data.length);
      assert.equal(all.body.data[0].userId, owner.userId);
      assert.equal(all.body.data[0].role, 'owner');
      assert.ok(
        all.body.data.some(
          (m: { userId: string; role: string }) => m.userId === analyst.userId && m.role === 'analyst',
        ),
      );
      const ids: string[] = [];
      let cursor: string | null = null;
      do {
        const url: string = `/api/v1/members?limit=2${cursor ? `&cursor=${cursor}` : ''}`;
        const page = await owner.request({ method: 'GET', url });
        ids.push(...page.body.data.map((m: { userId: string }) => m.userId));
        cursor = page.body.nextCursor;
      } while (cursor);
      assert.deepEqual(
        ids,
        all.body.data.map((m: { userId: string }) => m.userId),
      );
      const analysts = await owner.request({ method: 'GET', url: '/api/v1/members?role=analyst' });
      assert.ok(analysts.body.data.every((m: { role: string }) => m.role === 'analyst'));
    });

    test('managers, reps and analysts get 403 on every members route', async () => {
      const target = await addMember(api, owner, 'rep');
      for (const role of ['manager', 'rep', 'analyst']) {
        const member = await addMember(api, owner, role);
        assert.equal((await member.request({ method: 'GET', url: '/api/v1/members' })).status, 403, role);
        assert.equal((await invite(member, { email: uniqueEmail(), role: 'rep' })).status, 403, role);
        assert.equal((await patch(member, target.userId, { role: 'manager' })).status, 403, role);
        assert.equal((await remove(member, target.userId)).status, 403, role);
      }
    });

    test('a role change takes effect on the next request and is audited with before and after', async () => {
      const member = await addMember(api, owner, 'analyst');
      assert.equal(
        (await member.request({ method: 'POST', url: '/api/v1/customers', payload: { name: 'X' } })).status,
        403,
      );
      const res = await patch(owner, member.userId, { role: 'rep' });
      assert.equal(res.status, 200);
      assert.equal(res.body.role, 'rep');
      assert.equal(
        (await member.request({ method: 'POST', url: '/api/v1/customers', payload: { name: 'X' } })).status,
        201,
      );
      const entries = await auditOf(api, owner.workspaceId, member.userId);
      const roleOf = (member: unknown) => (member as { role: string }).role;
      const changes = entries
        .filter((e) => e.action === 'role-change')
        .map((e) => [roleOf(e.before), roleOf(e.after)]);
      assert.deepEqual(changes, [['analyst', 'rep']]);
    });

    test('only an owner grants or removes the owner role; an admin gets 403', async () => {
      const admin = await addMember(api, owner, 'admin');
      const rep = await addMember(api, owner, 'rep');
      assert.equal((await patch(admin, rep.userId, { role: 'owner' })).status, 403);
      assert.equal((await invite(admin, { email: uniqueEmail(), role: 'owner' })).status, 403);
      assert.equal((await patch(admin, owner.userId, { role: 'admin' })).status, 403);
      assert.equal((await remove(admin, owner.userId)).status, 403);
      assert.equal((await patch(admin, rep.userId, { role: 'manager' })).status, 200);
    });

    test('the last owner can be neither demoted nor removed (409); with a second owner both work', async () => {
      const solo = await signUp(api, 'Solo workspace');
      assert.equal((await patch(solo, solo.userId, { role: 'admin' })).status, 409);
      assert.equal((await remove(solo, solo.userId)).status, 409);
      const second = await addMember(api, solo, 'owner');
      assert.equal((await patch(solo, solo.userId, { role: 'admin' })).status, 200);
      assert.equal((await patch(solo, second.userId, { role: 'rep' })).status, 403);
      assert.equal((await remove(second, solo.userId)).status, 204);
      assert.equal((await remove(second, second.userId)).status, 409);
    });

    test('a deactivated member is refused here at once, keeps their other workspaces, and is back when reactivated', async () => {
      const rep = await addMember(api, owner, 'rep');
      const email = (await rep.request({ method: 'GET', url: '/api/v1/auth/me' })).body.email;
      const elsewhere = await invite(other, { email, role: 'analyst' });
      const joined = await rep.request({
        method: 'POST',
        url: '/api/v1/invitations/accept',
        payload: { token: linkToken(elsewhere.body.link) },
      });
      assert.equal(joined.status, 200);
      const customers = (session: Session, workspace = session.workspaceId) =>
        session.request({ method: 'GET', url: '/api/v1/customers', headers: { 'clm-workspace': workspace } });
      assert.equal((await customers(rep)).status, 200);

      const off = await patch(owner, rep.userId, { active: false });
      assert.equal(off.status, 200);
      assert.equal(off.body.active, false);
      assert.equal((await customers(rep)).status, 404);
      assert.equal((await customers(rep, other.workspaceId)).status, 200);
      const list = await owner.request({ method: 'GET', url: '/api/v1/members?limit=500' });
      assert.equal(list.body.data.find((m: { userId: string }) => m.userId === rep.userId).active, false);

      assert.equal((await patch(owner, rep.userId, { active: true })).body.active, true);
      assert.equal((await customers(rep)).status, 200);
      const actions = (await auditOf(api, owner.workspaceId, rep.userId)).map((e) => e.action);
      assert.deepEqual(actions.slice(-2), ['deactivate', 'reactivate']);
    });

    test('deactivation leaves an active owner: not the last one, not by an admin, not oneself', async () => {
      const solo = await signUp(api, 'Deactivation workspace');
      const second = await addMember(api, solo, 'owner');
      const admin = await addMember(api, solo, 'admin');
      assert.equal((await patch(admin, second.userId, { active: false })).status, 403);
      assert.equal((await patch(solo, solo.userId, { active: false })).status, 409);
      assert.equal((await patch(solo, second.userId, { active: false })).status, 200);
      assert.equal((await patch(admin, second.userId, { active: true })).status, 403);
      // The deactivated owner does not count: solo is now the last active owner.
      assert.equal((await patch(solo, solo.userId, { role: 'admin' })).status, 409);
      assert.equal((await remove(solo, solo.userId)).status, 409);
      assert.equal((await patch(admin, admin.userId, { active: false })).status, 409);
      assert.equal((await patch(solo, admin.userId, { active: false })).status, 200);
      assert.equal((await admin.request({ method: 'GET', url: '/api/v1/members' })).status, 404);
    });

    test('a removed member loses access to the workspace at once', async () => {
      const rep = await addMember(api, owner, 'rep');
      assert.equal((await remove(owner, rep.userId)).status, 204);
      assert.equal((await rep.request({ method: 'GET', url: '/api/v1/customers' })).status, 404);
      assert.equal((await remove(owner, rep.userId)).status, 404);
    });

    test("a team of this workspace can be set and cleared; another workspace's team is 400", async () => {
      const rep = await addMember(api, owner, 'rep');
      const team = await owner.request({ method: 'POST', url: '/api/v1/teams', payload: { name: 'North' } });
      const foreign = await other.request({
        method: 'POST',
        url: '/api/v1/teams',
        payload: { name: 'South' },
      });
      const set = await patch(owner, rep.userId, { teamId: team.body.id });
      assert.equal(set.status, 200);
      assert.equal(set.body.teamId, team.body.id);
      const bad = await patch(owner, rep.userId, { teamId: foreign.body.id });
      assert.equal(bad.status, 400);
      assert.deepEqual(
        bad.body.errors.map((e: { path: string; code: string }) => [e.path, e.code]),
        [['body.teamId', 'not_in_workspace']],
      );
      assert.equal((await patch(owner, rep.userId, { teamId: null })).body.teamId, null);
    });

    test('members of another workspace are 404', async () => {
      assert.equal((await patch(owner, other.userId, { role: 'rep' })).status, 404);
      assert.equal((await remove(owner, other.userId)).status, 404);
    });
  });
}

async function auditOf(api: TestApi, workspaceId: string, userId: string) {
  return inWorkspace(api.database.db, workspaceId, (tx) =>
    tx
      .selectFrom('audit_log')
      .select(['action', 'before', 'after'])
      .where('entity', '=', 'membership')
      .where('entity_id', '=', userId)
      .orderBy('id')
      .execute(),
  );
}
