import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { type MailInbox, startMailInbox } from '../../test/mail-inbox.js';
import { databaseTargets, type Session, signUp, startApi, type TestApi } from '../../test/support.js';
import { mailSender } from '../mail/send-mail.js';
import { type DeliveryDeps, deliverMessage } from './deliver.js';
import { sweepWorkspace } from './jobs.js';

const consent = { email: true, sms: true, phone: false, wechat: false, post: false };
const email = (subject: string) => ({
  type: 'email',
  subject: { en: subject, 'zh-CN': subject },
  body: { en: 'Hello {{ customer.name }}', 'zh-CN': '您好，{{ customer.name }}' },
});

for (const target of databaseTargets) {
  describe(`care guards per channel, their version, and delivery reports on ${target.name}`, () => {
    let api: TestApi;
    let inbox: MailInbox;
    let owner: Session;
    let deps: DeliveryDeps;
    let receiver: Server;
    let webhookUrl = '';
    const received: { id: string; deliveryUrl: string; text: string }[] = [];
    before(async () => {
      inbox = await startMailInbox();
      api = await startApi(target.url, { mail: inbox.settings });
      owner = await signUp(api, 'Care channels');
      deps = {
        db: api.database.db,
        sendMail: mailSender(inbox.settings),
        publicUrl: 'http://clm.test',
        secretKey: api.app.secretKey,
        now: () => new Date(),
      };
      receiver = createServer((req, res) => {
        let body = '';
        req.on('data', (chunk) => {
          body += chunk;
        });
        req.on('end', () => {
          received.push(JSON.parse(body));
          res.writeHead(202).end();
        });
      });
      await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
      webhookUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/sms`;
      const key = await owner.request({ method: 'POST', url: '/api/v1/care/settings/webhook-secret' });
      assert.equal(key.status, 201);
    });
    after(async () => {
      await api.close();
      await inbox.close();
      await new Promise((resolve) => receiver.close(resolve));
    });

    const guards = {
      paused: false,
      quietStart: 0,
      quietEnd: 0,
      capMessages: 5,
      capDays: 7,
      webhookAllowedHosts: ['127.0.0.1'],
    };
    const read = () => owner.request({ method: 'GET', url: '/api/v1/care/settings' });
    const put = (payload: object, ifMatch?: string) =>
      owner.request({
        method: 'PUT',
        url: '/api/v1/care/settings',
        headers: ifMatch ? { 'if-match': ifMatch } : {},
        payload,
      });
    const messages = async (query: string) =>
      (await owner.request({ method: 'GET', url: `/api/v1/care/messages?${query}` })).body.data as {
        id: string;
        status: string;
        reason: string | null;
        channel: string;
        actionIndex: number;
        deliveredAt: string | null;
      }[];
    const byAction = async (query: string) =>
      (await messages(query)).sort((a, b) => a.actionIndex - b.actionIndex);
    const customer = async (name: string) =>
      (
        await owner.request({
          method: 'POST',
          url: '/api/v1/customers',
          payload: { name, emails: [`${name.toLowerCase()}@example.com`], consent },
        })
      ).body.id as string;
    /** A stage rule with these actions, fired for a new customer: the messages it queued, delivered. */
    const fire = async (stage: string, actions: object[]) => {
      const made = await owner.request({
        method: 'POST',
        url: '/api/v1/care/rules',
        payload: { names: { en: stage, 'zh-CN': stage }, trigger: { type: 'stage-entered', stage }, actions },
      });
      assert.equal(made.status, 201, JSON.stringify(made.body));
      const id = await customer(`Cust-${stage}`);
      await owner.request({
        method: 'PUT',
        url: `/api/v1/customers/${id}/lifecycle`,
        payload: { stage, reason: 'r' },
      });
      await sweepWorkspace(
        deps,
        { send: async () => null, abandonedAfterSeconds: 60 } as never,
        owner.workspaceId,
      );
      for (const m of await byAction(`ruleId=${made.body.id}`))
        await deliverMessage(deps, owner.workspaceId, m.id, { retryCount: 4, retryLimit: 4 });
      return made.body.id as string;
    };

    test('the guards change only from the version read: none is 428, an old one 412', async () => {
      const first = await read();
      assert.equal(first.headers.etag, '"1"');
      assert.equal(first.body.version, 1);
      assert.equal((await put(guards)).status, 428);
      const saved = await put(guards, '"1"');
      assert.equal(saved.status, 200, JSON.stringify(saved.body));
      assert.deepEqual([saved.headers.etag, saved.body.version], ['"2"', 2]);
      const stale = await put({ ...guards, capMessages: 9 }, '"1"');
      assert.equal(stale.status, 412);
      assert.equal((await read()).body.capMessages, 5, 'the stale change was not applied');
    });

    test('a cap per channel skips past its own limit while other channels still go out', async () => {
      const current = await read();
      const saved = await put(
        { ...guards, channelCaps: { email: { messages: 1, days: 7 }, sms: { messages: 2, days: 1 } } },
        current.headers.etag as string,
      );
      assert.equal(saved.status, 200, JSON.stringify(saved.body));
      assert.deepEqual(saved.body.channelCaps, {
        email: { messages: 1, days: 7 },
        sms: { messages: 2, days: 1 },
      });
      const ruleId = await fire('stability', [
        email('One'),
        email('Two'),
        { type: 'webhook', channel: 'sms', url: webhookUrl, text: { en: 'Hi', 'zh-CN': '你好' } },
      ]);
      assert.deepEqual(
        (await byAction(`ruleId=${ruleId}`)).map((m) => [m.channel, m.status, m.reason]),
        [
          ['email', 'sent', null],
          ['email', 'skipped', 'channel-cap'],
          ['sms', 'sent', null],
        ],
      );
      const bad = await put({ ...guards, channelCaps: { fax: { messages: 1, days: 1 } } }, '"3"');
      assert.equal(bad.status, 400);
      assert.match(JSON.stringify(bad.body.errors), /channelCaps/);
    });

    test('a webhook answered 2xx is sent; the adapter reports it delivered through the URL it was given', async () => {
      const ruleId = await fire('formation', [
        { type: 'webhook', channel: 'sms', url: webhookUrl, text: { en: 'Hi', 'zh-CN': '你好' } },
      ]);
      const [message] = await messages(`ruleId=${ruleId}`);
      assert.deepEqual([message.status, message.deliveredAt], ['sent', null]);
      const body = received.find((r) => r.id === message.id);
      assert.ok(body, 'the adapter got the message');
      const path = body.deliveryUrl.replace('http://clm.test', '');
      assert.match(path, /^\/api\/v1\/care\/delivery\?token=/);
      const report = (payload: object, url = path) =>
        api.app.inject({ method: 'POST', url, payload }).then((r) => r.statusCode);
      assert.equal(await report({ status: 'delivered' }, `${path}x`), 400, 'a token not signed here');
      assert.equal(await report({ status: 'arrived' }), 400);
      assert.equal(await report({ status: 'delivered' }), 204);
      assert.equal(await report({ status: 'delivered' }), 204, 'a repeated report changes nothing');
      const [delivered] = await messages(`ruleId=${ruleId}`);
      assert.equal(delivered.status, 'delivered');
      assert.ok(delivered.deliveredAt);
      assert.equal((await messages('status=delivered')).length, 1);
      // A failure reported after delivery does not undo it.
      assert.equal(await report({ status: 'failed', error: 'number unknown' }), 204);
      assert.equal((await messages(`ruleId=${ruleId}`))[0].status, 'delivered');
    });

    test('the channel may report a sent message failed, with its error', async () => {
      const ruleId = await fire('decline', [
        { type: 'webhook', channel: 'sms', url: webhookUrl, text: { en: 'Hi', 'zh-CN': '你好' } },
      ]);
      const [message] = await messages(`ruleId=${ruleId}`);
      const body = received.find((r) => r.id === message.id);
      const url = body?.deliveryUrl.replace('http://clm.test', '') ?? '';
      const res = await api.app.inject({
        method: 'POST',
        url,
        payload: { status: 'failed', error: 'number unknown' },
      });
      assert.equal(res.statusCode, 204);
      const [failed] = await messages(`ruleId=${ruleId}`);
      assert.deepEqual([failed.status, failed.reason], ['failed', 'the channel reported: number unknown']);
    });
  });
}
