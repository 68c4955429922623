import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  addMember,
  databaseTargets,
  type Session,
  signUp,
  startApi,
  type TestApi,
} from '../../test/support.js';
import { todayIn } from './overrides.js';

const sale = (customerId: string, day: string, amount: number, businessLineId?: string) => ({
  customerId,
  occurredAt: `${day}T10:00:00+08:00`,
  amount,
  ...(businessLineId ? { businessLineId } : {}),
});

async function customer(session: Session, name: string, sales: [string, number, string?][] = []) {
  const id = (await session.request({ method: 'POST', url: '/api/v1/customers', payload: { name } })).body.id;
  if (sales.length) {
    const transactions = sales.map(([day, amount, line]) => sale(id, day, amount, line));
    const res = await session.request({
      method: 'POST',
      url: '/api/v1/transactions/bulk',
      payload: { transactions },
    });
    assert.equal(res.status, 201);
  }
  return id as string;
}

const refresh = (session: Session, asOf: string) =>
  session.request({ method: 'POST', url: '/api/v1/lifecycle/refresh', payload: { asOf } });
const lifecycle = async (session: Session, id: string) =>
  (await session.request({ method: 'GET', url: `/api/v1/customers/${id}/lifecycle` })).body;
const stageOf = async (session: Session, id: string) => {
  const body = await lifecycle(session, id);
  return `${body.stage} ${body.cause.type === 'rule' ? body.cause.rule : 'manual'}`;
};
const monthly = (amount: number): [string, number][] =>
  ['01', '02', '03', '04', '05', '06'].map((m) => [`2024-${m}-01`, amount]);

for (const target of databaseTargets) {
  describe(`lifecycle API on ${target.name}`, () => {
    let api: TestApi;
    let alice: Session;
    const ids: Record<string, string> = {};
    before(async () => {
      api = await startApi(target.url);
      alice = await signUp(api, 'Lifecycle');
      ids.prospect = await customer(alice, 'Prospect');
      ids.trial = await customer(alice, 'Trial', [['2024-06-15', 100]]);
      ids.steady = await customer(alice, 'Steady', monthly(100));
      ids.formation = await customer(alice, 'Formation', [
        ['2024-05-01', 100],
        ['2024-06-01', 100],
      ]);
      ids.lapsed = await customer(alice, 'Lapsed', [
        ['2023-01-01', 50],
        ['2023-02-01', 50],
      ]);
    });
    after(() => api.close());

    test('a first refresh places every customer by the relationship rules', async () => {
      const res = await refresh(alice, '2024-07-01');
      assert.equal(res.status, 200);
      assert.deepEqual(res.body, { evaluated: 5, changed: 5 });
      assert.equal(await stageOf(alice, ids.prospect), 'exploration exploration');
      assert.equal(await stageOf(alice, ids.trial), 'exploration exploration');
      assert.equal(await stageOf(alice, ids.steady), 'stability stability');
      assert.equal(await stageOf(alice, ids.formation), 'formation formation');
      assert.equal(await stageOf(alice, ids.lapsed), 'terminated terminated.inactive');
    });

    test('the lifecycle names the model, the day of entry and the metrics the rule saw that day', async () => {
      const body = await lifecycle(alice, ids.steady);
      assert.deepEqual(body, {
        model: 'relationship',
        stage: 'stability',
        // Stability is entered when the tenure reaches 180 days (2024-01-01 + 180), not on the day of
        // the refresh: median interval 31 days, 300 in the 90 days up to 2024-06-29.
        since: '2024-06-29',
        cause: {
          type: 'rule',
          rule: 'stability',
          metrics: {
            n: 6,
            gap: 28,
            rhythm: 31,
            tenure: 180,
            rev90: 300,
            prev90: 200,
            pAlive: null,
            hasOwner: false,
            openOpportunity: false,
            recentInteraction: false,
            terminatedByUser: false,
          },
        },
        // And what the rules see at the refresh's as-of: 182 days of tenure, 200 in the last 90 days.
        now: {
          asOf: '2024-07-01',
          metrics: {
            n: 6,
            gap: 30,
            rhythm: 31,
            tenure: 182,
            rev90: 200,
            prev90: 300,
            pAlive: null,
            hasOwner: false,
            openOpportunity: false,
            recentInteraction: false,
            terminatedByUser: false,
          },
        },
      });
    });

    test('refreshing again at the same as-of evaluates and changes nothing', async () => {
      assert.deepEqual((await refresh(alice, '2024-07-01')).body, { evaluated: 0, changed: 0 });
    });

    test('a later as-of evaluates only customers whose dates came due', async () => {
      // Steady's May sale left the recent window on 2024-07-30 (100 against 400 before: a revenue
      // drop); Formation's May sale left it too. The prospect, recorded after these days, is placed on
      // each as-of until then.
      assert.deepEqual((await refresh(alice, '2024-08-03')).body, { evaluated: 3, changed: 1 });
      assert.equal(await stageOf(alice, ids.steady), 'decline decline.revenue-drop');
      assert.equal(await stageOf(alice, ids.formation), 'formation formation');
    });

    test('history lists every change oldest first, on the day it happened, with its cause', async () => {
      const res = await alice.request({
        method: 'GET',
        url: `/api/v1/customers/${ids.steady}/lifecycle/history`,
      });
      assert.deepEqual(
        res.body.data.map((h: { from: string; to: string; at: string; cause: { rule: string } }) => [
          h.from,
          h.to,
          h.at,
          h.cause.rule,
        ]),
        // Replayed from the first purchase: the first refresh already shows the customer's past.
        [
          [null, 'exploration', '2024-01-01', 'exploration'],
          ['exploration', 'formation', '2024-02-01', 'formation'],
          ['formation', 'stability', '2024-06-29', 'stability'],
          ['stability', 'decline', '2024-07-30', 'decline.revenue-drop'],
        ],
      );
    });

    test('the distribution counts customers and revenue per stage, now and at a past day', async () => {
      const now = (await alice.request({ method: 'GET', url: '/api/v1/lifecycle/distribution' })).body;
      assert.deepEqual(
        now.stages.map((s: { stage: string; count: number; revenue: string }) => [
          s.stage,
          s.count,
          s.revenue,
        ]),
        [
          ['exploration', 2, '100.00'],
          ['formation', 1, '200.00'],
          ['stability', 0, '0.00'],
          ['decline', 1, '600.00'],
          ['terminated', 1, '100.00'],
        ],
      );
      assert.equal(now.stages[0].labels['zh-CN'], '考察期');
      const then = (
        await alice.request({ method: 'GET', url: '/api/v1/lifecycle/distribution?asOf=2024-07-15' })
      ).body;
      assert.deepEqual(
        then.stages.map((s: { stage: string; count: number }) => [s.stage, s.count]),
        // The prospect, recorded after 2024-07-15, had no stage that day.
        [
          ['exploration', 1],
          ['formation', 1],
          ['stability', 1],
          ['decline', 0],
          ['terminated', 1],
        ],
      );
    });

    test('a customer in decline stays there until a new purchase, then the rules resume', async () => {
      // Only the prospect recorded after this day is evaluated again.
      assert.deepEqual((await refresh(alice, '2024-08-10')).body, { evaluated: 1, changed: 0 });
      await alice.request({
        method: 'POST',
        url: '/api/v1/transactions',
        payload: sale(ids.steady, '2024-08-10', 100),
      });
      // The write itself re-placed the customer; the refresh evaluates them again and agrees.
      assert.equal(await stageOf(alice, ids.steady), 'stability stability');
      assert.deepEqual((await refresh(alice, '2024-08-20')).body, { evaluated: 2, changed: 0 });
      assert.equal(await stageOf(alice, ids.steady), 'stability stability');
    });

    test('an override needs a reason and a stage of the model, each error naming its field', async () => {
      const url = `/api/v1/customers/${ids.formation}/lifecycle`;
      const unknown = await alice.request({ method: 'PUT', url, payload: { stage: 'loyal', reason: 'x' } });
      assert.equal(unknown.status, 400);
      assert.deepEqual(
        unknown.body.errors.map((e: { path: string }) => e.path),
        ['body.stage'],
      );
      const noReason = await alice.request({ method: 'PUT', url, payload: { stage: 'stability' } });
      assert.equal(noReason.status, 400);
      assert.deepEqual(
        noReason.body.errors.map((e: { path: string }) => e.path),
        ['body.reason'],
      );
    });

    test('an override holds through refreshes and ends with a purchase on a later day', async () => {
      const today = todayIn('Asia/Shanghai');
      const tomorrow = new Date(Date.parse(today) + 86_400_000).toISOString().slice(0, 10);
      const url = `/api/v1/customers/${ids.formation}/lifecycle`;
      const put = await alice.request({
        method: 'PUT',
        url,
        payload: { stage: 'stability', reason: 'Signed a two-year contract' },
      });
      assert.equal(put.status, 200);
      assert.deepEqual(put.body.cause, {
        type: 'manual',
        userId: alice.userId,
        reason: 'Signed a two-year contract',
        until: null,
      });
      // The override takes effect today: a refresh at today keeps it, and so does a sale back-dated
      // to today (a purchase ends it on a later day than its own).
      assert.equal((await refresh(alice, today)).status, 200);
      assert.equal(await stageOf(alice, ids.formation), 'stability manual');
      await alice.request({
        method: 'POST',
        url: '/api/v1/transactions',
        payload: sale(ids.formation, today, 1),
      });
      await refresh(alice, today);
      assert.equal(await stageOf(alice, ids.formation), 'stability manual');
      await alice.request({
        method: 'POST',
        url: '/api/v1/transactions',
        payload: sale(ids.formation, tomorrow, 100),
      });
      await refresh(alice, tomorrow);
      assert.equal(await stageOf(alice, ids.formation), 'formation formation');
      const history = (await alice.request({ method: 'GET', url: `${url}/history` })).body.data;
      assert.deepEqual(
        history.map((h: { to: string; cause: { type: string } }) => `${h.to}:${h.cause.type}`),
        [
          'exploration:rule',
          'formation:rule',
          'decline:rule',
          'terminated:rule',
          'stability:manual',
          'formation:rule',
        ],
      );
    });

    test('an override with until holds through that day and ends after it', async () => {
      const today = todayIn('Asia/Shanghai');
      const plus = (days: number) =>
        new Date(Date.parse(today) + days * 86_400_000).toISOString().slice(0, 10);
      const url = `/api/v1/customers/${ids.trial}/lifecycle`;
      const past = await alice.request({
        method: 'PUT',
        url,
        payload: { stage: 'formation', reason: 'x', until: plus(-1) },
      });
      assert.equal(past.status, 400);
      assert.equal(past.body.errors[0].path, 'body.until');
      const put = await alice.request({
        method: 'PUT',
        url,
        payload: { stage: 'formation', reason: 'Pilot project', until: plus(10) },
      });
      assert.equal(put.body.cause.until, plus(10));
      await refresh(alice, plus(10));
      assert.equal(await stageOf(alice, ids.trial), 'formation manual');
      await refresh(alice, plus(11));
      // Its only purchase was on 2024-06-15: far more than a year before.
      assert.equal(await stageOf(alice, ids.trial), 'terminated terminated.inactive');
    });

    test('a churn reason goes with a decline or termination stage only, and a return hands the customer back to the rules', async () => {
      const url = `/api/v1/customers/${ids.steady}/lifecycle`;
      const computed = await lifecycle(alice, ids.steady);
      assert.equal(computed.cause.type, 'rule');
      const notManual = await alice.request({ method: 'DELETE', url: `${url}/override` });
      assert.equal(notManual.status, 409);
      const wrongStage = await alice.request({
        method: 'PUT',
        url,
        payload: { stage: 'stability', reason: 'x', churnReason: { category: 'competitor' } },
      });
      assert.equal(wrongStage.status, 400);
      assert.deepEqual(
        wrongStage.body.errors.map((e: { path: string }) => e.path),
        ['body.churnReason'],
      );
      const badCategory = await alice.request({
        method: 'PUT',
        url,
        payload: { stage: 'decline', reason: 'x', churnReason: { category: 'weather' } },
      });
      assert.equal(badCategory.status, 400);
      assert.equal(badCategory.body.errors[0].path, 'body.churnReason.category');
      const put = await alice.request({
        method: 'PUT',
        url,
        payload: { stage: 'decline', reason: 'Moved to a rival', churnReason: { category: 'competitor' } },
      });
      assert.equal(put.status, 200);
      assert.equal(put.body.stage, 'decline');
      assert.deepEqual(put.body.cause.churnReason, { category: 'competitor' });

      const analyst = await addMember(api, alice, 'analyst');
      assert.equal((await analyst.request({ method: 'DELETE', url: `${url}/override` })).status, 403);
      const back = await alice.request({ method: 'DELETE', url: `${url}/override` });
      assert.equal(back.status, 200);
      assert.equal(back.body.stage, computed.stage);
      assert.equal(back.body.cause.type, 'rule');
      assert.deepEqual(await lifecycle(alice, ids.steady), back.body);
      const history = (await alice.request({ method: 'GET', url: `${url}/history` })).body.data;
      // Set and ended the same day, the override held on no day: the history is the rules' again.
      const last = history.at(-1);
      assert.equal(`${last.to}:${last.cause.type}`, `${computed.stage}:rule`);
      assert.ok(history.every((h: { cause: { type: string } }) => h.cause.type === 'rule'));
      // The ended override no longer holds at the next refresh either.
      const later = new Date(Date.parse(todayIn('Asia/Shanghai')) + 12 * 86_400_000)
        .toISOString()
        .slice(0, 10);
      assert.equal((await refresh(alice, later)).status, 200);
      assert.equal((await lifecycle(alice, ids.steady)).cause.type, 'rule');
      assert.equal((await alice.request({ method: 'DELETE', url: `${url}/override` })).status, 409);
    });

    test('reps cannot refresh and analysts cannot override', async () => {
      const rep = await addMember(api, alice, 'rep');
      const analyst = await addMember(api, alice, 'analyst');
      assert.equal((await refresh(rep, '2024-09-05')).status, 403);
      const put = await analyst.request({
        method: 'PUT',
        url: `/api/v1/customers/${ids.prospect}/lifecycle`,
        payload: { stage: 'formation', reason: 'x' },
      });
      assert.equal(put.status, 403);
      assert.equal(
        (await analyst.request({ method: 'GET', url: `/api/v1/customers/${ids.prospect}/lifecycle` })).status,
        200,
      );
    });

    test('a customer never refreshed has no stage yet (404)', async () => {
      const id = await customer(alice, 'Newcomer');
      const res = await alice.request({ method: 'GET', url: `/api/v1/customers/${id}/lifecycle` });
      assert.equal(res.status, 404);
    });
  });

  describe(`lifecycle per business line on ${target.name}`, () => {
    let api: TestApi;
    let bob: Session;
    before(async () => {
      api = await startApi(target.url);
      bob = await signUp(api, 'Lines');
    });
    after(() => api.close());

    test('a loyal customer of one line is in exploration of a new one', async () => {
      const line = async (name: string) =>
        (await bob.request({ method: 'POST', url: '/api/v1/business-lines', payload: { name } })).body
          .id as string;
      const retail = await line('Retail');
      const wholesale = await line('Wholesale');
      const id = await customer(bob, 'Cross', [
        ...monthly(100).map(([d, a]): [string, number, string] => [d, a, retail]),
        ['2024-06-20', 500, wholesale],
      ]);
      assert.deepEqual((await refresh(bob, '2024-07-01')).body, { evaluated: 1, changed: 3 });
      const body = await lifecycle(bob, id);
      assert.equal(body.stage, 'stability');
      const byLine = Object.fromEntries(
        body.byBusinessLine.map((l: { businessLineId: string; stage: string }) => [
          l.businessLineId,
          l.stage,
        ]),
      );
      assert.deepEqual(byLine, { [retail]: 'stability', [wholesale]: 'exploration' });
      const lineHistory = await bob.request({
        method: 'GET',
        url: `/api/v1/customers/${id}/lifecycle/history?businessLineId=${wholesale}`,
      });
      assert.deepEqual(
        lineHistory.body.data.map((h: { to: string }) => h.to),
        ['exploration'],
      );
    });
  });
}
