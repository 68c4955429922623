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
  describe(`PATCH /me on ${target.name}`, () => {
    let api: TestApi;
    let alice: Session;
    let bob: Session;
    before(async () => {
      api = await startApi(target.url);
      alice = await signUp(api, 'Preferences');
      bob = await addMember(api, alice, 'rep');
    });
    after(() => api.close());

    const me = async (session: Session) =>
      (await session.request({ method: 'GET', url: '/api/v1/auth/me' })).body;

    test('the language is remembered on the account, for this user only', async () => {
      const res = await alice.request({ method: 'PATCH', url: '/api/v1/me', payload: { locale: 'zh-CN' } });
      assert.equal(res.status, 200, JSON.stringify(res.body));
      assert.equal(res.body.locale, 'zh-CN');
      assert.equal((await me(alice)).locale, 'zh-CN');
      assert.equal((await me(bob)).locale, 'en');
    });

    test('the name can be changed too; an empty patch changes nothing', async () => {
      const renamed = await bob.request({ method: 'PATCH', url: '/api/v1/me', payload: { name: ' Bo Li ' } });
      assert.equal(renamed.body.name, 'Bo Li');
      const same = await bob.request({ method: 'PATCH', url: '/api/v1/me', payload: {} });
      assert.deepEqual(same.body, renamed.body);
    });

    test('an unknown language or field is a 400 naming it, and nothing is stored', async () => {
      const res = await alice.request({
        method: 'PATCH',
        url: '/api/v1/me',
        payload: { locale: 'fr', name: 'Changed' },
      });
      assert.equal(res.status, 400);
      assert.deepEqual(
        res.body.errors.map((e: { path: string }) => e.path),
        ['body.locale'],
      );
      const extra = await alice.request({ method: 'PATCH', url: '/api/v1/me', payload: { email: 'x@y.z' } });
      assert.equal(extra.status, 400);
      const now = await me(alice);
      assert.deepEqual([now.locale, now.name === 'Changed'], ['zh-CN', false]);
    });

    test('without a token it is a 401', async () => {
      const res = await api.app.inject({ method: 'PATCH', url: '/api/v1/me', payload: { locale: 'en' } });
      assert.equal(res.statusCode, 401);
    });
  });

  describe(`/me/preferences on ${target.name}`, () => {
    let api: TestApi;
    let alice: Session;
    let bob: Session;
    before(async () => {
      api = await startApi(target.url);
      alice = await signUp(api, 'Columns');
      bob = await addMember(api, alice, 'rep');
    });
    after(() => api.close());

    const preferences = async (session: Session) =>
      (await session.request({ method: 'GET', url: '/api/v1/me/preferences' })).body;
    const patch = (session: Session, payload: object) =>
      session.request({ method: 'PATCH', url: '/api/v1/me/preferences', payload });

    test('nothing is chosen at first: each screen keeps its default', async () => {
      assert.deepEqual(await preferences(alice), {});
    });

    test('the customer columns are kept, in their order, for this user only', async () => {
      const res = await patch(alice, { customerColumns: ['churnRisk', 'phone', 'owner'] });
      assert.equal(res.status, 200, JSON.stringify(res.body));
      assert.deepEqual(res.body, { customerColumns: ['churnRisk', 'phone', 'owner'] });
      assert.deepEqual(await preferences(alice), { customerColumns: ['churnRisk', 'phone', 'owner'] });
      assert.deepEqual(await preferences(bob), {});
    });

    test('an empty patch keeps what was chosen; null forgets it', async () => {
      assert.deepEqual((await patch(alice, {})).body, { customerColumns: ['churnRisk', 'phone', 'owner'] });
      assert.deepEqual((await patch(alice, { customerColumns: null })).body, {});
    });

    test('an unknown column, a column twice or an unknown key is a 400 naming it, and nothing is stored', async () => {
      await patch(bob, { customerColumns: ['phone'] });
      for (const [payload, path] of [
        [{ customerColumns: ['phone', 'shoeSize'] }, 'body.customerColumns.1'],
        [{ customerColumns: ['phone', 'phone'] }, 'body.customerColumns'],
        [{ theme: 'dark' }, 'body.theme'],
      ] as const) {
        const res = await patch(bob, payload);
        assert.equal(res.status, 400, JSON.stringify(payload));
        assert.deepEqual(
          res.body.errors.map((e: { path: string }) => e.path),
          [path],
          JSON.stringify(payload),
        );
      }
      assert.deepEqual(await preferences(bob), { customerColumns: ['phone'] });
    });

    test('saved customer views are kept beside the columns, and a view name twice is a 400', async () => {
      const views = [
        { name: 'At risk A', search: { segment: 'At Risk', abc: 'A', sort: '-churnRisk' } },
        { name: 'Mine', search: { owner: bob.userId, rScore: 5 } },
      ];
      const res = await patch(bob, { customerViews: views });
      assert.equal(res.status, 200, JSON.stringify(res.body));
      assert.deepEqual(await preferences(bob), { customerColumns: ['phone'], customerViews: views });
      const twice = await patch(bob, { customerViews: [views[0], { ...views[1], name: 'At risk A' }] });
      assert.equal(twice.status, 400);
      assert.deepEqual(
        twice.body.errors.map((e: { path: string }) => e.path),
        ['body.customerViews'],
      );
    });

    test('a stored choice this version cannot read is the default again, rather than a failed read', async () => {
      await api.database.db
        .updateTable('users')
        .set({ preferences: JSON.stringify({ customerColumns: ['phone', 'fax'], old: 1 }) })
        .where('id', '=', bob.userId)
        .execute();
      assert.deepEqual(await preferences(bob), {});
    });
  });
}
