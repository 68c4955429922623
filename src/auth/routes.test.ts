import assert from 'node:assert/strict';
import { randomInt } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { testClock } from '../../test/clock.js';
import { databaseTargets, signUp, startApi, type TestApi, uniqueEmail } from '../../test/support.js';
import { buildApp } from '../http/app.js';
import { createUser } from '../users/service.js';

// Addresses unique to this run: a PostgreSQL test database keeps the counters of earlier runs.
const uniqueIp = () => `10.${randomInt(256)}.${randomInt(256)}.${randomInt(256)}`;

for (const target of databaseTargets) {
  describe(`auth API on ${target.name}`, () => {
    let api: TestApi;
    const clock = testClock();
    before(async () => {
      api = await startApi(target.url, { clock: clock.now });
    });
    after(() => api.close());

    const login = (email: string, password: string, ip = uniqueIp()) =>
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
      const ip = uniqueIp();
      const wrong = await login(email, 'not the password', ip);
      const unknown = await login(uniqueEmail('nobody'), 'whatever', ip);
      assert.equal(wrong.statusCode, 401);
      assert.equal(unknown.statusCode, 401);
      assert.equal(wrong.json().detail, unknown.json().detail);
    });

    test('wrong guesses from another address never stop the real user signing in from theirs', async () => {
      const email = uniqueEmail('target');
      await createUser(api.database.db, { email, password: 'a good password' });
      const attacker = uniqueIp();
      for (let i = 0; i < 15; i++) await login(email, `guess ${i}`, attacker);
      assert.equal((await login(email, 'a good password', attacker)).statusCode, 429);
      assert.equal((await login(email, 'a good password', uniqueIp())).statusCode, 200);
    });

    test('past three failures each attempt waits twice as long: a 429 problem with Retry-After', async () => {
      const email = uniqueEmail('slow');
      await createUser(api.database.db, { email, password: 'a good password' });
      const ip = uniqueIp();
      for (let i = 0; i < 3; i++) assert.equal((await login(email, 'bad', ip)).statusCode, 401);
      const blocked = await login(email, 'a good password', ip);
      assert.equal(blocked.statusCode, 429);
      assert.equal(blocked.headers['retry-after'], '1');
      assert.equal(blocked.headers['content-type'], 'application/problem+json; charset=utf-8');
      assert.equal(blocked.json().type, 'https://clm.dev/problems/too-many-attempts');
      clock.advance(1000);
      assert.equal((await login(email, 'bad', ip)).statusCode, 401);
      // Four failures: 2 s.
      assert.equal((await login(email, 'a good password', ip)).headers['retry-after'], '2');
      clock.advance(2000);
      assert.equal((await login(email, 'a good password', ip)).statusCode, 200);
      // A success forgets the account's failures at that address.
      assert.equal((await login(email, 'bad', ip)).statusCode, 401);
      assert.equal((await login(email, 'a good password', ip)).statusCode, 200);
    });

    test('one address trying many accounts is slowed for all of them, other addresses are not', async () => {
      const ip = uniqueIp();
      for (let i = 0; i < 20; i++) await login(uniqueEmail('spray'), 'bad', ip);
      const email = uniqueEmail('victim');
      await createUser(api.database.db, { email, password: 'a good password' });
      assert.equal((await login(email, 'a good password', ip)).statusCode, 429);
      assert.equal((await login(email, 'a good password', uniqueIp())).statusCode, 200);
    });

    test('behind a trusted proxy, clients are told apart by X-Forwarded-For', async () => {
      const email = uniqueEmail('proxied');
      await createUser(api.database.db, { email, password: 'a good password' });
      const proxied = await buildApp(api.database, { clock: clock.now, trustProxy: '127.0.0.1' });
      try {
        const from = (client: string, password: string) =>
          proxied.inject({
            method: 'POST',
            url: '/api/v1/auth/login',
            payload: { email, password },
            remoteAddress: '127.0.0.1',
            headers: { 'x-forwarded-for': client },
          });
        const attacker = uniqueIp();
        for (let i = 0; i < 10; i++) await from(attacker, 'bad');
        assert.equal((await from(attacker, 'a good password')).statusCode, 429);
        assert.equal((await from(uniqueIp(), 'a good password')).statusCode, 200);
      } finally {
        await proxied.close();
      }
    });

    test('the counters survive a restart of the server', async () => {
      const email = uniqueEmail('restart');
      await createUser(api.database.db, { email, password: 'a good password' });
      const ip = uniqueIp();
      for (let i = 0; i < 8; i++) {
        // Past each wait, so that every guess is checked and counted.
        clock.advance(60_000);
        assert.equal((await login(email, 'bad', ip)).statusCode, 401);
      }
      const restarted = await buildApp(api.database, { clock: clock.now });
      try {
        const res = await restarted.inject({
          method: 'POST',
          url: '/api/v1/auth/login',
          payload: { email, password: 'a good password' },
          remoteAddress: ip,
        });
        assert.equal(res.statusCode, 429);
        // Eight failures: 2^5 = 32 s.
        assert.equal(res.headers['retry-after'], '32');
      } finally {
        await restarted.close();
      }
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
