import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { type MailInbox, startMailInbox } from '../../test/mail-inbox.js';
import {
  addMember,
  databaseTargets,
  type Session,
  signUp,
  startApi,
  type TestApi,
} from '../../test/support.js';
import { deliverMessage } from './deliver.js';
import { signature } from './webhook.js';

const noConsent = { email: false, sms: false, phone: false, wechat: false, post: false };

const birthdayRule = {
  names: { en: 'Birthday greeting', 'zh-CN': '生日祝福' },
  trigger: { type: 'birthday', calendar: 'solar' },
  actions: [
    {
      type: 'email',
      subject: { en: 'Happy birthday, {{ customer.name }}!', 'zh-CN': '{{ customer.name }}，生日快乐！' },
      body: {
        en: 'Dear {{ customer.name }}, all the best.',
        'zh-CN': '亲爱的{{ customer.name }}，祝您生日快乐。',
      },
    },
  ],
};

for (const target of databaseTargets) {
  describe(`care rules on ${target.name}`, () => {
    let api: TestApi;
    let inbox: MailInbox;
    let owner: Session;
    let today = '';
    before(async () => {
      inbox = await startMailInbox();
      api = await startApi(target.url, { mail: inbox.settings, runJobs: true });
      owner = await signUp(api, 'Care');
      // No quiet hours, so that the test's messages go out whatever the hour.
      const put = await owner.request({
        method: 'PUT',
        url: '/api/v1/care/settings',
        headers: { 'if-match': '"1"' },
        payload: {
          paused: false,
          quietStart: 0,
          quietEnd: 0,
          capMessages: 2,
          capDays: 7,
          webhookAllowedHosts: ['127.0.0.1'],
        },
      });
      assert.equal(put.status, 200, JSON.stringify(put.body));
    });
    after(async () => {
      await api.close();
      await inbox.close();
    });

    const customer = async (payload: object) => {
      const res = await owner.request({ method: 'POST', url: '/api/v1/customers', payload });
      assert.equal(res.status, 201, JSON.stringify(res.body));
      return res.body.id as string;
    };

    test('rules are created, read, changed with their version, audited and deleted', async () => {
      const created = await owner.request({
        method: 'POST',
        url: '/api/v1/care/rules',
        payload: { ...birthdayRule, conditions: { tagsAny: ['vip'] }, holdoutPercent: 10 },
      });
      assert.equal(created.status, 201, JSON.stringify(created.body));
      assert.equal(created.body.enabled, true);
      assert.deepEqual(created.body.trigger, { type: 'birthday', calendar: 'solar', daysBefore: 0 });
      const id = created.body.id;
      const patched = await owner.request({
        method: 'PATCH',
        url: `/api/v1/care/rules/${id}`,
        headers: { 'if-match': '"1"' },
        payload: { enabled: false },
      });
      assert.equal(patched.status, 200, JSON.stringify(patched.body));
      assert.equal(patched.body.enabled, false);
      // A change touches the fields it names only: no default resets the others.
      assert.deepEqual(patched.body.conditions, { tagsAny: ['vip'] });
      assert.equal(patched.body.holdoutPercent, 10);
      const stale = await owner.request({
        method: 'PATCH',
        url: `/api/v1/care/rules/${id}`,
        headers: { 'if-match': '"1"' },
        payload: { enabled: true },
      });
      assert.equal(stale.status, 412);
      const audit = await owner.request({ method: 'GET', url: '/api/v1/audit?entity=care_rule' });
      assert.equal(audit.status, 200, JSON.stringify(audit.body));
      assert.deepEqual(
        audit.body.data
          .filter((e: { entityId: string }) => e.entityId === id)
          .map((e: { action: string }) => e.action),
        ['update', 'create'],
      );
      assert.equal((await owner.request({ method: 'DELETE', url: `/api/v1/care/rules/${id}` })).status, 204);
      assert.equal((await owner.request({ method: 'GET', url: `/api/v1/care/rules/${id}` })).status, 404);
    });

    test('bad rules are 400s naming the field with a stable code', async () => {
      const bad = await owner.request({
        method: 'POST',
        url: '/api/v1/care/rules',
        payload: {
          ...birthdayRule,
          actions: [{ ...birthdayRule.actions[0], subject: { en: '{{ customer.name', 'zh-CN': 'x' } }],
        },
      });
      assert.equal(bad.status, 400);
      assert.deepEqual(
        bad.body.errors.map((e: { path: string; code: string }) => [e.path, e.code]),
        [['body.actions.0.subject.en', 'invalid_template']],
      );
      const noDays = await owner.request({
        method: 'POST',
        url: '/api/v1/care/rules',
        payload: { ...birthdayRule, trigger: { type: 'no-purchase' } },
      });
      assert.equal(noDays.status, 400);
      assert.equal(noDays.body.errors[0].path, 'body.trigger.days');
      const noStage = await owner.request({
        method: 'POST',
        url: '/api/v1/care/rules',
        payload: {
          ...birthdayRule,
          trigger: { type: 'stage-entered', stage: 'nirvana' },
          conditions: { stages: ['decline'] },
        },
      });
      assert.equal(noStage.status, 400);
      assert.deepEqual(
        noStage.body.errors.map((e: { path: string; code: string }) => [e.path, e.code]),
        [['body.trigger.stage', 'unknown_stage']],
      );
    });

    test('an analyst may read rules but not write them', async () => {
      const analyst = await addMember(api, owner, 'analyst', inbox);
      assert.equal((await analyst.request({ method: 'GET', url: '/api/v1/care/rules' })).status, 200);
      const denied = await analyst.request({
        method: 'POST',
        url: '/api/v1/care/rules',
        payload: birthdayRule,
      });
      assert.equal(denied.status, 403);
      const settings = await analyst.request({ method: 'GET', url: '/api/v1/care/settings' });
      assert.equal(settings.body.webhookSecretHint, null, "the webhook key's hint is for owners and admins");
      assert.equal(
        (await analyst.request({ method: 'POST', url: '/api/v1/care/settings/webhook-secret' })).status,
        403,
      );
    });

    test('a birthday rule sends one e-mail to the SMTP server, logs it, and unsubscribes through its link', async () => {
      // The workspace's local day, as rules see it, from a paused rule's preview.
      const probe = await owner.request({
        method: 'POST',
        url: '/api/v1/care/rules',
        payload: { ...birthdayRule, enabled: false },
      });
      today = (await owner.request({ method: 'GET', url: `/api/v1/care/rules/${probe.body.id}/preview` }))
        .body.day;
      const email = `li.${Date.now()}@example.com`;
      const born = `1990-${today.slice(5)}`;
      const li = await customer({
        name: 'Li Na',
        emails: [email],
        birthday: born,
        consent: { ...noConsent, email: true },
      });
      const quiet = await customer({
        name: 'Quiet',
        emails: [`q.${Date.now()}@example.com`],
        birthday: born,
      });
      // Created after its customers: the runner's minute tick may evaluate it at any moment from now.
      const rule = await owner.request({ method: 'POST', url: '/api/v1/care/rules', payload: birthdayRule });
      const preview = await owner.request({
        method: 'GET',
        url: `/api/v1/care/rules/${rule.body.id}/preview`,
      });
      assert.equal(preview.status, 200);
      assert.deepEqual(
        preview.body.data.map((r: { customerId: string }) => r.customerId).sort(),
        [li, quiet].sort(),
      );
      // The editor's dry run of the same rule, not saved, answers the same customers.
      const draft = await owner.request({
        method: 'POST',
        url: '/api/v1/care/rules/preview',
        payload: birthdayRule,
      });
      assert.equal(draft.status, 200, JSON.stringify(draft.body));
      assert.deepEqual(
        draft.body.data.map((r: { customerId: string }) => r.customerId).sort(),
        [li, quiet].sort(),
      );
      const unknownStage = await owner.request({
        method: 'POST',
        url: '/api/v1/care/rules/preview',
        payload: { ...birthdayRule, trigger: { type: 'stage-entered', stage: 'nowhere' } },
      });
      assert.equal(unknownStage.status, 400);
      assert.equal(unknownStage.body.errors[0].path, 'body.trigger.stage');

      const calendar = await owner.request({ method: 'GET', url: '/api/v1/care/calendar?days=3' });
      assert.equal(calendar.status, 200, JSON.stringify(calendar.body));
      assert.deepEqual(
        calendar.body.data
          .filter((e: { ruleId: string }) => e.ruleId === rule.body.id)
          .map((e: { day: string; name: string; occasion: string }) => [e.day, e.name, e.occasion])
          .sort(),
        [
          [today, 'Li Na', `birthday:${today}`],
          [today, 'Quiet', `birthday:${today}`],
        ],
      );

      const run = await owner.request({ method: 'POST', url: '/api/v1/care/evaluations' });
      assert.equal(run.status, 200, JSON.stringify(run.body));
      const mail = await inbox.next(email, 15_000);
      assert.equal(mail.subject, 'Happy birthday, Li Na!');
      assert.match(mail.text, /Dear Li Na, all the best\./);
      const link = /(http\S+\/care\/unsubscribe\?token=\S+)/.exec(mail.text)?.[1];
      assert.ok(link, 'the e-mail carries an unsubscribe link');

      const again = await owner.request({ method: 'POST', url: '/api/v1/care/evaluations' });
      assert.equal(again.body.queued, null, 'the day was evaluated once');

      const log = async (customerId: string) => {
        for (let i = 0; i < 100; i++) {
          const res = await owner.request({
            method: 'GET',
            url: `/api/v1/care/messages?customerId=${customerId}`,
          });
          if (res.body.data[0]?.status !== 'queued' && res.body.data[0]?.status !== 'sending')
            return res.body.data;
          await new Promise((r) => setTimeout(r, 100));
        }
        throw new Error('still queued');
      };
      const [sent] = await log(li);
      assert.deepEqual([sent.status, sent.occasion, sent.channel], ['sent', `birthday:${today}`, 'email']);
      const [skipped] = await log(quiet);
      assert.deepEqual([skipped.status, skipped.reason], ['skipped', 'no-consent']);

      const url = new URL(link);
      const forged = await api.app.inject({ method: 'POST', url: `${url.pathname}?token=x.y` });
      assert.equal(forged.statusCode, 400);
      const done = await api.app.inject({ method: 'POST', url: `${url.pathname}${url.search}` });
      assert.equal(done.statusCode, 200);
      const withdrawn = await owner.request({ method: 'GET', url: `/api/v1/customers/${li}` });
      assert.equal(withdrawn.body.consent.email, false);
    });

    test('a day is evaluated in a workspace whose churn levels are unknown (too little history for a model)', async () => {
      const small = await signUp(api, 'Churn unknown');
      const made = await small.request({
        method: 'POST',
        url: '/api/v1/customers',
        payload: { name: 'Only one' },
      });
      assert.equal(made.status, 201, JSON.stringify(made.body));
      const sale = await small.request({
        method: 'POST',
        url: '/api/v1/transactions',
        payload: { customerId: made.body.id, occurredAt: '2026-01-05T10:00:00Z', amount: '12.00' },
      });
      assert.equal(sale.status, 201, JSON.stringify(sale.body));
      const refresh = await small.request({
        method: 'POST',
        url: '/api/v1/lifecycle/refresh',
        payload: { asOf: '2026-02-01' },
      });
      assert.equal(refresh.status, 200, JSON.stringify(refresh.body));
      const read = await small.request({ method: 'GET', url: `/api/v1/customers/${made.body.id}` });
      assert.equal(read.body.value?.churnLevel ?? null, null, 'one customer is too few for a churn model');
      const rule = await small.request({ method: 'POST', url: '/api/v1/care/rules', payload: birthdayRule });
      assert.equal(rule.status, 201, JSON.stringify(rule.body));
      const run = await small.request({ method: 'POST', url: '/api/v1/care/evaluations' });
      assert.equal(run.status, 200, JSON.stringify(run.body));
    });

    test('a resolved ticket reaches a ticket-resolved rule on the day it was resolved', async () => {
      const id = await customer({ name: 'Sun Li' });
      const { body: ticket } = await owner.request({
        method: 'POST',
        url: '/api/v1/tickets',
        payload: { customerId: id, kind: 'repair', channel: 'phone', subject: 'Door seal' },
      });
      const resolved = await owner.request({
        method: 'PATCH',
        url: `/api/v1/tickets/${ticket.id}`,
        payload: { status: 'resolved' },
        headers: { 'if-match': `"${ticket.version}"` },
      });
      assert.equal(resolved.status, 200, JSON.stringify(resolved.body));
      const rule = await owner.request({
        method: 'POST',
        url: '/api/v1/care/rules',
        payload: {
          names: { en: 'After a repair', 'zh-CN': '维修回访' },
          enabled: false,
          trigger: { type: 'ticket-resolved', afterDays: 0 },
          actions: [{ type: 'task', title: { en: 'Ask how it went', 'zh-CN': '回访' }, dueInDays: 1 }],
        },
      });
      assert.equal(rule.status, 201, JSON.stringify(rule.body));
      const preview = await owner.request({
        method: 'GET',
        url: `/api/v1/care/rules/${rule.body.id}/preview`,
      });
      const reached = preview.body.data.filter((r: { customerId: string }) => r.customerId === id);
      assert.deepEqual(
        reached.map((r: { occasion: string }) => r.occasion),
        [`ticket-resolved:${preview.body.day}`],
      );
    });

    test('a webhook is signed, retried after a failure with the same message id, and sent once', async () => {
      const calls: { body: string; headers: Record<string, string | string[] | undefined> }[] = [];
      const server = createServer((req, res) => {
        let body = '';
        req.on('data', (c) => {
          body += c;
        });
        req.on('end', () => {
          calls.push({ body, headers: req.headers });
          res.statusCode = calls.length === 1 ? 503 : 200;
          res.end();
        });
      });
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      const { port } = server.address() as AddressInfo;
      try {
        const id = await customer({
          name: 'Wang Wei',
          birthday: '1985-01-01',
          consent: { ...noConsent, sms: true },
        });
        const rule = await owner.request({
          method: 'POST',
          url: '/api/v1/care/rules',
          payload: {
            names: { en: 'Revisit', 'zh-CN': '回访' },
            trigger: { type: 'after-purchase', days: 0 },
            actions: [
              {
                type: 'webhook',
                channel: 'sms',
                url: `http://127.0.0.1:${port}/sms`,
                text: { en: 'Thanks {{ customer.name }}', 'zh-CN': '谢谢{{ customer.name }}' },
              },
            ],
          },
        });
        assert.equal(rule.status, 201, JSON.stringify(rule.body));
        const renewed = await owner.request({ method: 'POST', url: '/api/v1/care/settings/webhook-secret' });
        assert.equal(renewed.status, 201, JSON.stringify(renewed.body));
        // A message row queued as the evaluation would, delivered by hand to watch each attempt.
        const messageId = await api.database.db.transaction().execute(async (tx) => {
          const { sql } = await import('kysely');
          await sql`select set_config('clm.workspace_id', ${owner.workspaceId}, true)`.execute(tx);
          const row = await tx
            .insertInto('care_messages')
            .values({
              workspace_id: owner.workspaceId,
              rule_id: rule.body.id,
              customer_id: id,
              occasion: `after-purchase:${today}`,
              action_index: 0,
              channel: 'sms',
              status: 'queued',
              send_after: new Date(),
            })
            .returning('id')
            .executeTakeFirstOrThrow();
          return row.id;
        });
        const deps = {
          db: api.database.db,
          sendMail: null,
          publicUrl: 'http://x',
          secretKey: api.app.secretKey,
          now: () => new Date(),
        };
        await assert.rejects(
          deliverMessage(deps, owner.workspaceId, messageId, { retryCount: 0, retryLimit: 4 }),
          /503/,
        );
        await deliverMessage(deps, owner.workspaceId, messageId, { retryCount: 1, retryLimit: 4 });
        await deliverMessage(deps, owner.workspaceId, messageId, { retryCount: 2, retryLimit: 4 });
        assert.equal(calls.length, 2, 'one failure, one success, then nothing more');
        const [, ok] = calls;
        const timestamp = Number(ok.headers['x-clm-timestamp']);
        assert.equal(
          ok.headers['x-clm-signature'],
          signature(renewed.body.webhookSecret, timestamp, ok.body),
        );
        assert.equal(calls[0].headers['x-clm-message-id'], messageId);
        assert.equal(ok.headers['x-clm-message-id'], messageId);
        assert.equal(JSON.parse(ok.body).text, 'Thanks Wang Wei');
        const log = await owner.request({ method: 'GET', url: `/api/v1/care/messages?customerId=${id}` });
        assert.deepEqual([log.body.data[0].status, log.body.data[0].attempts], ['sent', 2]);
      } finally {
        server.close();
      }
    });
  });
}
