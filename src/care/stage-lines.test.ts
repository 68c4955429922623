import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { databaseTargets, type Session, signUp, startApi, type TestApi } from '../../test/support.js';
import { mailSender } from '../mail/send-mail.js';
import { sweepWorkspace } from './jobs.js';

const noJobs = { send: async () => null, abandonedAfterSeconds: 60 } as never;

for (const target of databaseTargets) {
  describe(`stage rules per business line, and the dry run's reasons, on ${target.name}`, () => {
    let api: TestApi;
    let owner: Session;
    let tea = '';
    before(async () => {
      api = await startApi(target.url);
      owner = await signUp(api, 'Care lines');
      tea = (await owner.request({ method: 'POST', url: '/api/v1/business-lines', payload: { name: 'Tea' } }))
        .body.id;
      // Places the workspace's (no) customers: later sales are news that rules act on.
      const first = await owner.request({
        method: 'POST',
        url: '/api/v1/lifecycle/refresh',
        payload: { asOf: '2024-07-01' },
      });
      assert.equal(first.status, 200, JSON.stringify(first.body));
    });
    after(() => api.close());

    const rule = async (trigger: object, tag: string, conditions: object = {}) => {
      const res = await owner.request({
        method: 'POST',
        url: '/api/v1/care/rules',
        payload: {
          names: { en: tag, 'zh-CN': tag },
          trigger,
          conditions,
          actions: [{ type: 'add-tag', tag }],
        },
      });
      assert.equal(res.status, 201, JSON.stringify(res.body));
      return res.body.id as string;
    };
    const buyer = async (name: string, businessLineId: string | null) => {
      const id = (
        await owner.request({ method: 'POST', url: '/api/v1/customers', payload: { name, tags: ['vip'] } })
      ).body.id as string;
      const sale = await owner.request({
        method: 'POST',
        url: '/api/v1/transactions',
        payload: {
          customerId: id,
          occurredAt: '2024-07-05T10:00:00+08:00',
          amount: 100,
          ...(businessLineId ? { businessLineId } : {}),
        },
      });
      assert.equal(sale.status, 201, JSON.stringify(sale.body));
      return id;
    };
    const tagsOf = async (id: string) =>
      (await owner.request({ method: 'GET', url: `/api/v1/customers/${id}` })).body.tags as string[];

    test('a stage rule of one business line fires on entries in that line only; a whole one on the customer', async () => {
      const unknown = await owner.request({
        method: 'POST',
        url: '/api/v1/care/rules',
        payload: {
          names: { en: 'x', 'zh-CN': 'x' },
          trigger: {
            type: 'stage-entered',
            stage: 'exploration',
            businessLineId: '00000000-0000-4000-8000-000000000000',
          },
          actions: [{ type: 'add-tag', tag: 'x' }],
        },
      });
      assert.equal(unknown.status, 400);
      assert.deepEqual(
        unknown.body.errors.map((e: { path: string; code: string }) => [e.path, e.code]),
        [['body.trigger.businessLineId', 'not_in_workspace']],
      );
      await rule({ type: 'stage-entered', stage: 'exploration', businessLineId: tea }, 'tea-newcomer');
      await rule({ type: 'stage-entered', stage: 'exploration' }, 'newcomer');
      const teaBuyer = await buyer('Tea buyer', tea);
      const other = await buyer('Other buyer', null);
      const deps = {
        db: api.database.db,
        sendMail: mailSender(undefined),
        publicUrl: 'http://clm.test',
        secretKey: api.app.secretKey,
        now: () => new Date(),
      };
      await sweepWorkspace(deps, noJobs, owner.workspaceId);
      await sweepWorkspace(deps, noJobs, owner.workspaceId);
      assert.deepEqual((await tagsOf(teaBuyer)).sort(), ['newcomer', 'tea-newcomer', 'vip']);
      assert.deepEqual((await tagsOf(other)).sort(), ['newcomer', 'vip'], 'no tea purchase: no tea entry');
    });

    test("the dry run says why: the trigger's occasion and day, and each condition with the customer's value", async () => {
      const preview = await owner.request({
        method: 'POST',
        url: '/api/v1/care/rules/preview',
        payload: {
          names: { en: 'p', 'zh-CN': 'p' },
          trigger: { type: 'stage-entered', stage: 'exploration', businessLineId: tea },
          conditions: { tagsAny: ['vip'], businessLineIds: [tea] },
          actions: [{ type: 'add-tag', tag: 'p' }],
          day: '2024-07-05',
        },
      });
      assert.equal(preview.status, 200, JSON.stringify(preview.body));
      assert.deepEqual(
        preview.body.data.map((d: { name: string; why: unknown }) => [d.name, d.why]),
        [
          [
            'Tea buyer',
            {
              trigger: { type: 'stage-entered', day: '2024-07-05', occasion: 'stage:2024-07-05' },
              conditions: [
                { condition: 'tagsAny', expected: ['vip'], actual: ['vip', 'tea-newcomer', 'newcomer'] },
                { condition: 'businessLineIds', expected: [tea], actual: [tea] },
              ],
            },
          ],
        ],
        'the other buyer entered the stage as a whole only',
      );
    });
  });
}
