import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { generate } from 'otplib';
import { testClock } from '../../test/clock.js';
import {
  addMember,
  databaseTargets,
  type Session,
  signUp,
  startApi,
  type TestApi,
  testSource,
} from '../../test/support.js';
import { sealPlaintextSecrets } from './mfa.js';
import { sealSecret } from './sealed-secret.js';

const PASSWORD = 'correct horse battery';

for (const target of databaseTargets) {
  describe(`two-step sign-in on ${target.name}`, () => {
    let api: TestApi;
    const clock = testClock();
    before(async () => {
      api = await startApi(target.url, { clock: clock.now });
    });
    after(() => api.close());

    const codeAt = (secret: string, ms = clock.now().getTime()) =>
      generate({ secret, epoch: Math.floor(ms / 1000) });
    const emailOf = async (me: Session) =>
      (await me.request({ method: 'GET', url: '/api/v1/auth/me' })).body.email;
    const login = (email: string, code?: string) =>
      api.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { email, password: PASSWORD, code },
        remoteAddress: testSource(),
      });

    const wrongCode = (right: string) => (right === '000000' ? '111111' : '000000');

    /** Turns two-step sign-in on for `me`; answers the secret and the recovery codes. */
    async function enrol(me: Session) {
      const started = await me.request({ method: 'POST', url: '/api/v1/auth/mfa/enrolment' });
      assert.equal(started.status, 200);
      const { secret, otpauthUri } = started.body;
      assert.match(otpauthUri, /^otpauth:\/\/totp\/CLM:.+\?secret=[A-Z2-7]+&issuer=CLM$/);
      const confirmed = await me.request({
        method: 'POST',
        url: '/api/v1/auth/mfa/confirmation',
        payload: { code: await codeAt(secret) },
      });
      assert.equal(confirmed.status, 200);
      // Past the step of the confirming code, so that the next code is new.
      clock.advance(30_000);
      return { secret: secret as string, recoveryCodes: confirmed.body.recoveryCodes as string[] };
    }

    test('an enrolment counts only once a code confirms it; a wrong code changes nothing', async () => {
      const me = await signUp(api);
      const started = await me.request({ method: 'POST', url: '/api/v1/auth/mfa/enrolment' });
      const wrong = await me.request({
        method: 'POST',
        url: '/api/v1/auth/mfa/confirmation',
        payload: { code: '000000' === (await codeAt(started.body.secret)) ? '111111' : '000000' },
      });
      assert.equal(wrong.status, 401);
      assert.equal(wrong.body.errors[0].path, 'body.code');
      assert.equal((await login(await emailOf(me))).statusCode, 200, 'not yet required at sign-in');
      assert.equal((await me.request({ method: 'GET', url: '/api/v1/auth/me' })).body.mfaEnabled, false);
    });

    test('once on, sign-in asks for the code, takes a right one once, and refuses a wrong one', async () => {
      const me = await signUp(api);
      const email = await emailOf(me);
      const { secret, recoveryCodes } = await enrol(me);
      assert.equal(recoveryCodes.length, 10);
      assert.equal(new Set(recoveryCodes).size, 10);
      const noCode = await login(email);
      assert.equal(noCode.statusCode, 401);
      assert.equal(noCode.json().type, 'https://clm.dev/problems/mfa-code-required');
      const code = await codeAt(secret);
      assert.equal((await login(email, code)).statusCode, 200);
      assert.equal((await login(email, code)).statusCode, 401, 'a code is never taken twice');
      clock.advance(30_000);
      const wrong = (Number(await codeAt(secret)) + 1).toString().padStart(6, '0').slice(-6);
      assert.equal((await login(email, wrong)).json().type, 'https://clm.dev/problems/invalid-code');
      assert.equal((await me.request({ method: 'GET', url: '/api/v1/auth/me' })).body.mfaEnabled, true);
    });

    test('a recovery code signs in once; only hashes of the codes are stored', async () => {
      const me = await signUp(api);
      const email = await emailOf(me);
      const { recoveryCodes } = await enrol(me);
      assert.equal((await login(email, recoveryCodes[3].toUpperCase())).statusCode, 200);
      assert.equal((await login(email, recoveryCodes[3])).statusCode, 401);
      const stored = await api.database.db
        .selectFrom('mfa_recovery_codes')
        .select('code_hash')
        .where('user_id', '=', me.userId)
        .execute();
      assert.equal(stored.length, 10);
      assert.ok(stored.every((r) => !recoveryCodes.some((c) => r.code_hash.toString('latin1').includes(c))));
    });

    test('turning it off needs the password and a code', async () => {
      const me = await signUp(api);
      const email = await emailOf(me);
      const { secret, recoveryCodes } = await enrol(me);
      const disable = (password: string, code: string) =>
        me.request({ method: 'POST', url: '/api/v1/auth/mfa/disable', payload: { password, code } });
      assert.equal((await disable('not my password', await codeAt(secret))).status, 401);
      assert.equal((await disable(PASSWORD, '123 456')).status, 401);
      assert.equal((await disable(PASSWORD, recoveryCodes[0])).status, 204);
      assert.equal((await login(email)).statusCode, 200);
    });

    test('wrong codes slow down their source: 429 after three when confirming, another source unaffected', async () => {
      const me = await signUp(api);
      const { secret } = (await me.request({ method: 'POST', url: '/api/v1/auth/mfa/enrolment' })).body;
      const right = await codeAt(secret);
      const confirm = (code: string, from: string) =>
        me.request({
          method: 'POST',
          url: '/api/v1/auth/mfa/confirmation',
          payload: { code },
          remoteAddress: from,
        });
      const guesser = testSource();
      for (let i = 0; i < 3; i++) assert.equal((await confirm(wrongCode(right), guesser)).status, 401);
      // Three free failures, then 2^0 = 1 s; the right code waits as well.
      const throttled = await confirm(wrongCode(right), guesser);
      assert.equal(throttled.status, 429);
      assert.equal(throttled.headers['content-type'], 'application/problem+json; charset=utf-8');
      assert.equal(throttled.body.type, 'https://clm.dev/problems/too-many-attempts');
      assert.equal(throttled.headers['retry-after'], '1');
      assert.equal((await confirm(right, guesser)).status, 429);
      assert.equal((await confirm(right, testSource())).status, 200);
    });

    test('wrong passwords and codes slow down turning it off from their source, not from another', async () => {
      const me = await signUp(api);
      const { secret } = await enrol(me);
      const right = await codeAt(secret);
      const disable = (password: string, code: string, from: string) =>
        me.request({
          method: 'POST',
          url: '/api/v1/auth/mfa/disable',
          payload: { password, code },
          remoteAddress: from,
        });
      const guesser = testSource();
      assert.equal((await disable('not my password', right, guesser)).status, 401);
      assert.equal((await disable(PASSWORD, wrongCode(right), guesser)).status, 401);
      assert.equal((await disable(PASSWORD, wrongCode(right), guesser)).status, 401);
      const throttled = await disable(PASSWORD, right, guesser);
      assert.equal(throttled.status, 429);
      assert.equal(throttled.headers['retry-after'], '1');
      assert.equal((await disable(PASSWORD, right, testSource())).status, 204);
    });

    test('the secret is stored encrypted; one stored in plain text before is sealed and still works', async () => {
      const me = await signUp(api);
      const email = await emailOf(me);
      const { secret } = await enrol(me);
      const stored = async () =>
        (
          await api.database.db
            .selectFrom('user_mfa')
            .select('secret')
            .where('user_id', '=', me.userId)
            .executeTakeFirstOrThrow()
        ).secret;
      assert.ok(!(await stored()).includes(secret));
      assert.match(await stored(), /^v1\./);

      // As a server before encryption left it.
      await api.database.db
        .updateTable('user_mfa')
        .set({ secret })
        .where('user_id', '=', me.userId)
        .execute();
      assert.ok((await sealPlaintextSecrets(api.database.db, api.app.secretKey)) >= 1);
      assert.match(await stored(), /^v1\./);
      assert.equal((await login(email, await codeAt(secret))).statusCode, 200);

      // Sealed with another key (a lost CLM_SECRET_KEY): a code is refused with the reason.
      const other = sealSecret(randomBytes(32), me.userId, secret);
      await api.database.db
        .updateTable('user_mfa')
        .set({ secret: other })
        .where('user_id', '=', me.userId)
        .execute();
      clock.advance(30_000);
      const unreadable = await login(email, await codeAt(secret));
      assert.deepEqual(
        [unreadable.statusCode, unreadable.json().type],
        [503, 'https://clm.dev/problems/mfa-key-unreadable'],
      );
    });

    test('a workspace that requires it turns away members without it until they enrol', async () => {
      const admin = await signUp(api);
      const rep = await addMember(api, admin, 'rep');
      const require = (who: Session) =>
        who.request({ method: 'PUT', url: '/api/v1/workspace/mfa-requirement', payload: { required: true } });
      assert.equal((await require(admin)).status, 409, 'an admin without it would shut themselves out');
      await enrol(admin);
      assert.equal((await require(rep)).status, 403, 'only owners and admins set it');
      assert.equal((await require(admin)).status, 200);
      // Cached callers are forgotten within 10 s.
      clock.advance(11_000);
      const blocked = await rep.request({ method: 'GET', url: '/api/v1/customers' });
      assert.equal(blocked.status, 403);
      assert.equal(blocked.body.type, 'https://clm.dev/problems/mfa-enrolment-required');
      const requirement = await rep.request({ method: 'GET', url: '/api/v1/auth/me' });
      assert.equal(requirement.status, 200, 'the account itself stays usable, to enrol');
      assert.equal((await admin.request({ method: 'GET', url: '/api/v1/customers' })).status, 200);
      await enrol(rep);
      assert.equal((await rep.request({ method: 'GET', url: '/api/v1/customers' })).status, 200);
      const other = await signUp(api);
      assert.equal(
        (await other.request({ method: 'GET', url: '/api/v1/customers' })).status,
        200,
        'other workspaces are not affected',
      );
    });
  });
}
