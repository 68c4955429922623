import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { databaseTargets, startApi, type TestApi, testSource, uniqueEmail } from '../../test/support.js';
import { createUser } from '../users/service.js';

/** `name=value` of each Set-Cookie, and its attributes in lower case. */
function cookiesOf(header: string | string[] | undefined) {
  const lines = Array.isArray(header) ? header : header ? [header] : [];
  return new Map(
    lines.map((line) => {
      const [pair, ...attributes] = line.split(';').map((p) => p.trim());
      const [name, value] = pair.split('=');
      return [name, { value, attributes: attributes.map((a) => a.toLowerCase()) }];
    }),
  );
}

for (const target of databaseTargets) {
  describe(`web session cookie on ${target.name}`, () => {
    let api: TestApi;
    before(async () => {
      api = await startApi(target.url);
    });
    after(() => api.close());

    async function signIn() {
      const email = uniqueEmail('web');
      await createUser(api.database.db, { email, password: 'a good password' });
      const res = await api.app.inject({
        method: 'POST',
        url: '/api/v1/auth/session',
        payload: { email, password: 'a good password' },
        remoteAddress: testSource(),
      });
      assert.equal(res.statusCode, 200);
      const cookies = cookiesOf(res.headers['set-cookie']);
      const session = cookies.get('clm_session');
      const csrf = cookies.get('clm_csrf');
      assert.ok(session && csrf);
      return { res, session, csrf, cookie: `clm_session=${session.value}; clm_csrf=${csrf.value}` };
    }

    test('signing in for the web sets an httpOnly, SameSite=Strict session cookie and a readable CSRF cookie', async () => {
      const { res, session, csrf } = await signIn();
      assert.deepEqual(Object.keys(res.json()), ['csrfToken'], 'no token in the answer');
      assert.equal(res.json().csrfToken, csrf.value);
      assert.ok(session.attributes.includes('httponly'));
      assert.ok(session.attributes.includes('samesite=strict'));
      assert.ok(session.attributes.includes('path=/'));
      assert.ok(!csrf.attributes.includes('httponly'), 'the page reads the CSRF token');
      assert.ok(csrf.attributes.includes('samesite=strict'));
    });

    test('the cookie signs reads in; a change needs the CSRF header of that very session', async () => {
      const { cookie, csrf } = await signIn();
      const other = await signIn();
      const me = await api.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie } });
      assert.equal(me.statusCode, 200);
      const create = (headers: Record<string, string>) =>
        api.app.inject({ method: 'POST', url: '/api/v1/workspaces', payload: { name: 'Web' }, headers });
      const without = await create({ cookie });
      assert.equal(without.statusCode, 403);
      assert.equal(without.json().type, 'https://clm.dev/problems/csrf');
      assert.equal((await create({ cookie, 'x-csrf-token': other.csrf.value })).statusCode, 403);
      assert.equal((await create({ cookie, 'x-csrf-token': csrf.value })).statusCode, 201);
    });

    test('bearer tokens need no CSRF header, even when a cookie is also sent', async () => {
      const { cookie } = await signIn();
      const email = uniqueEmail('api');
      await createUser(api.database.db, { email, password: 'a good password' });
      const login = await api.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { email, password: 'a good password' },
        remoteAddress: testSource(),
      });
      assert.deepEqual(Object.keys(login.json()), ['token']);
      assert.equal(login.headers['set-cookie'], undefined, 'an API client gets no cookie');
      const res = await api.app.inject({
        method: 'POST',
        url: '/api/v1/workspaces',
        payload: { name: 'Scripted' },
        headers: { authorization: `Bearer ${login.json().token}`, cookie },
      });
      assert.equal(res.statusCode, 201);
      const me = await api.app.inject({
        method: 'GET',
        url: '/api/v1/auth/me',
        headers: { authorization: `Bearer ${login.json().token}`, cookie },
      });
      assert.equal(me.json().email, email, 'the bearer token, not the cookie, says who calls');
    });

    test('signing out clears both cookies and ends the session on the server', async () => {
      const { cookie, csrf } = await signIn();
      const out = await api.app.inject({
        method: 'POST',
        url: '/api/v1/auth/logout',
        headers: { cookie, 'x-csrf-token': csrf.value },
      });
      assert.equal(out.statusCode, 204);
      const cleared = cookiesOf(out.headers['set-cookie']);
      for (const name of ['clm_session', 'clm_csrf']) {
        const c = cleared.get(name);
        assert.equal(c?.value, '', name);
        assert.ok(
          c?.attributes.some((a) => a.startsWith('expires=thu, 01 jan 1970')),
          name,
        );
      }
      const me = await api.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie } });
      assert.equal(me.statusCode, 401);
    });
  });
}
