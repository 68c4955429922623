import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type MailInbox, startMailInbox } from '../../test/mail-inbox.js';
import { databaseTargets, type Session, signUp, startApi, type TestApi } from '../../test/support.js';
import { mailSender } from '../mail/send-mail.js';
import { type DeliveryDeps, deliverMessage } from './deliver.js';
import { heldOut } from './guards.js';
import { sweepWorkspace } from './jobs.js';

const consent = { email: true, sms: false, phone: false, wechat: false, post: false };
const email = (subject: string) => ({
  type: 'email',
  subject: { en: subject, 'zh-CN': subject },
  body: { en: 'Hello {{ customer.name }}', 'zh-CN': '您好，{{ customer.name }}' },
});

for (const target of databaseTargets) {
  describe(`care guards and stage entries on ${target.name}`, () => {
    let api: TestApi;
    let inbox: MailInbox;
    let owner: Session;
    let deps: DeliveryDeps;
    let now = new Date();
    before(async () => {
      inbox = await startMailInbox();
      api = await startApi(target.url, { mail: inbox.settings });
      owner = await signUp(api, 'Care guards');
      deps = {
        db: api.database.db,
        sendMail: mailSender(inbox.settings),
        publicUrl: 'http://clm.test',
        secretKey: Buffer.alloc(32, 1),
        now: () => now,
      };
    });
    after(async () => {
      await api.close();
      await inbox.close();
    });

    const settings = async (change: object) =>
      owner.request({
        method: 'PUT',
        url: '/api/v1/care/settings',
        headers: {
          'if-match': (await owner.request({ method: 'GET', url: '/api/v1/care/settings' })).headers
            .etag as string,
        },
        payload: {
          paused: false,
          quietStart: 0,
          quietEnd: 0,
          capMessages: 5,
          capDays: 7,
          webhookAllowedHosts: [],
          ...change,
        },
      });
    const customer = async (name: string) =>
      (
        await owner.request({
          method: 'POST',
          url: '/api/v1/customers',
          payload: {
            name,
            emails: [`${name.toLowerCase()}.${Date.now()}@example.com`],
            consent,
            ownerId: owner.userId,
          },
        })
      ).body.id as string;
    const messages = async (query: string) =>
      (await owner.request({ method: 'GET', url: `/api/v1/care/messages?${query}` })).body.data as {
        id: string;
        status: string;
        reason: string | null;
        channel: string;
        occasion: string;
        sendAfter: string | null;
      }[];
    const rule = async (payload: object) => {
      const res = await owner.request({ method: 'POST', url: '/api/v1/care/rules', payload });
      assert.equal(res.status, 201, JSON.stringify(res.body));
      return res.body.id as string;
    };
    const deliver = (id: string) =>
      deliverMessage(deps, owner.workspaceId, id, { retryCount: 0, retryLimit: 4 });
    const noJobs = { send: async () => null, abandonedAfterSeconds: 60 } as never;

    test('entering a stage reaches a stage rule once: a task for the owner and an e-mail', async () => {
      await settings({});
      const ruleId = await rule({
        names: { en: 'Win back', 'zh-CN': '挽回' },
        trigger: { type: 'stage-entered', stage: 'decline' },
        actions: [
          {
            type: 'task',
            title: { en: 'Call {{ customer.name }}', 'zh-CN': '致电{{ customer.name }}' },
            dueInDays: 2,
          },
          email('We miss you'),
        ],
      });
      const id = await customer('Zhao');
      const moved = await owner.request({
        method: 'PUT',
        url: `/api/v1/customers/${id}/lifecycle`,
        payload: { stage: 'decline', reason: 'stopped ordering' },
      });
      assert.equal(moved.status, 200, JSON.stringify(moved.body));
      await sweepWorkspace(deps, noJobs, owner.workspaceId);
      await sweepWorkspace(deps, noJobs, owner.workspaceId);
      const log = await messages(`ruleId=${ruleId}`);
      assert.deepEqual(log.map((m) => [m.channel, m.status]).sort(), [
        ['email', 'queued'],
        ['task', 'sent'],
      ]);
      const tasks = await owner.request({ method: 'GET', url: `/api/v1/tasks?assignee=me` });
      assert.equal(tasks.body.data.filter((t: { title: string }) => t.title === 'Call Zhao').length, 1);
    });

    test('quiet hours hold a message until they end; a pause holds it too', async () => {
      const ruleId = await rule({
        names: { en: 'Revisit', 'zh-CN': '回访' },
        trigger: { type: 'stage-entered', stage: 'formation' },
        actions: [email('Thanks')],
      });
      const id = await customer('Sun');
      await owner.request({
        method: 'PUT',
        url: `/api/v1/customers/${id}/lifecycle`,
        payload: { stage: 'formation', reason: 'r' },
      });
      await sweepWorkspace(deps, noJobs, owner.workspaceId);
      const [message] = await messages(`ruleId=${ruleId}`);
      // Quiet from this UTC hour for one hour, in a workspace whose zone we read back from the hold.
      now = new Date('2026-05-01T15:30:00Z'); // 23:30 in Asia/Shanghai, the default zone
      await settings({ quietStart: 21, quietEnd: 8 });
      const held = await deliver(message.id);
      assert.equal(held?.held.toISOString(), '2026-05-02T00:00:00.000Z');
      assert.deepEqual(
        (await messages(`ruleId=${ruleId}`)).map((m) => [m.status, m.reason, m.sendAfter]),
        [['held', 'quiet-hours', '2026-05-02T00:00:00.000Z']],
      );
      await settings({ paused: true });
      now = new Date('2026-05-02T00:00:00Z');
      assert.ok(await deliver(message.id), 'paused: held again');
      assert.equal((await messages(`ruleId=${ruleId}`))[0].reason, 'paused');
      await settings({});
      assert.equal(await deliver(message.id), null);
      assert.equal((await messages(`ruleId=${ruleId}`))[0].status, 'sent');
      now = new Date();
    });

    test("quiet hours follow the customer's own time zone when known", async () => {
      const ruleId = await rule({
        names: { en: 'Abroad', 'zh-CN': '海外' },
        trigger: { type: 'stage-entered', stage: 'formation' },
        actions: [email('Bonjour')],
      });
      const create = async (name: string, extra: object) =>
        (
          await owner.request({
            method: 'POST',
            url: '/api/v1/customers',
            payload: { name, emails: [`${name}.${Date.now()}@example.com`], consent, ...extra },
          })
        ).body.id as string;
      const paris = await create('paris', { custom: { timezone: 'Europe/Paris' } });
      const region = await create('ny', { region: 'America/New_York' });
      const local = await create('local', {});
      for (const id of [paris, region, local])
        await owner.request({
          method: 'PUT',
          url: `/api/v1/customers/${id}/lifecycle`,
          payload: { stage: 'formation', reason: 'r' },
        });
      await sweepWorkspace(deps, noJobs, owner.workspaceId);
      now = new Date('2026-05-01T15:30:00Z'); // 23:30 in Shanghai, 17:30 in Paris, 11:30 in New York
      await settings({ quietStart: 21, quietEnd: 8 });
      const outcome = async (customerId: string) => {
        const [m] = await messages(`ruleId=${ruleId}&customerId=${customerId}`);
        await deliver(m.id);
        const [after] = await messages(`ruleId=${ruleId}&customerId=${customerId}`);
        return [after.status, after.reason];
      };
      assert.deepEqual(await outcome(paris), ['sent', null]);
      assert.deepEqual(await outcome(region), ['sent', null]);
      assert.deepEqual(await outcome(local), ['held', 'quiet-hours']);
      await settings({});
      now = new Date();
      // Nothing left waiting for the runners of other test files on a shared database.
      for (const id of [paris, region, local])
        for (const m of await messages(`customerId=${id}`))
          if (m.status === 'queued' || m.status === 'held') await deliver(m.id);
    });

    test('the frequency cap skips a message past the limit, and the holdout is logged', async () => {
      await settings({ capMessages: 1, capDays: 7 });
      const ruleId = await rule({
        names: { en: 'Two mails', 'zh-CN': '两封邮件' },
        trigger: { type: 'stage-entered', stage: 'stability' },
        actions: [email('One'), email('Two')],
      });
      const id = await customer('Qian');
      await owner.request({
        method: 'PUT',
        url: `/api/v1/customers/${id}/lifecycle`,
        payload: { stage: 'stability', reason: 'r' },
      });
      await sweepWorkspace(deps, noJobs, owner.workspaceId);
      for (const m of await messages(`ruleId=${ruleId}`)) await deliver(m.id);
      assert.deepEqual((await messages(`ruleId=${ruleId}`)).map((m) => [m.status, m.reason]).sort(), [
        ['sent', null],
        ['skipped', 'cap'],
      ]);

      const holdout = await rule({
        names: { en: 'Half', 'zh-CN': '一半' },
        trigger: { type: 'stage-entered', stage: 'exploration' },
        holdoutPercent: 50,
        actions: [email('Hi')],
      });
      const ids = [await customer('A'), await customer('B'), await customer('C'), await customer('D')];
      for (const c of ids)
        await owner.request({
          method: 'PUT',
          url: `/api/v1/customers/${c}/lifecycle`,
          payload: { stage: 'exploration', reason: 'r' },
        });
      await sweepWorkspace(deps, noJobs, owner.workspaceId);
      for (const c of ids) {
        const [m] = await messages(`ruleId=${holdout}&customerId=${c}`);
        assert.deepEqual(
          [m.status, m.reason],
          heldOut(holdout, c, 50) ? ['skipped', 'holdout'] : ['queued', null],
        );
      }
    });

    test('a team condition reaches the customers of that team; tag actions add and remove once', async () => {
      const team = await owner.request({ method: 'POST', url: '/api/v1/teams', payload: { name: 'North' } });
      assert.equal(team.status, 201, JSON.stringify(team.body));
      const joined = await owner.request({
        method: 'PATCH',
        url: `/api/v1/members/${owner.userId}`,
        payload: { teamId: team.body.id },
      });
      assert.equal(joined.status, 200, JSON.stringify(joined.body));
      const tagRule = async (teams: string[], actions: object[]) =>
        rule({
          names: { en: 'Tag', 'zh-CN': '标签' },
          trigger: { type: 'stage-entered', stage: 'terminated' },
          conditions: { teams },
          actions,
        });
      const north = await tagRule(
        [team.body.id],
        [
          { type: 'add-tag', tag: 'greeted' },
          { type: 'remove-tag', tag: 'new' },
        ],
      );
      const teamless = await tagRule(
        ['none'],
        [
          { type: 'add-tag', tag: 'teamless' },
          { type: 'add-tag', tag: 'new' },
        ],
      );
      const create = async (name: string, ownerId: string | null) =>
        (
          await owner.request({
            method: 'POST',
            url: '/api/v1/customers',
            payload: { name, tags: ['new'], consent, ownerId },
          })
        ).body.id as string;
      const inTeam = await create('Zhou', owner.userId);
      const inPool = await create('Wu', null);
      for (const id of [inTeam, inPool])
        await owner.request({
          method: 'PUT',
          url: `/api/v1/customers/${id}/lifecycle`,
          payload: { stage: 'terminated', reason: 'r' },
        });
      await sweepWorkspace(deps, noJobs, owner.workspaceId);
      await sweepWorkspace(deps, noJobs, owner.workspaceId);
      const tagsOf = async (id: string) =>
        (await owner.request({ method: 'GET', url: `/api/v1/customers/${id}` })).body.tags;
      assert.deepEqual(await tagsOf(inTeam), ['greeted']);
      assert.deepEqual(await tagsOf(inPool), ['new', 'teamless']);
      const log = async (ruleId: string, customerId: string) =>
        (await messages(`ruleId=${ruleId}&customerId=${customerId}`))
          .map((m) => [m.channel, m.status, m.reason])
          .sort();
      assert.deepEqual(await log(north, inTeam), [
        ['tag', 'sent', null],
        ['tag', 'sent', null],
      ]);
      assert.deepEqual(await log(north, inPool), []);
      assert.deepEqual(await log(teamless, inTeam), []);
      assert.deepEqual(await log(teamless, inPool), [
        ['tag', 'sent', null],
        ['tag', 'skipped', 'unchanged'],
      ]);
    });
  });
}
