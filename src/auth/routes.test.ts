import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { databaseTargets, signUp, startApi, type TestApi, uniqueEmail } from '../../test/support.js';
import { createUser } from '../users/service.js';

for (const target of databaseTargets) {
  describe(`auth API on ${target.name}`, () => {
    let api: TestApi;
    before(async () => {
      api = await startApi(target.url);
    });
    after(() => api.close());

    const login = (email: string, password: string, ip = '10.0.0.1') =>
      api.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { email, password },
        remoteAddress: ip,
      });

    test('login answers a bearer token that opens the API; the e-mail is case-insensitive', async () => {
      const email = uniqueEmail('login');
      await createUser(api.database.db, { email, password: 'a good password' });
      const res = await login(email.toUpperCase(), 'a good password');
      assert.equal(res.statusCode, 200);
      const me = await api.app.inject({
        method: 'GET',
        url: '/api/v1/auth/me',
        headers: { authorization: `Bearer ${res.json().token}` },
      });
      assert.equal(me.statusCode, 200);
      assert.equal(me.json().email, email);
    });

    test('a wrong password and an unknown e-mail get the same 401', async () => {
      const email = uniqueEmail('wrong');
      await createUser(api.database.db, { email, password: 'a good password' });
      const wrong = await login(email, 'not the password', '10.0.0.2');
      const unknown = await login(uniqueEmail('nobody'), 'whatever', '10.0.0.2');
      assert.equal(wrong.statusCode, 401);
      assert.equal(unknown.statusCode, 401);
      assert.equal(wrong.json().detail, unknown.json().detail);
    });

    test('the 11th failure within 15 minutes on one account is a 429 with Retry-After, even from new IPs', async () => {
      const email = uniqueEmail('locked');
      await createUser(api.database.db, { email, password: 'a good password' });
      for (let i = 0; i < 10; i++) assert.equal((await login(email, 'bad', `10.1.0.${i}`)).statusCode, 401);
      const blocked = await login(email, 'a good password', '10.1.1.1');
      assert.equal(blocked.statusCode, 429);
      assert.ok(Number(blocked.headers['retry-after']) > 0);
    });

    test('ten failures from one IP block that IP for every account', async () => {
      for (let i = 0; i < 10; i++) await login(uniqueEmail('spray'), 'bad', '10.2.0.1');
      const email = uniqueEmail('victim');
      await createUser(api.database.db, { email, password: 'a good password' });
      assert.equal((await login(email, 'a good password', '10.2.0.1')).statusCode, 429);
      assert.equal((await login(email, 'a good password', '10.2.0.2')).statusCode, 200);
    });

    test('requests without a valid token are 401 problems', async () => {
      for (const authorization of [undefined, 'Bearer nope', 'Basic abc']) {
        const res = await api.app.inject({
          method: 'GET',
          url: '/api/v1/customers',
          headers: authorization ? { authorization } : {},
        });
        assert.equal(res.statusCode, 401);
        assert.equal(res.headers['content-type'], 'application/problem+json; charset=utf-8');
      }
    });

    test('personal tokens are created, listed, used and revoked; logout ends a session', async () => {
      const me = await signUp(api);
      const created = await me.request({
        method: 'POST',
        url: '/api/v1/auth/tokens',
        payload: { name: 'script' },
      });
      assert.equal(created.status, 201);
      const personal = created.body.token as string;
      const listed = await me.request({ method: 'GET', url: '/api/v1/auth/tokens' });
      assert.deepEqual(
        listed.body.data.map((t: { name: string }) => t.name),
        ['script'],
      );
      assert.ok(!JSON.stringify(listed.body).includes(personal), 'a listed token never shows its secret');
      const use = (token: string) =>
        api.app.inject({
          method: 'GET',
          url: '/api/v1/workspaces',
          headers: { authorization: `Bearer ${token}` },
        });
      assert.equal((await use(personal)).statusCode, 200);
      const revoked = await me.request({ method: 'DELETE', url: `/api/v1/auth/tokens/${created.body.id}` });
      assert.equal(revoked.status, 204);
      assert.equal((await use(personal)).statusCode, 401);

      assert.equal((await me.request({ method: 'POST', url: '/api/v1/auth/logout' })).status, 204);
      assert.equal((await use(me.token)).statusCode, 401);
    });

    test('a user who is not a member gets 404 for a workspace, even one that exists', async () => {
      const owner = await signUp(api);
      const stranger = await signUp(api);
      const res = await stranger.request({
        method: 'GET',
        url: '/api/v1/workspace',
        headers: { 'clm-workspace': owner.workspaceId },
      });
      assert.equal(res.status, 404);
      const list = await stranger.request({ method: 'GET', url: '/api/v1/workspaces' });
      assert.deepEqual(
        list.body.data.map((w: { id: string }) => w.id),
        [stranger.workspaceId],
      );
    });
  });
}
