import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { type MailInbox, startMailInbox } from '../../test/mail-inbox.js';
import { databaseTargets, type Session, signUp, startApi, type TestApi } from '../../test/support.js';
import { inWorkspace } from '../db/tenant.js';
import { deliverMessage } from './deliver.js';
import { openCareSecret, sealStoredCareSecrets } from './rules.js';

const consent = { email: true, sms: false, phone: false, wechat: false, post: false };
const settings = {
  paused: false,
  quietStart: 0,
  quietEnd: 0,
  capMessages: 5,
  capDays: 7,
  webhookAllowedHosts: [],
};

for (const target of databaseTargets) {
  describe(`care settings and their secrets on ${target.name}`, () => {
    let api: TestApi;
    let serverInbox: MailInbox;
    let ownInbox: MailInbox;
    let owner: Session;
    before(async () => {
      serverInbox = await startMailInbox();
      ownInbox = await startMailInbox({ auth: { user: 'shop', pass: 'p@ss:word' } });
      api = await startApi(target.url, { mail: serverInbox.settings });
      owner = await signUp(api, 'Care settings');
    });
    after(async () => {
      await api.close();
      await serverInbox.close();
      await ownInbox.close();
    });

    const stored = () =>
      inWorkspace(api.database.db, owner.workspaceId, (tx) =>
        tx.selectFrom('care_settings').selectAll().executeTakeFirstOrThrow(),
      );
    const get = async () => (await owner.request({ method: 'GET', url: '/api/v1/care/settings' })).body;

    test('the webhook key is made on request, shown once, stored sealed, and only hinted at after', async () => {
      assert.equal((await get()).webhookSecretHint, null, 'no key until one is made');
      const made = await owner.request({ method: 'POST', url: '/api/v1/care/settings/webhook-secret' });
      assert.equal(made.status, 201, JSON.stringify(made.body));
      const secret: string = made.body.webhookSecret;
      assert.ok(secret.length >= 40);
      const shown = await get();
      assert.equal(shown.webhookSecretHint, `…${secret.slice(-4)}`);
      assert.doesNotMatch(JSON.stringify(shown), new RegExp(secret.slice(0, 12)));
      const row = await stored();
      assert.match(row.webhook_secret ?? '', /^v1\./);
      assert.ok(!row.webhook_secret?.includes(secret));
      assert.equal(openCareSecret(api.app.secretKey, owner.workspaceId, row.webhook_secret), secret);
      assert.equal(openCareSecret(Buffer.alloc(32, 7), owner.workspaceId, row.webhook_secret), null);
      const renewed = await owner.request({ method: 'POST', url: '/api/v1/care/settings/webhook-secret' });
      assert.notEqual(renewed.body.webhookSecret, secret);
    });

    test('a webhook key stored in clear before is sealed at start-up, once', async () => {
      await inWorkspace(api.database.db, owner.workspaceId, (tx) =>
        sql`update care_settings set webhook_secret = 'an-old-key-in-clear-1234'`.execute(tx),
      );
      assert.ok((await sealStoredCareSecrets(api.database.db, api.app.secretKey)) >= 1);
      const row = await stored();
      assert.match(row.webhook_secret ?? '', /^v1\./);
      assert.equal(
        openCareSecret(api.app.secretKey, owner.workspaceId, row.webhook_secret),
        'an-old-key-in-clear-1234',
      );
      assert.equal((await get()).webhookSecretHint, '…1234');
      await sealStoredCareSecrets(api.database.db, api.app.secretKey);
      assert.equal((await stored()).webhook_secret, row.webhook_secret, 'a sealed key is left alone');
    });

    test("care e-mails go through the workspace's SMTP server when it has one, else the server's", async () => {
      const port = Number(new URL(ownInbox.settings.smtpUrl).port);
      const smtp = {
        host: '127.0.0.1',
        port,
        user: 'shop',
        password: 'p@ss:word',
        from: 'Shop <shop@example.com>',
      };
      const bad = await owner.request({
        method: 'PUT',
        url: '/api/v1/care/settings/smtp',
        payload: { ...smtp, port: 0 },
      });
      assert.equal(bad.status, 400);
      assert.equal(bad.body.errors[0].path, 'body.port');
      const put = await owner.request({ method: 'PUT', url: '/api/v1/care/settings/smtp', payload: smtp });
      assert.equal(put.status, 200, JSON.stringify(put.body));
      const { password: _, ...withoutPassword } = smtp;
      assert.deepEqual(put.body.smtp, { ...withoutPassword, passwordHint: '…word' });
      assert.match((await stored()).smtp_password ?? '', /^v1\./);

      const sendTest = (to: string) =>
        owner.request({ method: 'POST', url: '/api/v1/care/settings/smtp/test', payload: { to } });
      const refused = await sendTest('admin@example.com');
      assert.equal(refused.status, 422, 'a loopback host needs to be allowed');
      assert.match(refused.body.detail, /private or local/);
      await owner.request({
        method: 'PUT',
        url: '/api/v1/care/settings',
        headers: { 'if-match': `"${(await get()).version}"` },
        payload: { ...settings, webhookAllowedHosts: ['127.0.0.1'] },
      });
      const sent = await sendTest('admin@example.com');
      assert.deepEqual([sent.status, sent.body.via], [200, 'workspace']);
      assert.match((await ownInbox.next('admin@example.com')).subject, /CLM test e-mail/);

      // The password kept when left out; a wrong one is the SMTP server's refusal, said as such.
      await owner.request({ method: 'PUT', url: '/api/v1/care/settings/smtp', payload: withoutPassword });
      assert.equal((await sendTest('again@example.com')).status, 200);
      await owner.request({
        method: 'PUT',
        url: '/api/v1/care/settings/smtp',
        payload: { ...smtp, password: 'wrong' },
      });
      const wrong = await sendTest('wrong@example.com');
      assert.equal(wrong.status, 422);
      assert.match(wrong.body.detail, /did not take/);
      await owner.request({ method: 'PUT', url: '/api/v1/care/settings/smtp', payload: smtp });

      // A care message of a rule goes out through the workspace's server too.
      const customer = await owner.request({
        method: 'POST',
        url: '/api/v1/customers',
        payload: { name: 'Ma Li', emails: ['ma.li@example.com'], consent },
      });
      const rule = await owner.request({
        method: 'POST',
        url: '/api/v1/care/rules',
        payload: {
          names: { en: 'Hello', 'zh-CN': '你好' },
          enabled: false,
          trigger: { type: 'after-purchase', days: 0 },
          actions: [
            {
              type: 'email',
              subject: { en: 'Hello {{ customer.name }}', 'zh-CN': '你好' },
              body: { en: 'Thanks.', 'zh-CN': '谢谢。' },
            },
          ],
        },
      });
      const messageId = await inWorkspace(api.database.db, owner.workspaceId, async (tx) => {
        const row = await tx
          .insertInto('care_messages')
          .values({
            workspace_id: owner.workspaceId,
            rule_id: rule.body.id,
            customer_id: customer.body.id,
            occasion: 'after-purchase:2026-05-01',
            action_index: 0,
            channel: 'email',
            status: 'queued',
            send_after: new Date(),
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        return row.id;
      });
      const deps = {
        db: api.database.db,
        sendMail: api.app.sendMail,
        publicUrl: 'http://clm.test',
        secretKey: api.app.secretKey,
        now: () => new Date(),
      };
      await deliverMessage(deps, owner.workspaceId, messageId, { retryCount: 0, retryLimit: 4 });
      assert.equal((await ownInbox.next('ma.li@example.com')).subject, 'Hello Ma Li');
      assert.equal(serverInbox.messages.filter((m) => m.to.includes('ma.li@example.com')).length, 0);

      const removed = await owner.request({ method: 'DELETE', url: '/api/v1/care/settings/smtp' });
      assert.equal(removed.status, 204);
      assert.equal((await get()).smtp, null);
      const fallback = await sendTest('fallback@example.com');
      assert.deepEqual([fallback.status, fallback.body.via], [200, 'server']);
      await serverInbox.next('fallback@example.com');
    });
  });
}
