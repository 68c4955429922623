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

for (const target of databaseTargets) {
  describe(`teams API on ${target.name}`, () => {
    let api: TestApi;
    let owner: Session;
    let other: Session;
    before(async () => {
      api = await startApi(target.url);
      owner = await signUp(api);
      other = await signUp(api, 'Other workspace');
    });
    after(() => api.close());

    const create = (session: Session, name: unknown) =>
      session.request({ method: 'POST', url: '/api/v1/teams', payload: { name } });

    test('create answers 201 with the team; the list is ordered by name', async () => {
      const east = await create(owner, ' East ');
      assert.equal(east.status, 201);
      assert.equal(east.body.name, 'East');
      assert.equal(east.headers.location, `/api/v1/teams/${east.body.id}`);
      await create(owner, 'Central');
      const list = await owner.request({ method: 'GET', url: '/api/v1/teams' });
      assert.deepEqual(
        list.body.data.map((t: { name: string }) => t.name),
        ['Central', 'East'],
      );
    });

    test('a name is required, and taken names are 409 on create and on rename', async () => {
      const empty = await create(owner, '');
      assert.equal(empty.status, 400);
      assert.deepEqual(
        empty.body.errors.map((e: { path: string }) => e.path),
        ['body.name'],
      );
      await create(owner, 'Taken');
      assert.equal((await create(owner, 'Taken')).status, 409);
      // Names are unique per workspace only.
      assert.equal((await create(other, 'Taken')).status, 201);
      const free = await create(owner, 'Free');
      const rename = await owner.request({
        method: 'PATCH',
        url: `/api/v1/teams/${free.body.id}`,
        payload: { name: 'Taken' },
      });
      assert.equal(rename.status, 409);
    });

    test('rename answers the renamed team', async () => {
      const team = await create(owner, 'Old name');
      const res = await owner.request({
        method: 'PATCH',
        url: `/api/v1/teams/${team.body.id}`,
        payload: { name: 'New name' },
      });
      assert.equal(res.status, 200);
      assert.deepEqual(res.body, { ...team.body, name: 'New name' });
    });

    test('deleting a team keeps its members, without a team', async () => {
      const team = await create(owner, 'Short-lived');
      const rep = await addMember(api, owner, 'rep');
      await owner.request({
        method: 'PATCH',
        url: `/api/v1/members/${rep.userId}`,
        payload: { teamId: team.body.id },
      });
      assert.equal(
        (await owner.request({ method: 'DELETE', url: `/api/v1/teams/${team.body.id}` })).status,
        204,
      );
      const members = await owner.request({ method: 'GET', url: '/api/v1/members?limit=500' });
      const member = members.body.data.find((m: { userId: string }) => m.userId === rep.userId);
      assert.equal(member.teamId, null);
      assert.equal(
        (await owner.request({ method: 'DELETE', url: `/api/v1/teams/${team.body.id}` })).status,
        404,
      );
    });

    test('teams of another workspace are 404', async () => {
      const team = await create(owner, 'Private team');
      const url = `/api/v1/teams/${team.body.id}`;
      assert.equal((await other.request({ method: 'PATCH', url, payload: { name: 'Mine' } })).status, 404);
      assert.equal((await other.request({ method: 'DELETE', url })).status, 404);
      const list = await other.request({ method: 'GET', url: '/api/v1/teams' });
      assert.ok(!list.body.data.some((t: { id: string }) => t.id === team.body.id));
    });

    test('managers, reps and analysts get 403 on every teams route', async () => {
      const team = await create(owner, 'Guarded');
      const url = `/api/v1/teams/${team.body.id}`;
      for (const role of ['manager', 'rep', 'analyst']) {
        const member = await addMember(api, owner, role);
        assert.equal((await member.request({ method: 'GET', url: '/api/v1/teams' })).status, 403, role);
        assert.equal((await create(member, `By ${role}`)).status, 403, role);
        assert.equal(
          (await member.request({ method: 'PATCH', url, payload: { name: 'X' } })).status,
          403,
          role,
        );
        assert.equal((await member.request({ method: 'DELETE', url })).status, 403, role);
      }
      const admin = await addMember(api, owner, 'admin');
      assert.equal((await create(admin, 'By admin')).status, 201);
    });
  });
}
