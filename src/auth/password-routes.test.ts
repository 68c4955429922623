import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type MailInbox, startMailInbox } from '../../test/mail-inbox.js';
import {
  databaseTargets,
  linkToken,
  startApi,
  type TestApi,
  testSource,
  uniqueEmail,
} from '../../test/support.js';
import { createUser } from '../users/service.js';

const PASSWORD = 'correct horse battery';
const NEW_PASSWORD = 'violet kettle mountain';

for (const target of databaseTargets) {
  describe(`passwords with mail on ${target.name}`, () => {
    let api: TestApi;
    let inbox: MailInbox;
    before(async () => {
      inbox = await startMailInbox();
      api = await startApi(target.url, { mail: inbox.settings, publicUrl: 'http://clm.test' });
    });
    after(async () => {
      await api.close();
      await inbox.close();
    });

    const call = async (
      method: 'GET' | 'POST' | 'PUT',
      url: string,
      payload?: object,
      token?: string,
      from = testSource(),
    ) => {
      const res = await api.app.inject({
        method,
        url,
        payload,
        headers: token ? { authorization: `Bearer ${token}` } : {},
        remoteAddress: from,
      });
      return {
        status: res.statusCode,
        body: res.body ? res.json() : undefined,
        type: res.headers['content-type'],
        retryAfter: res.headers['retry-after'],
      };
    };
    const login = async (email: string, password: string) =>
      (await call('POST', '/api/v1/auth/login', { email, password })).body?.token as string | undefined;
    const works = async (token: string) => (await call('GET', '/api/v1/auth/me', undefined, token)).status;
    const account = async () => {
      const email = uniqueEmail('pw');
      await createUser(api.database.db, { email, password: PASSWORD });
      return email;
    };
    const resetLinkFor = async (email: string) => {
      const mail = await inbox.next(email);
      const link = /http:\/\/clm\.test\/reset-password\?token=\S+/.exec(mail.text)?.[0];
      assert.ok(link, mail.text);
      return linkToken(link);
    };
    const complete = (token: string, newPassword = NEW_PASSWORD) =>
      call('POST', '/api/v1/password-resets/complete', { token, newPassword });

    test('a change needs the current password and revokes every other session and token', async () => {
      const email = await account();
      const here = (await login(email, PASSWORD)) as string;
      const elsewhere = (await login(email, PASSWORD)) as string;
      const personal = await call('POST', '/api/v1/auth/tokens', { name: 'script' }, here);
      const change = (currentPassword: string, newPassword: string) =>
        call('PUT', '/api/v1/me/password', { currentPassword, newPassword }, here);

      const wrong = await change('not my password', NEW_PASSWORD);
      assert.equal(wrong.status, 400);
      assert.deepEqual(
        wrong.body.errors.map((e: { path: string }) => e.path),
        ['body.currentPassword'],
      );
      const weak = await change(PASSWORD, 'password12');
      assert.equal(weak.status, 400);
      assert.deepEqual(
        weak.body.errors.map((e: { path: string }) => e.path),
        ['body.newPassword'],
      );
      assert.equal(await works(elsewhere), 200, 'refused changes revoke nothing');

      assert.equal((await change(PASSWORD, NEW_PASSWORD)).status, 204);
      assert.equal(await works(here), 200);
      assert.equal(await works(elsewhere), 401);
      assert.equal(await works(personal.body.token), 401);
      assert.equal(await login(email, PASSWORD), undefined);
      assert.ok(await login(email, NEW_PASSWORD));
    });

    test('wrong current passwords slow down their source: 429 after three, another source unaffected', async () => {
      const email = await account();
      const guesser = testSource();
      const token = (await login(email, PASSWORD)) as string;
      const change = (currentPassword: string, from: string) =>
        call('PUT', '/api/v1/me/password', { currentPassword, newPassword: NEW_PASSWORD }, token, from);
      for (let i = 0; i < 3; i++) assert.equal((await change(`guess ${i}`, guesser)).status, 400);
      // The fourth failure past three free ones waits 2^0 = 1 s; even the right password waits.
      const throttled = await change('guess 3', guesser);
      assert.equal(throttled.status, 429);
      assert.equal(throttled.type, 'application/problem+json; charset=utf-8');
      assert.equal(throttled.body.type, 'https://clm.dev/problems/too-many-attempts');
      assert.equal(throttled.retryAfter, '1');
      assert.equal((await change(PASSWORD, guesser)).status, 429);
      assert.equal((await change(PASSWORD, testSource())).status, 204);
    });

    test('reset requests: 429 after three to one address from one source; past six no more mail', async () => {
      const email = await account();
      const from = testSource();
      const ask = (source: string) => call('POST', '/api/v1/password-resets', { email }, undefined, source);
      for (let i = 0; i < 3; i++) {
        assert.equal((await ask(from)).status, 202);
        await resetLinkFor(email);
      }
      const throttled = await ask(from);
      assert.equal(throttled.status, 429);
      assert.equal(throttled.type, 'application/problem+json; charset=utf-8');
      assert.equal(throttled.body.type, 'https://clm.dev/problems/too-many-attempts');
      assert.equal(throttled.retryAfter, '60', 'RESET_MAIL_AT_SOURCE waits a minute first');
      const elsewhere = testSource();
      for (let i = 0; i < 3; i++) {
        assert.equal((await ask(elsewhere)).status, 202, 'another source is not refused');
        await resetLinkFor(email);
      }
      // Six mails to one address from all sources together: the seventh request is answered alike but
      // sends nothing.
      assert.equal((await ask(testSource())).status, 202);
      await assert.rejects(inbox.next(email, 300));
    });

    test('a reset request answers the same for an unknown e-mail, and only an account gets mail', async () => {
      const email = await account();
      const unknown = uniqueEmail('nobody');
      const known = await call('POST', '/api/v1/password-resets', { email });
      const stranger = await call('POST', '/api/v1/password-resets', { email: unknown });
      assert.deepEqual(known, stranger);
      assert.equal(known.status, 202);
      await resetLinkFor(email);
      await assert.rejects(inbox.next(unknown, 300));
    });

    test('a reset link sets a new password once and signs the account out everywhere', async () => {
      const email = await account();
      const session = (await login(email, PASSWORD)) as string;
      await call('POST', '/api/v1/password-resets', { email });
      const token = await resetLinkFor(email);
      assert.equal((await complete(token)).status, 204);
      assert.equal(await works(session), 401);
      assert.equal(await login(email, PASSWORD), undefined);
      assert.ok(await login(email, NEW_PASSWORD));
      const again = await complete(token, 'yet another fine phrase');
      assert.deepEqual([again.status, again.body.type], [410, 'https://clm.dev/problems/reset-used']);
      assert.ok(await login(email, NEW_PASSWORD));
    });

    test('an expired link, an older link and an unknown link are refused', async () => {
      const email = await account();
      await call('POST', '/api/v1/password-resets', { email });
      const older = await resetLinkFor(email);
      await call('POST', '/api/v1/password-resets', { email });
      const newer = await resetLinkFor(email);
      assert.equal((await complete(older)).status, 410, 'a newer request replaces the older link');
      await api.database.db
        .updateTable('password_resets')
        .set({ expires_at: new Date(Date.now() - 1000) })
        .where('used_at', 'is', null)
        .execute();
      const expired = await complete(newer);
      assert.deepEqual([expired.status, expired.body.type], [410, 'https://clm.dev/problems/reset-expired']);
      assert.equal((await complete('no-such-link')).status, 404);
      assert.ok(await login(email, PASSWORD));
    });

    test('a weak new password is a 400 naming body.newPassword, and the link still works', async () => {
      const email = await account();
      await call('POST', '/api/v1/password-resets', { email });
      const token = await resetLinkFor(email);
      for (const weak of ['aaaaaaaaaa', 'password12']) {
        const res = await complete(token, weak);
        assert.equal(res.status, 400);
        assert.deepEqual(
          res.body.errors.map((e: { path: string }) => e.path),
          ['body.newPassword'],
        );
      }
      assert.equal((await complete(token)).status, 204);
    });
  });

  describe(`password reset without mail on ${target.name}`, () => {
    let api: TestApi;
    before(async () => {
      api = await startApi(target.url);
    });
    after(() => api.close());

    test('a reset request says mail is not configured, the same for every address', async () => {
      const email = uniqueEmail('nomail');
      await createUser(api.database.db, { email, password: PASSWORD });
      const ask = (address: string) =>
        api.app.inject({ method: 'POST', url: '/api/v1/password-resets', payload: { email: address } });
      const known = await ask(email);
      const unknown = await ask(uniqueEmail('nobody'));
      assert.equal(known.statusCode, 409);
      assert.equal(known.json().type, 'https://clm.dev/problems/mail-not-configured');
      assert.match(known.json().detail, /no SMTP settings/);
      assert.equal(known.body, unknown.body);
    });
  });
}
