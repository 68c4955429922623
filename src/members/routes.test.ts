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
  uniqueEmail,
} from '../../test/support.js';
import { inWorkspace } from '../db/tenant.js';
import { createUser } from '../users/service.js';

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
    const patch = (session: Session, userId: string, payload: Record<string, unknown>) =>
      session.request({ method: 'PATCH', url: `/api/v1/members/${userId}`, payload });
    const remove = (session: Session, userId: string) =>
      session.request({ method: 'DELETE', url: `/api/v1/members/${userId}` });

    test('a new e-mail with a password creates the account, which can then sign in', async () => {
      const email = uniqueEmail('new');
      const res = await post(owner, {
        email: email.toUpperCase(),
        role: 'rep',
        name: '李娜',
        password: PASSWORD,
      });
      assert.equal(res.status, 201);
      assert.equal(res.body.email, email);
      assert.equal(res.body.name, '李娜');
      assert.equal(res.body.role, 'rep');
      assert.equal(res.body.teamId, null);
      const rep = await logIn(api, email, PASSWORD, owner.workspaceId);
      assert.equal(rep.userId, res.body.userId);
      assert.equal((await rep.request({ method: 'GET', url: '/api/v1/customers' })).status, 200);
    });

    test('an existing account is added by e-mail alone; adding it twice is 409', async () => {
      const email = uniqueEmail('existing');
      const user = await createUser(api.database.db, { email, password: PASSWORD, name: 'Existing' });
      const res = await post(owner, { email, role: 'manager' });
      assert.equal(res.status, 201);
      assert.equal(res.body.userId, user.id);
      assert.equal(res.body.name, 'Existing');
      assert.equal((await post(owner, { email, role: 'rep' })).status, 409);
      // Another workspace may add the same person: an account is one person across workspaces.
      assert.equal((await post(other, { email, role: 'analyst' })).status, 201);
    });

    test('a password for an existing account is 409; a new e-mail without one is 400 naming body.password', async () => {
      const email = uniqueEmail('existing');
      await createUser(api.database.db, { email, password: PASSWORD });
      assert.equal(
        (await post(owner, { email, role: 'rep', password: 'something else entirely' })).status,
        409,
      );
      const missing = await post(owner, { email: uniqueEmail('nobody'), role: 'rep' });
      assert.equal(missing.status, 400);
      assert.deepEqual(
        missing.body.errors.map((e: { path: string }) => e.path),
        ['body.password'],
      );
    });

    test('a role outside the five is a 400 naming body.role, on add and on change', async () => {
      const bad = await post(owner, { email: uniqueEmail(), role: 'superuser', password: PASSWORD });
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
        assert.equal(
          (await post(member, { email: uniqueEmail(), role: 'rep', password: PASSWORD })).status,
          403,
          role,
        );
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
      assert.equal(
        (await post(admin, { email: uniqueEmail(), role: 'owner', password: PASSWORD })).status,
        403,
      );
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
        bad.body.errors.map((e: { path: string }) => e.path),
        ['body.teamId'],
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
