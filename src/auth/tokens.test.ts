import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { testClock } from '../../test/clock.js';
import { databaseTargets, type Session, signUp, startApi, type TestApi } from '../../test/support.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

for (const target of databaseTargets) {
  describe(`token lifetimes on ${target.name}`, () => {
    let api: TestApi;
    const clock = testClock();
    before(async () => {
      api = await startApi(target.url, { clock: clock.now });
    });
    after(() => api.close());

    const use = (token: string) =>
      api.app.inject({
        method: 'GET',
        url: '/api/v1/auth/me',
        headers: { authorization: `Bearer ${token}` },
      });
    const createToken = (me: Session, payload: Record<string, unknown>) =>
      me.request({ method: 'POST', url: '/api/v1/auth/tokens', payload: { name: 'script', ...payload } });

    test('a personal token expires after 90 days unless another date is asked for', async () => {
      const me = await signUp(api);
      const created = await createToken(me, {});
      assert.equal(created.status, 201);
      assert.equal(created.body.expiresAt, new Date(clock.now().getTime() + 90 * DAY).toISOString());
      clock.advance(90 * DAY - HOUR);
      assert.equal((await use(created.body.token)).statusCode, 200);
      clock.advance(2 * HOUR);
      assert.equal((await use(created.body.token)).statusCode, 401);
    });

    test('an expiry in the past or more than a year ahead is a 400 naming expiresAt', async () => {
      const me = await signUp(api);
      const now = clock.now().getTime();
      for (const expiresAt of [
        new Date(now - 1000).toISOString(),
        new Date(now + 366 * DAY).toISOString(),
        '9999-12-31T00:00:00Z',
      ]) {
        const res = await createToken(me, { expiresAt });
        assert.equal(res.status, 400, expiresAt);
        assert.equal(res.body.errors[0].path, 'body.expiresAt');
      }
      // Dates far out get the range every date of the API has, not a check of their own.
      const farOut = await createToken(me, { expiresAt: '9999-12-31T00:00:00Z' });
      assert.equal(farOut.body.errors[0].message, 'must be between 1900-01-01 and 2999-12-31');
      const tokens = await me.request({ method: 'GET', url: '/api/v1/auth/tokens' });
      assert.deepEqual(tokens.body.data, [], 'nothing was created');
      const inAYear = await createToken(me, { expiresAt: new Date(now + 365 * DAY).toISOString() });
      assert.equal(inAYear.status, 201);
    });

    test('a session ends after 12 hours without a request', async () => {
      const me = await signUp(api);
      clock.advance(12 * HOUR + 60_000);
      assert.equal((await use(me.token)).statusCode, 401);
    });

    test('a session in use stays signed in past 12 hours, but not past 30 days', async () => {
      const me = await signUp(api);
      // A request every 8 hours for 29 days and 16 hours.
      for (let i = 0; i < 89; i++) {
        clock.advance(8 * HOUR);
        assert.equal((await use(me.token)).statusCode, 200, `after ${(i + 1) * 8} h`);
      }
      clock.advance(8 * HOUR + 60_000);
      assert.equal((await use(me.token)).statusCode, 401);
    });

    test('the last use is written at most once a minute, not on every request', async () => {
      const me = await signUp(api);
      const lastUsed = async () =>
        (
          await api.database.db
            .selectFrom('auth_tokens')
            .select('last_used_at')
            .where('user_id', '=', me.userId)
            .executeTakeFirstOrThrow()
        ).last_used_at?.getTime();
      const signedIn = await lastUsed();
      // Past the 10 s cache of callers, so that each request reads the token.
      clock.advance(20_000);
      await use(me.token);
      clock.advance(20_000);
      await use(me.token);
      assert.equal(await lastUsed(), signedIn);
      clock.advance(30_000);
      await use(me.token);
      assert.equal(await lastUsed(), clock.now().getTime());
    });
  });
}
