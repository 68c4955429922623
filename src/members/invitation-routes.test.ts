import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type MailInbox, startMailInbox } from '../../test/mail-inbox.js';
import {
  addMember,
  databaseTargets,
  linkToken,
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
const PUBLIC_URL = 'http://clm.test';

for (const target of databaseTargets) {
  describe(`invitations with mail on ${target.name}`, () => {
    let api: TestApi;
    let inbox: MailInbox;
    let owner: Session;
    before(async () => {
      inbox = await startMailInbox();
      api = await startApi(target.url, { mail: inbox.settings, publicUrl: PUBLIC_URL });
      owner = await signUp(api, 'Invitations workspace');
    });
    after(async () => {
      await api.close();
      await inbox.close();
    });

    const invite = (session: Session, email: string, role = 'rep') =>
      session.request({ method: 'POST', url: '/api/v1/invitations', payload: { email, role } });
    const publicPost = async (url: string, payload: Record<string, unknown>) => {
      const res = await api.app.inject({ method: 'POST', url, payload });
      return { status: res.statusCode, body: res.body ? res.json() : undefined };
    };
    const lookUp = (token: string) => publicPost('/api/v1/invitations/lookup', { token });
    const signUpWith = (token: string, password = PASSWORD, name = 'Li Na') =>
      publicPost('/api/v1/invitations/sign-up', { token, name, password });
    const linkIn = async (email: string) => {
      const mail = await inbox.next(email);
      const link = /http:\/\/clm\.test\/invitation\?token=\S+/.exec(mail.text)?.[0];
      assert.ok(link, mail.text);
      return { mail, token: linkToken(link) };
    };
    const memberIds = async () =>
      (await owner.request({ method: 'GET', url: '/api/v1/members?limit=500' })).body.data.map(
        (m: { userId: string }) => m.userId,
      );

    test('the link goes by e-mail only; the new person sets their own name and password and is signed in', async () => {
      const email = uniqueEmail('newcomer');
      const res = await invite(owner, email.toUpperCase(), 'manager');
      assert.equal(res.status, 201);
      assert.equal(res.body.sent, true);
      assert.equal(res.body.link, null, 'with mail, the admin never holds the link');
      assert.deepEqual(
        [res.body.invitation.email, res.body.invitation.role, res.body.invitation.status],
        [email, 'manager', 'pending'],
      );
      const { mail, token } = await linkIn(email);
      assert.match(mail.subject, /Invitations workspace/);
      const view = await lookUp(token);
      assert.equal(view.status, 200);
      assert.deepEqual(
        { ...view.body, expiresAt: undefined },
        {
          workspaceName: 'Invitations workspace',
          email,
          role: 'manager',
          expiresAt: undefined,
          hasAccount: false,
        },
      );
      const joined = await signUpWith(token);
      assert.equal(joined.status, 201);
      const customers = await api.app.inject({
        method: 'GET',
        url: '/api/v1/customers',
        headers: { authorization: `Bearer ${joined.body.token}`, 'clm-workspace': owner.workspaceId },
      });
      assert.equal(customers.statusCode, 200);
      const rep = await logIn(api, email, PASSWORD, owner.workspaceId);
      assert.equal(rep.userId, joined.body.userId);
      // One link, one use.
      assert.equal((await signUpWith(token, 'another good passphrase')).status, 410);
      assert.equal((await lookUp(token)).status, 410);
    });

    test('the answer is the same whether the e-mail has an account or not', async () => {
      const known = uniqueEmail('known');
      await createUser(api.database.db, { email: known, password: PASSWORD });
      const unknown = uniqueEmail('unknown');
      const a = await invite(owner, known);
      const b = await invite(owner, unknown);
      const shape = (res: typeof a) => ({
        status: res.status,
        headers: Object.keys(res.headers).sort(),
        body: {
          ...res.body,
          invitation: { ...res.body.invitation, id: 'x', email: 'x', createdAt: 'x', expiresAt: 'x' },
        },
      });
      assert.deepEqual(shape(a), shape(b));
      const mails = [await inbox.next(known), await inbox.next(unknown)];
      const blank = (text: string, email: string) =>
        text
          .replace(/token=\S+/, 'token=x')
          .replace(/\d{4}-\d\d-\d\d/, 'date')
          .replace(email, 'e-mail');
      assert.equal(blank(mails[0].text, known), blank(mails[1].text, unknown));
    });

    test('an existing account joins only by accepting, signed in as the invited address', async () => {
      const email = uniqueEmail('existing');
      await createUser(api.database.db, { email, password: PASSWORD, name: 'Existing' });
      const res = await invite(owner, email, 'analyst');
      const { token } = await linkIn(email);
      const invitee = await logIn(api, email, PASSWORD, owner.workspaceId);
      assert.ok(!(await memberIds()).includes(invitee.userId), 'not a member before accepting');
      assert.equal((await invitee.request({ method: 'GET', url: '/api/v1/customers' })).status, 404);
      assert.equal((await lookUp(token)).body.hasAccount, true);
      // Nobody can set a password for an address that has an account.
      assert.equal((await signUpWith(token, 'a brand new passphrase')).status, 409);
      const stranger = await signUp(api, 'Stranger workspace');
      const wrong = await stranger.request({
        method: 'POST',
        url: '/api/v1/invitations/accept',
        payload: { token },
      });
      assert.equal(wrong.status, 403);
      const accepted = await invitee.request({
        method: 'POST',
        url: '/api/v1/invitations/accept',
        payload: { token },
      });
      assert.equal(accepted.status, 200);
      assert.deepEqual(accepted.body, { workspaceId: owner.workspaceId, userId: invitee.userId });
      const member = await owner.request({ method: 'GET', url: '/api/v1/members?limit=500' });
      const row = member.body.data.find((m: { userId: string }) => m.userId === invitee.userId);
      assert.equal(row.role, 'analyst', `the invited role, ${res.body.invitation.role}, not owner`);
      assert.equal((await invitee.request({ method: 'GET', url: '/api/v1/customers' })).status, 200);
      assert.equal(
        (await invitee.request({ method: 'POST', url: '/api/v1/invitations/accept', payload: { token } }))
          .status,
        410,
      );
    });

    test('a weak password is refused at sign-up, naming body.password and why; the link still works', async () => {
      const email = uniqueEmail('weak');
      await invite(owner, email);
      const { token } = await linkIn(email);
      for (const weak of ['aaaaaaaaaa', 'password12', 'short']) {
        const res = await signUpWith(token, weak);
        assert.equal(res.status, 400, weak);
        assert.deepEqual(
          res.body.errors.map((e: { path: string }) => e.path),
          ['body.password'],
        );
      }
      const common = await signUpWith(token, 'password12');
      assert.match(common.body.errors[0].message, /commonly used password/);
      assert.equal((await signUpWith(token)).status, 201);
    });

    test('an expired link is refused; sending again mails a new link and the old one stops working', async () => {
      const email = uniqueEmail('late');
      const res = await invite(owner, email);
      const first = await linkIn(email);
      await inWorkspace(api.database.db, owner.workspaceId, (tx) =>
        tx
          .updateTable('invitations')
          .set({ expires_at: new Date(Date.now() - 1000) })
          .where('id', '=', res.body.invitation.id)
          .execute(),
      );
      const expired = await lookUp(first.token);
      assert.deepEqual(
        [expired.status, expired.body.type],
        [410, 'https://clm.dev/problems/invitation-expired'],
      );
      assert.equal((await signUpWith(first.token)).status, 410);
      const listed = await owner.request({ method: 'GET', url: '/api/v1/invitations' });
      const status = listed.body.data.find((i: { id: string }) => i.id === res.body.invitation.id).status;
      assert.equal(status, 'expired');
      const again = await owner.request({
        method: 'POST',
        url: `/api/v1/invitations/${res.body.invitation.id}/resend`,
      });
      assert.equal(again.status, 200);
      assert.equal(again.body.invitation.status, 'pending');
      const second = await linkIn(email);
      assert.notEqual(second.token, first.token);
      assert.equal((await lookUp(first.token)).status, 404);
      assert.equal((await signUpWith(second.token)).status, 201);
    });

    test('admins list and withdraw open invitations; a withdrawn link stops working; others get 403', async () => {
      const email = uniqueEmail('withdrawn');
      const res = await invite(owner, email);
      const { token } = await linkIn(email);
      const id = res.body.invitation.id;
      const ids = async () =>
        (await owner.request({ method: 'GET', url: '/api/v1/invitations' })).body.data.map(
          (i: { id: string }) => i.id,
        );
      assert.ok((await ids()).includes(id));
      const rep = await addMember(api, owner, 'rep', inbox);
      assert.equal((await rep.request({ method: 'GET', url: '/api/v1/invitations' })).status, 403);
      assert.equal((await rep.request({ method: 'DELETE', url: `/api/v1/invitations/${id}` })).status, 403);
      assert.equal(
        (await rep.request({ method: 'POST', url: `/api/v1/invitations/${id}/resend` })).status,
        403,
      );
      assert.equal((await owner.request({ method: 'DELETE', url: `/api/v1/invitations/${id}` })).status, 204);
      assert.ok(!(await ids()).includes(id));
      assert.equal((await lookUp(token)).status, 410);
      assert.equal((await owner.request({ method: 'DELETE', url: `/api/v1/invitations/${id}` })).status, 404);
    });

    test('inviting a member or an address already invited is 409', async () => {
      const email = uniqueEmail('twice');
      const first = await invite(owner, email);
      const again = await invite(owner, email);
      assert.equal(again.status, 409);
      assert.equal(again.body.invitationId, first.body.invitation.id);
      const rep = await addMember(api, owner, 'rep', inbox);
      const repEmail = (await rep.request({ method: 'GET', url: '/api/v1/auth/me' })).body.email;
      assert.equal((await invite(owner, repEmail)).status, 409);
    });

    test('an unknown or malformed link is a 404 or 400, never a 5xx', async () => {
      assert.equal((await lookUp('not-a-real-token')).status, 404);
      assert.equal((await publicPost('/api/v1/invitations/lookup', {})).status, 400);
      assert.equal((await signUpWith('x'.repeat(201))).status, 400);
    });
  });

  describe(`invitations without mail on ${target.name}`, () => {
    let api: TestApi;
    let owner: Session;
    before(async () => {
      api = await startApi(target.url, { publicUrl: PUBLIC_URL });
      owner = await signUp(api, 'No mail workspace');
    });
    after(() => api.close());

    test('the answer carries the link for an admin to pass on, and it works', async () => {
      const res = await owner.request({
        method: 'POST',
        url: '/api/v1/invitations',
        payload: { email: uniqueEmail('copied'), role: 'rep' },
      });
      assert.equal(res.status, 201);
      assert.equal(res.body.sent, false);
      assert.match(res.body.link, /^http:\/\/clm\.test\/invitation\?token=[\w-]{43}$/);
      const joined = await api.app.inject({
        method: 'POST',
        url: '/api/v1/invitations/sign-up',
        payload: { token: linkToken(res.body.link), name: 'Copied', password: PASSWORD },
      });
      assert.equal(joined.statusCode, 201);
    });
  });
}
