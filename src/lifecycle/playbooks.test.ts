import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import {
  addMember,
  databaseTargets,
  type Session,
  signUp,
  startApi,
  type TestApi,
} from '../../test/support.js';
import { inWorkspace } from '../db/tenant.js';
import { todayIn } from './overrides.js';
import { runPlaybooks, type StageEntry } from './playbooks.js';
import { workspaceModel } from './repository.js';

async function customer(
  session: Session,
  name: string,
  sales: string[],
  extra: { ownerId?: string | null; tags?: string[] } = {},
) {
  const id = (
    await session.request({ method: 'POST', url: '/api/v1/customers', payload: { name, ...extra } })
  ).body.id as string;
  for (const day of sales) await sale(session, id, day);
  return id;
}

async function sale(session: Session, customerId: string, day: string) {
  const res = await session.request({
    method: 'POST',
    url: '/api/v1/transactions',
    payload: { customerId, occurredAt: `${day}T10:00:00+08:00`, amount: 100 },
  });
  assert.equal(res.status, 201);
}

const refresh = async (session: Session, asOf: string) => {
  const res = await session.request({ method: 'POST', url: '/api/v1/lifecycle/refresh', payload: { asOf } });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return res.body as { evaluated: number; changed: number };
};

interface Task {
  customerId: string;
  assigneeId: string | null;
  title: string;
  titles: { en: string; 'zh-CN': string } | null;
  dueOn: string;
  stage: string | null;
  source: string;
}
const tasks = async (session: Session, query = '') =>
  (await session.request({ method: 'GET', url: `/api/v1/tasks?limit=500${query}` })).body.data as Task[];

for (const target of databaseTargets) {
  describe(`stage playbooks on ${target.name}`, () => {
    let api: TestApi;
    let alice: Session;
    const ids: Record<string, string> = {};
    before(async () => {
      api = await startApi(target.url);
      alice = await signUp(api, 'Playbooks');
      await api.database.db
        .updateTable('users')
        .set({ locale: 'zh-CN' })
        .where('id', '=', alice.userId)
        .execute();
      ids.prospect = await customer(alice, 'Prospect', [], { ownerId: alice.userId });
      ids.trial = await customer(alice, 'Trial', ['2024-06-15'], {
        ownerId: alice.userId,
        tags: ['trial', 'vip'],
      });
      ids.second = await customer(alice, 'Second', ['2024-06-20'], { ownerId: alice.userId });
      ids.steady = await customer(
        alice,
        'Steady',
        ['01', '02', '03', '04', '05', '06'].map((m) => `2024-${m}-01`),
      );
    });
    after(() => api.close());

    test('every stage of the model has a default playbook, in English and Chinese', async () => {
      const res = await alice.request({ method: 'GET', url: '/api/v1/lifecycle/playbooks' });
      assert.equal(res.status, 200);
      assert.deepEqual(
        res.body.data.map((p: { stage: string }) => p.stage),
        ['exploration', 'formation', 'stability', 'decline', 'terminated'],
      );
      for (const p of res.body.data) {
        assert.equal(p.default, true);
        assert.ok(p.advice.en && p.advice['zh-CN'], p.stage);
        assert.ok(p.tasks.length >= 1 && p.tasks.every((t: Task) => t.title), p.stage);
      }
      const one = await alice.request({ method: 'GET', url: '/api/v1/lifecycle/playbooks/decline' });
      assert.deepEqual(one.body, res.body.data[3]);
      const missing = await alice.request({ method: 'GET', url: '/api/v1/lifecycle/playbooks/nowhere' });
      assert.equal(missing.status, 404);
    });

    test('a playbook is replaced with PUT; bad ones are refused naming the field', async () => {
      const bad = await alice.request({
        method: 'PUT',
        url: '/api/v1/lifecycle/playbooks/formation',
        payload: { tasks: [{ title: '', dueInDays: -1 }], addTags: ['a'], removeTags: ['a'] },
      });
      assert.equal(bad.status, 400);
      assert.deepEqual(bad.body.errors.map((e: { path: string }) => e.path).sort(), [
        'body.removeTags.0',
        'body.tasks.0.dueInDays',
        'body.tasks.0.title',
      ]);
      const rep = await addMember(api, alice, 'rep');
      const forbidden = await rep.request({
        method: 'PUT',
        url: '/api/v1/lifecycle/playbooks/formation',
        payload: {},
      });
      assert.equal(forbidden.status, 403);
      const res = await alice.request({
        method: 'PUT',
        url: '/api/v1/lifecycle/playbooks/formation',
        payload: {
          advice: { en: 'Grow them', 'zh-CN': '培养客户' },
          tasks: [
            { title: { en: 'Send the catalogue', 'zh-CN': '寄送产品目录' }, dueInDays: 5 },
            { title: 'Plan a visit', dueInDays: 10 },
          ],
          addTags: ['repeat'],
          removeTags: ['trial'],
        },
      });
      assert.equal(res.status, 200);
      assert.equal(res.body.default, false);
      const read = await alice.request({ method: 'GET', url: '/api/v1/lifecycle/playbooks/formation' });
      assert.deepEqual(read.body, res.body);
    });

    test('the first refresh places the customers the workspace had without acting on them', async () => {
      await refresh(alice, '2024-07-01');
      assert.deepEqual(await tasks(alice), []);
    });

    test("entering a stage creates the playbook's tasks for the owner and changes the tags, once", async () => {
      // The sale itself re-places the customer: formation from the day of the sale.
      await sale(alice, ids.trial, '2024-07-05');
      const made = await tasks(alice, `&customerId=${ids.trial}`);
      assert.deepEqual(
        made.map((t) => [t.assigneeId, t.title, t.titles?.en ?? null, t.dueOn, t.stage, t.source]),
        [
          [alice.userId, '寄送产品目录', 'Send the catalogue', '2024-07-10', 'formation', 'playbook'],
          [alice.userId, 'Plan a visit', null, '2024-07-15', 'formation', 'playbook'],
        ],
      );
      const trial = (await alice.request({ method: 'GET', url: `/api/v1/customers/${ids.trial}` })).body;
      assert.deepEqual(trial.tags, ['vip', 'repeat']);
      const audited = await inWorkspace(api.database.db, alice.workspaceId, (tx) =>
        tx
          .selectFrom('audit_log')
          .select(['user_id', 'action', 'before', 'after'])
          .where('entity', '=', 'customer')
          .where('entity_id', '=', ids.trial)
          .where('action', '=', 'update')
          .execute(),
      );
      assert.deepEqual(audited, [
        {
          user_id: null,
          action: 'update',
          before: { tags: ['trial', 'vip'] },
          after: { tags: ['vip', 'repeat'], playbook: 'formation' },
        },
      ]);
      assert.equal(trial.lifecycle.stage, 'formation');
      assert.equal(trial.lifecycle.since, '2024-07-05');
      // The refresh evaluates the customer again (and a prospect recorded after this day, placed on
      // each day until then), twice; the entries acted on are offered again: nothing more.
      assert.deepEqual(await refresh(alice, '2024-07-10'), { evaluated: 2, changed: 0 });
      assert.deepEqual(await refresh(alice, '2024-07-10'), { evaluated: 0, changed: 0 });
      const again = await inWorkspace(api.database.db, alice.workspaceId, async (tx) => {
        const entries = await sql<StageEntry>`
          select id::text as "historyId", customer_id as "customerId", business_line_id as "businessLineId",
            to_stage as stage, at::text as at
          from lifecycle_history where id in (select history_id from lifecycle_playbook_runs)`.execute(tx);
        return runPlaybooks(tx, alice.workspaceId, await workspaceModel(tx, alice.workspaceId), entries.rows);
      });
      assert.equal(again, 0);
      assert.equal((await tasks(alice)).length, 2);
      const after = (await alice.request({ method: 'GET', url: `/api/v1/customers/${ids.trial}` })).body;
      assert.equal(after.version, trial.version);
    });

    test('a bulk write re-places its customers before it answers', async () => {
      const res = await alice.request({
        method: 'POST',
        url: '/api/v1/transactions/bulk',
        payload: {
          transactions: [{ customerId: ids.second, occurredAt: '2024-07-15T10:00:00+08:00', amount: 80 }],
        },
      });
      assert.equal(res.status, 201);
      const second = (await alice.request({ method: 'GET', url: `/api/v1/customers/${ids.second}` })).body;
      assert.deepEqual([second.lifecycle.stage, second.lifecycle.since], ['formation', '2024-07-15']);
      assert.equal((await tasks(alice, `&customerId=${ids.second}`)).length, 2);
    });

    test('two refreshes racing act on each entry once; a customer without an owner gets an unassigned task in English', async () => {
      const results = await Promise.all([refresh(alice, '2024-09-15'), refresh(alice, '2024-09-15')]);
      assert.deepEqual(results.map((r) => r.changed).sort(), [0, 1]);
      const made = await tasks(alice, `&customerId=${ids.steady}`);
      assert.deepEqual(
        made.map((t) => [t.assigneeId, t.title, t.dueOn, t.stage]),
        // Due two days after the day the customer declined (2024-07-30), not after the refresh.
        [[null, 'Call the customer to find out why they buy less', '2024-08-01', 'decline']],
      );
      assert.deepEqual(
        (await tasks(alice, '&assignee=none')).map((t) => t.customerId),
        [ids.steady],
      );
    });

    test("a manual stage runs the stage's playbook too", async () => {
      const res = await alice.request({
        method: 'PUT',
        url: `/api/v1/customers/${ids.prospect}/lifecycle`,
        payload: { stage: 'stability', reason: 'Signed a framework agreement' },
      });
      assert.equal(res.status, 200);
      const made = await tasks(alice, `&customerId=${ids.prospect}`);
      const today = todayIn('Asia/Shanghai');
      assert.equal(made.length, 1);
      assert.equal(made[0].title, '感谢客户并提供会员权益');
      assert.equal(made[0].stage, 'stability');
      assert.ok(made[0].dueOn > today);
    });

    test('a termination by hand carries its churn reason, and the reasons are counted', async () => {
      const url = `/api/v1/customers/${ids.prospect}/lifecycle`;
      const wrong = await alice.request({
        method: 'PUT',
        url,
        payload: { stage: 'formation', reason: 'x', churnReason: { category: 'competitor' } },
      });
      assert.equal(wrong.status, 400);
      assert.deepEqual(
        wrong.body.errors.map((e: { path: string }) => e.path),
        ['body.churnReason'],
      );
      const badCategory = await alice.request({
        method: 'PUT',
        url,
        payload: { stage: 'terminated', reason: 'x', churnReason: { category: 'weather' } },
      });
      assert.equal(badCategory.status, 400);
      const res = await alice.request({
        method: 'PUT',
        url,
        payload: {
          stage: 'terminated',
          reason: 'Moved to another supplier',
          churnReason: { category: 'competitor', detail: 'A lower price' },
        },
      });
      assert.equal(res.status, 200);
      assert.deepEqual(res.body.cause.churnReason, { category: 'competitor', detail: 'A lower price' });
      const history = (await alice.request({ method: 'GET', url: `${url}/history` })).body.data;
      assert.deepEqual(history.at(-1).cause.churnReason, { category: 'competitor', detail: 'A lower price' });
      const counted = await alice.request({
        method: 'GET',
        url: '/api/v1/lifecycle/churn-reasons?from=2024-01-01&to=2099-12-31',
      });
      assert.equal(counted.status, 200);
      assert.deepEqual(counted.body.data, [{ category: 'competitor', stage: 'terminated', count: 1 }]);
    });
  });
}
