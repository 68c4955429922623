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
}
