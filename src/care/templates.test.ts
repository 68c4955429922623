import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type MailInbox, startMailInbox } from '../../test/mail-inbox.js';
import { databaseTargets, type Session, signUp, startApi, type TestApi } from '../../test/support.js';
import { mailSender } from '../mail/send-mail.js';
import { deliverMessage } from './deliver.js';
import { sweepWorkspace } from './jobs.js';

const consent = { email: true, sms: false, phone: false, wechat: false, post: false };
const SCRIPT = '<script>alert("x")</script>';
const greeting = {
  type: 'email',
  subject: { en: 'Hello {{ customer.name }}', 'zh-CN': '{{ customer.name }}，您好' },
  body: {
    en: 'Dear {{ customer.name }},\nwelcome to <b>{{ customer.stage }}</b>.',
    'zh-CN': '亲爱的{{ customer.name }}：\n欢迎。',
  },
};

for (const target of databaseTargets) {
  describe(`care templates on ${target.name}`, () => {
    let api: TestApi;
    let inbox: MailInbox;
    let owner: Session;
    let ruleId = '';
    let customerId = '';
    before(async () => {
      inbox = await startMailInbox();
      api = await startApi(target.url, { mail: inbox.settings });
      owner = await signUp(api, 'Care templates');
      const guards = await owner.request({
        method: 'PUT',
        url: '/api/v1/care/settings',
        headers: { 'if-match': '"1"' },
        payload: {
          paused: false,
          quietStart: 0,
          quietEnd: 0,
          capMessages: 5,
          capDays: 7,
          webhookAllowedHosts: [],
        },
      });
      assert.equal(guards.status, 200, JSON.stringify(guards.body));
      customerId = (
        await owner.request({
          method: 'POST',
          url: '/api/v1/customers',
          payload: {
            name: SCRIPT,
            emails: ['script@example.com'],
            consent,
            custom: { language: 'zh-CN' },
          },
        })
      ).body.id;
    });
    after(async () => {
      await api.close();
      await inbox.close();
    });

    test('the templates of the rules are listed, with the rule and its version to edit them through', async () => {
      const made = await owner.request({
        method: 'POST',
        url: '/api/v1/care/rules',
        payload: {
          names: { en: 'Welcome', 'zh-CN': '欢迎' },
          trigger: { type: 'stage-entered', stage: 'formation' },
          actions: [
            { type: 'add-tag', tag: 'welcomed' },
            greeting,
            { type: 'task', title: { en: 'Call {{ customer.name }}', 'zh-CN': '致电' }, dueInDays: 1 },
          ],
        },
      });
      assert.equal(made.status, 201, JSON.stringify(made.body));
      ruleId = made.body.id;
      const list = await owner.request({ method: 'GET', url: '/api/v1/care/templates' });
      assert.equal(list.status, 200);
      assert.deepEqual(
        list.body.data.map(
          (t: { ruleId: string; ruleVersion: number; actionIndex: number; action: { type: string } }) => [
            t.ruleId,
            t.ruleVersion,
            t.actionIndex,
            t.action.type,
          ],
        ),
        [
          [ruleId, 1, 1, 'email'],
          [ruleId, 1, 2, 'task'],
        ],
        'the tag action has no template',
      );
      assert.deepEqual(list.body.data[0].ruleNames, { en: 'Welcome', 'zh-CN': '欢迎' });
    });

    test("a preview fills the templates with a real customer's fields, in both languages, escaped in HTML", async () => {
      const res = await owner.request({
        method: 'POST',
        url: '/api/v1/care/templates/preview',
        payload: { customerId, action: greeting },
      });
      assert.equal(res.status, 200, JSON.stringify(res.body));
      assert.equal(res.body.language, 'zh-CN', "the customer's own language");
      const { en, 'zh-CN': zh } = res.body.rendered;
      assert.equal(en.subject, `Hello ${SCRIPT}`, 'a header is text');
      assert.equal(en.text, `Dear ${SCRIPT},\nwelcome to <b></b>.`);
      assert.match(en.html, /Dear &lt;script&gt;alert\(&#34;x&#34;\)&lt;\/script&gt;,<br>/);
      assert.ok(!en.html.includes('<script>'), 'no customer field arrives as markup');
      assert.match(en.html, /welcome to <b><\/b>\./, "the template's own markup is kept");
      assert.equal(zh.subject, `${SCRIPT}，您好`);
      assert.match(zh.html, /^<!doctype html><html lang="zh-CN">/);

      const unknown = await owner.request({
        method: 'POST',
        url: '/api/v1/care/templates/preview',
        payload: { customerId: '00000000-0000-4000-8000-000000000000', action: greeting },
      });
      assert.equal(unknown.status, 400);
      assert.equal(unknown.body.errors[0].path, 'body.customerId');
      const raw = await owner.request({
        method: 'POST',
        url: '/api/v1/care/templates/preview',
        payload: {
          customerId,
          action: { ...greeting, body: { en: '{{ customer.name | raw }}', 'zh-CN': 'x' } },
        },
      });
      assert.equal(raw.status, 400, 'raw would undo the escaping');
      const endless = await owner.request({
        method: 'POST',
        url: '/api/v1/care/templates/preview',
        payload: {
          customerId,
          action: { ...greeting, body: { en: '{% for i in (1..100000000) %}x{% endfor %}', 'zh-CN': 'x' } },
        },
      });
      assert.equal(endless.status, 422, 'a template past the render limits is refused, not a server error');
      assert.match(JSON.stringify(raw.body.errors), /raw filter/);
    });

    test('the e-mail arrives with its HTML part escaped and the unsubscribe link in both parts', async () => {
      await owner.request({
        method: 'PUT',
        url: `/api/v1/customers/${customerId}/lifecycle`,
        payload: { stage: 'formation', reason: 'r' },
      });
      const deps = {
        db: api.database.db,
        sendMail: mailSender(inbox.settings),
        publicUrl: 'http://clm.test',
        secretKey: api.app.secretKey,
        now: () => new Date(),
      };
      await sweepWorkspace(
        deps,
        { send: async () => null, abandonedAfterSeconds: 60 } as never,
        owner.workspaceId,
      );
      const log = await owner.request({ method: 'GET', url: `/api/v1/care/messages?ruleId=${ruleId}` });
      const mail = log.body.data.find((m: { channel: string }) => m.channel === 'email');
      await deliverMessage(deps, owner.workspaceId, mail.id, { retryCount: 0, retryLimit: 4 });
      const received = await inbox.next('script@example.com');
      assert.equal(received.subject, `${SCRIPT}，您好`);
      assert.match(received.text, /^亲爱的<script>alert\("x"\)<\/script>：\r?\n欢迎。/);
      assert.ok(received.html, 'an HTML part');
      assert.ok(!received.html.includes('<script>'));
      assert.match(received.html, /亲爱的&lt;script&gt;alert\(&#34;x&#34;\)&lt;\/script&gt;：<br>/);
      assert.match(received.html, /<a href="http:\/\/clm\.test\/api\/v1\/care\/unsubscribe\?token=[^"]+">/);
      assert.match(received.text, /退订：http:\/\/clm\.test\/api\/v1\/care\/unsubscribe\?token=/);
    });
  });
}
