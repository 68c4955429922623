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
import { inWorkspace } from '../db/tenant.js';

const monthly = (months: string[]): [string, number][] => months.map((m) => [`2024-${m}-01`, 100]);

async function customer(session: Session, name: string, sales: [string, number][] = []) {
  const id = (await session.request({ method: 'POST', url: '/api/v1/customers', payload: { name } })).body.id;
  if (sales.length) {
    const transactions = sales.map(([day, amount]) => ({
      customerId: id,
      occurredAt: `${day}T10:00:00+08:00`,
      amount,
    }));
    const res = await session.request({
      method: 'POST',
      url: '/api/v1/transactions/bulk',
      payload: { transactions },
    });
    assert.equal(res.status, 201);
  }
  return id as string;
}

const AS_OF = '2024-07-01';

for (const target of databaseTargets) {
  describe(`lifecycle settings preview on ${target.name}`, () => {
    let api: TestApi;
    let owner: Session;
    const ids: Record<string, string> = {};
    before(async () => {
      api = await startApi(target.url);
      owner = await signUp(api, 'Preview');
      ids.prospect = await customer(owner, 'Prospect');
      ids.formation = await customer(owner, 'Formation', monthly(['05', '06']));
      ids.four = await customer(owner, 'Four', monthly(['03', '04', '05', '06']));
      ids.held = await customer(owner, 'Four, held by hand', monthly(['03', '04', '05', '06']));
      ids.steady = await customer(owner, 'Steady', monthly(['01', '02', '03', '04', '05', '06']));
      ids.lapsed = await customer(owner, 'Lapsed', [
        ['2023-01-01', 50],
        ['2023-02-01', 50],
      ]);
      const refresh = await owner.request({
        method: 'POST',
        url: '/api/v1/lifecycle/refresh',
        payload: { asOf: AS_OF },
      });
      assert.deepEqual(refresh.body, { evaluated: 6, changed: 6 });
      const held = await owner.request({
        method: 'PUT',
        url: `/api/v1/customers/${ids.held}/lifecycle`,
        payload: { stage: 'formation', reason: 'Buys for a project; not a steady customer yet' },
      });
      assert.equal(held.status, 200);
      // An override takes effect on the day it is made; the data of this test lie in 2024, so it is
      // dated to the as-of day, as if it had been made then.
      await inWorkspace(api.database.db, owner.workspaceId, (tx) =>
        tx
          .updateTable('lifecycle_overrides')
          .set({ since: AS_OF })
          .where('customer_id', '=', ids.held)
          .execute(),
      );
    });
    after(() => api.close());

    const preview = (payload: Record<string, unknown>, session = owner) =>
      session.request({
        method: 'POST',
        url: '/api/v1/lifecycle/preview',
        payload: { asOf: AS_OF, ...payload },
      });

    /** Everything a refresh or a settings change writes, to show that a preview writes none of it. */
    const written = () =>
      inWorkspace(api.database.db, owner.workspaceId, async (tx) => ({
        stages: await tx
          .selectFrom('customer_lifecycle')
          .selectAll()
          .orderBy('customer_id')
          .orderBy('business_line_id')
          .execute(),
        history: await tx
          .selectFrom('lifecycle_history')
          .selectAll()
          .orderBy('customer_id')
          .orderBy('at')
          .execute(),
        overrides: await tx.selectFrom('lifecycle_overrides').selectAll().orderBy('customer_id').execute(),
        settings: await tx.selectFrom('lifecycle_settings').selectAll().execute(),
      }));

    test('the stored settings at the last refresh day move nobody', async () => {
      const res = await preview({});
      assert.equal(res.status, 200);
      assert.deepEqual(res.body, { asOf: AS_OF, model: 'relationship', evaluated: 6, moving: 0, moves: [] });
    });

    test('lowering the stability thresholds moves the four-purchase customer, not the one held by hand', async () => {
      const before = await written();
      const res = await preview({ thresholds: { stability: { minPurchaseDays: 4, minTenureDays: 90 } } });
      assert.equal(res.status, 200);
      assert.deepEqual(res.body, {
        asOf: AS_OF,
        model: 'relationship',
        evaluated: 6,
        moving: 1,
        moves: [{ from: 'formation', to: 'stability', count: 1 }],
      });
      assert.deepEqual(await written(), before);
      const stage = await owner.request({ method: 'GET', url: `/api/v1/customers/${ids.four}/lifecycle` });
      assert.equal(stage.body.stage, 'formation');
    });

    test('raising them moves the steady customer down to formation', async () => {
      const res = await preview({ thresholds: { stability: { minPurchaseDays: 7 } } });
      assert.deepEqual(res.body.moves, [{ from: 'stability', to: 'formation', count: 1 }]);
      assert.equal(res.body.moving, 1);
    });

    test('another model moves everyone into its stages; an override to a stage it lacks ends', async () => {
      const before = await written();
      const res = await preview({ model: 'simple' });
      assert.equal(res.status, 200);
      assert.equal(res.body.model, 'simple');
      assert.equal(res.body.moving, 6);
      assert.deepEqual(
        res.body.moves.map(
          (m: { from: string; to: string; count: number }) => `${m.from}>${m.to}:${m.count}`,
        ),
        ['formation>active:3', 'exploration>potential:1', 'stability>loyal:1', 'terminated>lapsed:1'],
      );
      assert.deepEqual(await written(), before);
      const models = await owner.request({ method: 'GET', url: '/api/v1/lifecycle/models' });
      assert.equal(models.body.current, 'relationship');
    });

    test('a customer never placed counts as a move from no stage', async () => {
      await customer(owner, 'Newcomer');
      const res = await preview({});
      assert.equal(res.body.evaluated, 7);
      assert.deepEqual(res.body.moves, [{ from: null, to: 'exploration', count: 1 }]);
    });

    test('invalid settings are a 400 naming the field, as when saving', async () => {
      for (const [payload, path] of [
        [{ thresholds: { decline: { pAliveBelow: 2 } } }, 'body.thresholds.decline.pAliveBelow'],
        [{ thresholds: { loyalty: { minPurchaseDays: 3 } } }, 'body.thresholds.loyalty'],
        [{ model: 'no-such-model' }, 'body.model'],
        [{ asOf: '2024-13-01' }, 'body.asOf'],
        [{ colour: 'red' }, 'body.colour'],
      ] as const) {
        const res = await preview(payload);
        assert.equal(res.status, 400, JSON.stringify(payload));
        assert.equal(res.headers['content-type'], 'application/problem+json; charset=utf-8');
        assert.ok(
          res.body.errors.some((e: { path: string }) => e.path === path),
          `${JSON.stringify(payload)}: ${JSON.stringify(res.body.errors)}`,
        );
      }
    });

    test('only those who may change the settings may preview them', async () => {
      for (const role of ['manager', 'rep', 'analyst']) {
        const member = await addMember(api, owner, role);
        assert.equal((await preview({}, member)).status, 403, role);
      }
      const admin = await addMember(api, owner, 'admin');
      assert.equal((await preview({}, admin)).status, 200);
    });

    test('without asOf the preview evaluates today', async () => {
      const res = await owner.request({ method: 'POST', url: '/api/v1/lifecycle/preview', payload: {} });
      assert.equal(res.status, 200);
      assert.match(res.body.asOf, /^\d{4}-\d{2}-\d{2}$/);
      assert.notEqual(res.body.asOf, AS_OF);
      assert.equal(res.body.evaluated, 7);
    });
  });
}
