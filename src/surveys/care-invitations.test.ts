import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { type MailInbox, startMailInbox } from '../../test/mail-inbox.js';
import {
  databaseTargets,
  type Session,
  signUp,
  startApi,
  type TestApi,
  uniqueEmail,
} from '../../test/support.js';
import { type DeliveryDeps, deliverMessage } from '../care/deliver.js';
import { inWorkspace } from '../db/tenant.js';

const tokenOf = (text: string) => /[?&]token=([^\s&]+)/.exec(text)?.[1] ?? '';

for (const target of databaseTargets) {
  describe(`survey invitations through the workspace's e-mail channel on ${target.name}`, () => {
    let api: TestApi;
    let inbox: MailInbox;
    let owner: Session;
    let deps: DeliveryDeps;
    before(async () => {
      inbox = await startMailInbox();
      // No server-wide mail: whatever arrives came through the workspace's own SMTP server.
      api = await startApi(target.url);
      owner = await signUp(api, 'Invitations');
      deps = {
        db: api.database.db,
        sendMail: null,
        publicUrl: api.app.publicUrl,
        secretKey: api.app.secretKey,
        now: () => new Date(),
      };
    });
    after(async () => {
      await api.close();
      await inbox.close();
    });

    const customer = async (name: string, email: string, consents: boolean) => {
      const res = await owner.request({
        method: 'POST',
        url: '/api/v1/customers',
        payload: {
          name,
          emails: [email],
          consent: { email: consents, sms: false, phone: false, wechat: false, post: false },
        },
      });
      assert.equal(res.status, 201, JSON.stringify(res.body));
      return res.body.id as string;
    };
    const log = async (customerId: string) =>
      (await owner.request({ method: 'GET', url: `/api/v1/care/messages?customerId=${customerId}` })).body
        .data as {
        id: string;
        ruleId: string | null;
        occasion: string;
        status: string;
        reason: string | null;
      }[];
    const resolve = async (customerId: string) => {
      const { body: ticket } = await owner.request({
        method: 'POST',
        url: '/api/v1/tickets',
        payload: { customerId, kind: 'complaint', channel: 'email', subject: 'Late delivery' },
      });
      const resolved = await owner.request({
        method: 'PATCH',
        url: `/api/v1/tickets/${ticket.id}`,
        payload: { status: 'resolved' },
        headers: { 'if-match': `"${ticket.version}"` },
      });
      assert.equal(resolved.status, 200, JSON.stringify(resolved.body));
      return ticket.id as string;
    };
    const deliver = (id: string) =>
      deliverMessage(deps, owner.workspaceId, id, { retryCount: 0, retryLimit: 4 });

    test('with its own SMTP server, a resolution survey goes out through care: consent, the log, the link', async () => {
      const current = await owner.request({ method: 'GET', url: '/api/v1/care/settings' });
      const guards = await owner.request({
        method: 'PUT',
        url: '/api/v1/care/settings',
        headers: { 'if-match': current.headers.etag as string },
        payload: {
          paused: false,
          quietStart: 0,
          quietEnd: 0,
          capMessages: 1,
          capDays: 7,
          webhookAllowedHosts: ['127.0.0.1'],
        },
      });
      assert.equal(guards.status, 200, JSON.stringify(guards.body));
      const smtp = await owner.request({
        method: 'PUT',
        url: '/api/v1/care/settings/smtp',
        payload: {
          host: '127.0.0.1',
          port: Number(new URL(inbox.settings.smtpUrl).port),
          from: 'Shop <shop@example.com>',
        },
      });
      assert.equal(smtp.status, 200, JSON.stringify(smtp.body));

      const willing = uniqueEmail('willing');
      const happy = await customer('Liu Yang', willing, true);
      await resolve(happy);
      const [queued] = await log(happy);
      assert.equal(queued?.status, 'queued');
      assert.equal(queued?.ruleId, null);
      assert.match(queued?.occasion ?? '', /^survey:[0-9a-f-]{36}$/);
      // The stored text holds the survey's secret link, so it is kept sealed.
      await inWorkspace(api.database.db, owner.workspaceId, async (tx) => {
        const { rows } = await sql<{
          body: string;
        }>`select body from care_messages where id = ${queued?.id}`.execute(tx);
        assert.match(rows[0]?.body ?? '', /^v1\./);
        assert.doesNotMatch(rows[0]?.body ?? '', /token=/);
      });

      assert.equal(await deliver(queued?.id ?? ''), null);
      const mail = await inbox.next(willing);
      assert.match(mail.subject, /Invitations/);
      assert.match(mail.text, /To stop these e-mails|退订/);
      const [sent] = await log(happy);
      assert.deepEqual([sent?.status, sent?.reason], ['sent', null]);
      const page = await api.app.inject({
        method: 'POST',
        url: '/api/v1/surveys/lookup',
        payload: { token: decodeURIComponent(tokenOf(mail.text)) },
      });
      assert.equal(page.statusCode, 200, page.body);
      assert.equal(page.json().kind, 'ticket');
      // An invitation answers the customer's own request: the rules' cap of one message is not its limit.
      const again = await owner.request({
        method: 'POST',
        url: `/api/v1/customers/${happy}/surveys`,
        payload: {},
      });
      assert.equal(again.status, 201, JSON.stringify(again.body));
      assert.equal(again.body.queued, true);
      const second = (await log(happy)).find((m) => m.status === 'queued');
      await deliver(second?.id ?? '');
      assert.match((await inbox.next(willing)).text, /token=/);

      // Without consent to e-mail nothing goes out; the log says why and the link is handed over.
      const unwilling = uniqueEmail('unwilling');
      const quiet = await customer('Ma Li', unwilling, false);
      const offered = await owner.request({
        method: 'POST',
        url: `/api/v1/customers/${quiet}/surveys`,
        payload: {},
      });
      assert.equal(offered.status, 201, JSON.stringify(offered.body));
      assert.deepEqual([offered.body.queued, offered.body.sent], [true, false]);
      assert.match(offered.body.link, /\/survey\?token=/);
      const [held] = await log(quiet);
      await deliver(held?.id ?? '');
      const [skipped] = await log(quiet);
      assert.deepEqual([skipped?.status, skipped?.reason], ['skipped', 'no-consent']);
      assert.equal(
        inbox.messages.some((m) => m.to.includes(unwilling)),
        false,
      );
    });

    test('without an e-mail channel of its own nothing is queued and the link is handed over', async () => {
      await owner.request({ method: 'DELETE', url: '/api/v1/care/settings/smtp' });
      const id = await customer('Zhou Min', uniqueEmail('zhou'), true);
      const ticketId = await resolve(id);
      assert.deepEqual(await log(id), []);
      const offered = await owner.request({
        method: 'POST',
        url: `/api/v1/tickets/${ticketId}/survey`,
        payload: {},
      });
      assert.equal(offered.status, 201, JSON.stringify(offered.body));
      assert.deepEqual([offered.body.queued, offered.body.sent], [false, false]);
      const page = await api.app.inject({
        method: 'POST',
        url: '/api/v1/surveys/lookup',
        payload: { token: new URL(offered.body.link).searchParams.get('token') },
      });
      assert.equal(page.statusCode, 200, page.body);
      assert.deepEqual(await log(id), []);
    });
  });
}
