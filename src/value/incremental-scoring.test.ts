import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { databaseTargets, openTestDatabase, uniqueEmail } from '../../test/support.js';
import { formatDay, parseIsoDay } from '../analytics/civil-days.js';
import { createRandom } from '../analytics/random.js';
import type { TransactionColumns } from '../analytics/summaries.js';
import type { Database } from '../db/database.js';
import { inWorkspace } from '../db/tenant.js';
import { runDueRefreshes } from '../lifecycle/nightly.js';
import { refreshLifecycle } from '../lifecycle/refresh.js';
import { storedWorkspaceModel } from '../scoring/model-store.js';
import { fitWorkspaceModel } from '../scoring/workspace-model.js';
import { createWorkspace } from '../workspaces/service.js';
import {
  type CustomerValues,
  computeCustomerValues,
  scoreCustomers,
  valueCutoffs,
} from './customer-values.js';
import { cutoffsHold, refreshCustomerValues, startValueRefresh } from './refresh.js';
import type { ValueCutoffs } from './value-cutoffs.js';

const AS_OF = '2025-03-31';
const DAY = parseIsoDay(AS_OF);
const CUSTOMERS = 300;

interface Sale {
  customer: number;
  day: number;
  amount: number;
}

/**
 * Seeded histories over two years: each customer at their own pace until a lifetime of their own ends
 * (without dropouts no repeat model converges: P(dropout) runs off to 0), amounts in whole yuan (ties).
 */
function histories(seed: number): Sale[] {
  const random = createRandom(seed);
  const sales: Sale[] = [];
  for (let customer = 0; customer < CUSTOMERS; customer++) {
    const gap = 5 + random.uniform() * 120;
    const start = DAY - 730 + Math.floor(random.uniform() * 700);
    const end = Math.min(DAY, start + 60 + random.uniform() * 900);
    for (let day = start; day <= end; day += 1 + random.exponential(1 / gap))
      sales.push({ customer, day: Math.floor(day), amount: 10 + Math.floor(random.uniform() * 400) });
  }
  return sales;
}

function columnsOf(sales: Sale[], customers = CUSTOMERS): TransactionColumns {
  return {
    customer: Int32Array.from(sales, (s) => s.customer),
    time: Float64Array.from(sales, (s) => s.day),
    amount: Float64Array.from(sales, (s) => s.amount),
    customers,
    timeUnit: 'days',
  };
}

/** One customer's figures, as the refresh stores them (before rounding). */
function figures(values: CustomerValues, i: number) {
  const { rfm, predictions: p } = values;
  return {
    customer: values.summary.customer[i],
    r: rfm.r[i],
    f: rfm.f[i],
    m: rfm.m[i],
    segment: values.segment[i],
    cnClass: values.cnClass[i],
    abc: values.abc[i],
    pAlive: p?.pAlive[i],
    expectedPurchases: p?.expectedPurchases[i],
    expectedAvgSpend: p?.expectedAvgSpend?.[i],
    clv: p?.clv?.[i],
    churnRisk: values.churnModel?.probability[i],
    churnLevel: values.churnModel?.band[i],
  };
}

async function fitted(columns: TransactionColumns) {
  const params = fitWorkspaceModel(columns, DAY);
  return { values: await computeCustomerValues(columns, DAY, params), params };
}

/** Customer c's rows alone, as the incremental read gives them (the customer numbered 0). */
const alone = (sales: Sale[], c: number) =>
  columnsOf(
    sales.filter((s) => s.customer === c).map((s) => ({ ...s, customer: 0 })),
    1,
  );

test('stored cut-offs score only at their as-of, within a day', () => {
  const at = new Date('2025-03-31T02:00:00Z');
  const hour = 3_600_000;
  const cutoffs = { asOf: AS_OF, at, values: {} as ValueCutoffs };
  assert.equal(cutoffsHold(cutoffs, AS_OF, at.getTime() + 23 * hour), true);
  assert.equal(cutoffsHold(cutoffs, AS_OF, at.getTime() + 24 * hour), false, 'a day old');
  assert.equal(cutoffsHold(cutoffs, '2025-04-01', at.getTime() + hour), false, 'another as-of');
  assert.equal(cutoffsHold(null, AS_OF, at.getTime()), false, 'none stored');
});

test('every customer scored alone against the cut-offs gets what the full computation gave', async () => {
  const sales = histories(7);
  const { values, params } = await fitted(columnsOf(sales));
  assert.ok(params.repeat && params.gammaGamma, 'the sample supports both models');
  const cutoffs = valueCutoffs(values);
  assert.deepEqual(
    [...new Set(values.rfm.r)].sort(),
    [1, 2, 3, 4, 5],
    'the sample spreads over every R score',
  );
  for (let i = 0; i < values.summary.customer.length; i++) {
    const c = values.summary.customer[i];
    const one = scoreCustomers(alone(sales, c), DAY, params, cutoffs);
    assert.deepEqual({ ...figures(one, 0), customer: c }, figures(values, i), `customer ${c}`);
  }
});

test('a changed customer scored against unmoved cut-offs gets what a full recomputation gives', async () => {
  const sales = histories(7);
  const { values: before, params } = await fitted(columnsOf(sales));
  const cutoffs = valueCutoffs(before);
  // Customer 200 buys again on the as-of day, which moves nobody else's scores (chosen so: most
  // sales move some neighbour across a quintile edge). The fit stays: it is refitted once a day.
  const changed = 200;
  const more = [...sales, { customer: changed, day: DAY, amount: 20 }];
  const after = await computeCustomerValues(columnsOf(more), DAY, params);
  const row = (values: CustomerValues, c: number) => values.summary.customer.indexOf(c);
  // The precondition: the cut-offs did not move, so nobody else's relative scores changed.
  for (let c = 0; c < CUSTOMERS; c++) {
    if (c === changed || row(before, c) < 0) continue;
    const [b, a] = [figures(before, row(before, c)), figures(after, row(after, c))];
    assert.deepEqual([a.r, a.f, a.m, a.abc], [b.r, b.f, b.m, b.abc], `customer ${c}`);
  }
  const was = figures(before, row(before, changed));
  const full = figures(after, row(after, changed));
  assert.notDeepEqual([full.r, full.f, full.m], [was.r, was.f, was.m], 'the sale moves its scores');
  const scored = figures(scoreCustomers(alone(more, changed), DAY, params, cutoffs), 0);
  const pick = ({
    r,
    f,
    m,
    segment,
    abc,
    pAlive,
    expectedPurchases,
    expectedAvgSpend,
    clv,
  }: typeof full) => ({
    r,
    f,
    m,
    segment,
    abc,
    pAlive,
    expectedPurchases,
    expectedAvgSpend,
    clv,
  });
  assert.deepEqual(pick(scored), pick(full));
});

for (const target of databaseTargets) {
  describe(`incremental value scoring on ${target.name}`, () => {
    let database: Database;
    let workspaceId: string;
    let ids: string[];
    before(async () => {
      database = await openTestDatabase({ url: target.url });
      const { db } = database;
      const user = await db
        .insertInto('users')
        .values({ email: uniqueEmail('scoring'), password_hash: 'x' })
        .returning('id')
        .executeTakeFirstOrThrow();
      workspaceId = (await createWorkspace(db, user.id, { name: 'Scoring' })).id;
      ids = await inWorkspace(db, workspaceId, async (tx) => {
        const customers = await tx
          .insertInto('customers')
          .values(Array.from({ length: CUSTOMERS }, (_, i) => ({ workspace_id: workspaceId, name: `C${i}` })))
          .returning(['id', 'name'])
          .execute();
        const byName = new Map(customers.map((c) => [c.name, c.id]));
        return Array.from({ length: CUSTOMERS }, (_, i) => byName.get(`C${i}`) as string);
      });
      await addSales(histories(7));
    });
    after(() => database.close());

    const addSales = (sales: Sale[]) =>
      inWorkspace(database.db, workspaceId, (tx) =>
        tx
          .insertInto('transactions')
          .values(
            sales.map((s) => ({
              workspace_id: workspaceId,
              customer_id: ids[s.customer],
              occurred_at: new Date(`${formatDay(s.day)}T04:00:00Z`),
              amount: s.amount.toFixed(2),
              currency: 'CNY',
            })),
          )
          .execute(),
      );
    const stored = () =>
      inWorkspace(database.db, workspaceId, async (tx) => {
        const rows = await tx.selectFrom('customer_values').selectAll().execute();
        const cutoffs = await tx
          .selectFrom('customer_value_models')
          .select(['cutoffs', 'cutoffs_as_of', 'cutoffs_at'])
          .executeTakeFirstOrThrow();
        const fit = await tx.selectFrom('workspace_models').select('fitted_at').executeTakeFirstOrThrow();
        return { rows: new Map(rows.map((r) => [r.customer_id, r])), models: { ...cutoffs, ...fit } };
      });
    const refresh = () =>
      inWorkspace(database.db, workspaceId, (tx) => refreshLifecycle(tx, workspaceId, AS_OF));
    const scores = (r: {
      r_score: number;
      f_score: number;
      m_score: number;
      abc_class: string;
      clv: string | null;
    }) => ({
      r: r.r_score,
      f: r.f_score,
      m: r.m_score,
      abc: r.abc_class,
      clv: r.clv,
    });

    test('between recomputations only the changed customers are scored, as a recomputation scores them', async () => {
      await refresh();
      const first = await stored();
      assert.equal(first.rows.size, CUSTOMERS);
      assert.equal(first.models.cutoffs_as_of, AS_OF);
      const changed = ids[200];
      await addSales([{ customer: 200, day: DAY, amount: 20 }]);
      await refresh();
      const second = await stored();
      for (const [id, row] of second.rows) {
        const was = first.rows.get(id);
        if (id === changed) assert.notEqual(row.computed_at.getTime(), was?.computed_at.getTime());
        else assert.equal(row.computed_at.getTime(), was?.computed_at.getTime(), 'others are kept');
      }
      assert.deepEqual(second.models.cutoffs, first.models.cutoffs, 'the cut-offs are kept');
      const incremental = second.rows.get(changed);
      assert.ok(incremental);
      assert.deepEqual(
        [incremental.purchase_days, incremental.days_since_last],
        [(first.rows.get(changed)?.purchase_days ?? 0) + 1, 0],
      );

      // A recomputation of everyone with the same fit scores the changed customer the same, the
      // cut-offs having held (nobody else's scores moved).
      await inWorkspace(database.db, workspaceId, async (tx) =>
        refreshCustomerValues(tx, workspaceId, AS_OF, {
          model: (await storedWorkspaceModel(tx))?.model ?? assert.fail('a stored fit'),
        }),
      );
      const third = await stored();
      assert.equal(third.models.fitted_at.getTime(), second.models.fitted_at.getTime(), 'the fit is reused');
      for (const [id, row] of third.rows) {
        assert.ok(row.computed_at.getTime() > (second.rows.get(id)?.computed_at.getTime() ?? 0), id);
        if (id !== changed) assert.deepEqual(scores(row), scores(second.rows.get(id) as typeof row), id);
      }
      const recomputed = third.rows.get(changed);
      assert.ok(recomputed);
      const exact = (r: typeof recomputed) => ({
        ...scores(r),
        segment: r.rfm_segment,
        pAlive: r.p_alive,
        expected: r.expected_purchases_90d,
        spend: r.expected_avg_spend,
      });
      assert.deepEqual(exact(incremental), exact(recomputed));

      // The nightly run recomputes everyone with new cut-offs; the fit, a day old, holds (a week).
      const runs = await runDueRefreshes(database.db, 0, new Date(`${AS_OF}T12:00:00Z`), [workspaceId]);
      assert.equal(runs.length, 1);
      const fourth = await stored();
      assert.equal(fourth.rows.size, CUSTOMERS);
      for (const [id, row] of fourth.rows)
        assert.ok(row.computed_at.getTime() > (third.rows.get(id)?.computed_at.getTime() ?? 0), id);
      assert.equal(fourth.models.fitted_at.getTime(), third.models.fitted_at.getTime(), 'the fit holds');
      assert.ok((fourth.models.cutoffs_at?.getTime() ?? 0) > (third.models.cutoffs_at?.getTime() ?? 0));
    });

    // After the test above: the cut-offs are fresh, so the next refresh scores only changed customers.
    test('a customer deleted between recomputations leaves the values at the next refresh', async () => {
      await inWorkspace(database.db, workspaceId, (tx) =>
        tx.updateTable('customers').set({ deleted_at: new Date() }).where('id', '=', ids[7]).execute(),
      );
      await addSales([{ customer: 8, day: DAY, amount: 35 }]);
      const before = await stored();
      await refresh();
      const after = await stored();
      assert.equal(after.rows.has(ids[7]), false);
      assert.equal(after.rows.size, before.rows.size - 1);
      assert.notEqual(
        after.rows.get(ids[8])?.computed_at.getTime(),
        before.rows.get(ids[8])?.computed_at.getTime(),
      );
      assert.equal(
        after.rows.get(ids[9])?.computed_at.getTime(),
        before.rows.get(ids[9])?.computed_at.getTime(),
      );
    });

    test('a changed customer left without a sale leaves the values at the next refresh', async () => {
      await inWorkspace(database.db, workspaceId, (tx) =>
        tx.deleteFrom('transactions').where('customer_id', '=', ids[11]).execute(),
      );
      const before = await stored();
      assert.ok(before.rows.has(ids[11]));
      await refresh();
      const after = await stored();
      assert.equal(after.rows.has(ids[11]), false);
      assert.equal(after.rows.size, before.rows.size - 1);
    });

    // The lifecycle refresh starts a short step early, beside its replay; a recomputation's step waits.
    test("a step that scores only the changed customers says it is short; a recomputation's does not", async () => {
      const steps = await inWorkspace(database.db, workspaceId, async (tx) => {
        const model = (await storedWorkspaceModel(tx))?.model ?? assert.fail('a stored fit');
        const changed = await startValueRefresh(tx, workspaceId, AS_OF, { model, changed: [ids[12]] });
        const few = changed.few;
        const changedResult = await changed();
        const everyone = await startValueRefresh(tx, workspaceId, AS_OF, { model, everyone: true });
        return { few, changedResult, everyoneFew: everyone.few, everyoneResult: await everyone() };
      });
      assert.deepEqual([steps.few, steps.changedResult.scored], [true, 'changed']);
      assert.deepEqual([steps.everyoneFew, steps.everyoneResult.scored], [false, 'everyone']);
    });
  });
}
