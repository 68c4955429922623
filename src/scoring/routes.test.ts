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
import { CHURN_BANDS } from '../analytics/churn-model.js';
import { inWorkspace } from '../db/tenant.js';
import { POPULATION_AS_OF, population } from './population.fixture.js';
import { MIN_CUSTOMERS, MIN_HISTORY_DAYS, MIN_REPEAT_BUYERS, WORKSPACE_MODELS } from './workspace-model.js';

const get = async (session: Session, url: string) => {
  const res = await session.request({ method: 'GET', url });
  assert.equal(res.status, 200, `${url}: ${JSON.stringify(res.body)}`);
  return res.body;
};

for (const target of databaseTargets) {
  describe(`the workspace fit and churn bands on ${target.name}`, () => {
    let api: TestApi;
    let alice: Session;
    let buyers: string[];
    before(async () => {
      api = await startApi(target.url);
      alice = await signUp(api, 'Scoring');
      buyers = await population(alice);
    });
    after(() => api.close());

    test('GET /analytics/models shows the chosen model, every candidate and the data it was fitted on', async () => {
      const models = await get(alice, '/api/v1/analytics/models');
      assert.equal(models.fittedAsOf, POPULATION_AS_OF);
      assert.equal(models.reason, null);
      assert.deepEqual(models.minimums, {
        customers: MIN_CUSTOMERS,
        repeatBuyers: MIN_REPEAT_BUYERS,
        historyDays: MIN_HISTORY_DAYS,
      });
      assert.equal(models.data.customers, buyers.length);
      assert.ok(models.data.repeatBuyers >= MIN_REPEAT_BUYERS && models.data.repeatBuyers < buyers.length);
      assert.ok(models.data.historyDays >= MIN_HISTORY_DAYS);
      assert.deepEqual(
        models.candidates.map((c: { kind: string }) => c.kind),
        [...WORKSPACE_MODELS],
      );
      // The chosen one is the converged candidate with the highest holdout log-likelihood.
      const converged = models.candidates.filter((c: { converged: boolean }) => c.converged);
      const best = converged.reduce(
        (a: { holdoutLogLikelihood: number }, b: { holdoutLogLikelihood: number }) =>
          b.holdoutLogLikelihood > a.holdoutLogLikelihood ? b : a,
      );
      assert.equal(models.chosen, best.kind);
      assert.equal(models.repeatModel.kind, best.kind);
      // In the papers' order, whatever order the store keeps.
      assert.deepEqual(Object.keys(models.repeatModel.params), ['r', 'alpha', 'a', 'b']);
      assert.deepEqual(Object.keys(models.gammaGamma.params), ['p', 'q', 'gamma']);
      assert.ok(models.trainingCutoff < POPULATION_AS_OF);
      assert.equal(models.churn.horizonDays, 90);
      assert.ok(models.churn.terms.length > 0);
      // The forecast made 90 days before, checked on the 90 days since, beside the baselines.
      const check = models.churn.backtest;
      assert.deepEqual([check.calibrationEnd, check.holdoutEnd], ['2024-04-02', POPULATION_AS_OF]);
      assert.ok(check.customers > 0 && check.customers <= buyers.length);
      for (const score of [check.churnModel, check.daysSinceLast, check.modelNoPurchase]) {
        assert.ok(score.auc >= 0 && score.auc <= 1, JSON.stringify(score));
        assert.ok(score.brier >= 0 && score.brier <= 1, JSON.stringify(score));
      }
    });

    test('each fitted parameter has a standard error and a 90 % interval around it', async () => {
      const models = await get(alice, '/api/v1/analytics/models');
      for (const fit of [models.repeatModel, models.gammaGamma]) {
        const { uncertainty, params } = fit;
        assert.deepEqual([uncertainty.level, uncertainty.scale], [0.9, 'log']);
        assert.deepEqual(Object.keys(uncertainty.standardErrors), Object.keys(params));
        for (const [name, value] of Object.entries(params) as [string, number][]) {
          const [lower, upper] = uncertainty.intervals[name];
          assert.ok(uncertainty.standardErrors[name] > 0, name);
          assert.ok(lower < value && value < upper, `${name}: ${lower} < ${value} < ${upper}`);
          // Symmetric on the log scale: the estimate is the geometric mean of the bounds.
          assert.ok(Math.abs(Math.sqrt(lower * upper) - value) < 1e-9 * value, name);
        }
        assert.equal(uncertainty.logCovariance, undefined, 'the covariance stays in the store');
      }
      assert.deepEqual(models.customerIntervals, { level: 0.9, method: 'delta-method' });
    });

    test('the diagnostics: P(alive) and expected purchases over frequency × recency, the histogram, weekly tracking', async () => {
      const models = await get(alice, '/api/v1/analytics/models');
      const { frequencyRecency: grid, frequencyHistogram: histogram, tracking } = models.diagnostics;
      assert.equal(grid.T, models.data.historyDays, 'the grid is for a customer of the longest age');
      assert.equal(grid.horizon, 90);
      assert.equal(grid.frequencies[0], 0);
      assert.deepEqual([grid.recencies[0], grid.recencies.at(-1)], [0, grid.T]);
      for (const matrix of [grid.pAlive, grid.expectedPurchases]) {
        assert.equal(matrix.length, grid.recencies.length);
        for (const row of matrix) assert.equal(row.length, grid.frequencies.length);
      }
      assert.ok(grid.pAlive.flat().every((p: number) => p >= 0 && p <= 1));
      // A frequent buyer who bought lately is more likely alive than one who stopped long ago.
      const frequent = grid.frequencies.length - 1;
      assert.ok(grid.pAlive.at(-1)[frequent] > grid.pAlive[1][frequent]);
      const total = (values: number[]) => values.reduce((a, b) => a + b, 0);
      assert.equal(histogram.frequency.at(-1), '7+');
      assert.equal(total(histogram.actual), models.data.customers);
      assert.ok(Math.abs(total(histogram.model) - models.data.customers) < 0.05);
      assert.deepEqual([tracking.kind, tracking.trainingCutoff], [models.chosen, models.trainingCutoff]);
      assert.equal(tracking.weeks.at(-1).weekEnd, POPULATION_AS_OF);
      for (let w = 1; w < tracking.weeks.length; w++) {
        const [before, week] = [tracking.weeks[w - 1], tracking.weeks[w]];
        assert.equal(week.actual - before.actual, week.actualWeekly);
        assert.ok(week.model >= before.model && week.actualWeekly >= 0);
      }
    });

    test("a customer's expected purchases and CLV have 90 % intervals from the fit's uncertainty", async () => {
      let widened = 0;
      for (const id of buyers.slice(0, 20)) {
        const value = await get(alice, `/api/v1/customers/${id}/value`);
        const { level, method, expectedPurchases90d, clv } = value.intervals;
        assert.deepEqual([level, method], [0.9, 'delta-method']);
        const [low, high] = expectedPurchases90d;
        // Built on the log scale around the stored prediction.
        assert.ok(Math.abs(Math.sqrt(low * high) - value.expectedPurchases90d) < 1e-6, id);
        const [clvLow, clvHigh] = clv.map(Number);
        assert.match(clv[0], /^\d+\.\d{2}$/);
        assert.ok(clvLow <= Number(value.clv) && Number(value.clv) <= clvHigh, `${id}: ${clv} ${value.clv}`);
        // Cents round the interval of a CLV near zero away.
        if (value.expectedPurchases90d > 0 && Number(value.clv) >= 1) {
          assert.ok(high > low && clvHigh > clvLow, id);
          widened++;
        }
      }
      assert.ok(widened >= 10, `${widened} of 20`);
    });

    test('the OpenAPI document describes the uncertainty, the diagnostics and the customers’ intervals', async () => {
      const doc = (await api.app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json();
      const answer = (path: string) =>
        doc.paths[path].get.responses['200'].content['application/json'].schema.properties;
      const models = answer('/api/v1/analytics/models');
      for (const field of ['customerIntervals', 'diagnostics']) assert.ok(models[field], field);
      assert.ok(JSON.stringify(models.repeatModel).includes('standardErrors'));
      const value = answer('/api/v1/customers/{id}/value');
      assert.ok(JSON.stringify(value.intervals).includes('expectedPurchases90d'));
    });

    test('the CLV histogram counts every customer with a CLV and the quantiles rise', async () => {
      const clv = await get(alice, '/api/v1/analytics/clv?buckets=5');
      assert.equal(clv.customers, buyers.length);
      assert.equal(clv.histogram.length, 5);
      assert.equal(
        clv.histogram.reduce((n: number, b: { count: number }) => n + b.count, 0),
        buyers.length,
      );
      const values = clv.quantiles.map((q: { value: string }) => Number(q.value));
      assert.deepEqual(
        values,
        [...values].sort((a, b) => a - b),
      );
    });

    test("a one-time buyer's spend is their first amount shrunk towards the population mean", async () => {
      const { gammaGamma } = await get(alice, '/api/v1/analytics/models');
      const { p, q, gamma } = gammaGamma.params;
      const populationMean = (p * gamma) / (q - 1);
      const weight = (q - 1) / (p + q - 1);
      const spends = new Set<string>();
      for (const id of buyers) {
        const value = await get(alice, `/api/v1/customers/${id}/value`);
        if (value.purchaseDays !== 1) continue;
        // One purchase day: its net amount is the revenue, and the estimate its posterior mean.
        const expected = weight * populationMean + (1 - weight) * Number(value.revenue);
        assert.ok(Math.abs(Number(value.expectedAvgSpend) - expected) <= 0.005, id);
        spends.add(value.expectedAvgSpend);
      }
      assert.ok(spends.size >= 2, 'one-time buyers of different amounts get different spends');
    });

    test('churn bands must rise within (0, 1); a problem names the field', async () => {
      const put = (payload: Record<string, number>) =>
        alice.request({ method: 'PUT', url: '/api/v1/analytics/churn-bands', payload });
      for (const [payload, path, code] of [
        [{ medium: 0.5, high: 0.4, critical: 0.9 }, 'body.high', 'not_above_previous'],
        [{ medium: 0.5, high: 0.6, critical: 1 }, 'body.critical', 'too_big'],
        [{ medium: 0, high: 0.6, critical: 0.9 }, 'body.medium', 'too_small'],
        [{ medium: 0.5, high: 0.7, critical: 0.7 }, 'body.critical', 'not_above_previous'],
      ] as const) {
        const res = await put(payload);
        assert.equal(res.status, 400, JSON.stringify(payload));
        assert.match(res.headers['content-type'] as string, /application\/problem\+json/);
        assert.deepEqual(
          res.body.errors.map((e: { path: string; code: string }) => [e.path, e.code]),
          [[path, code]],
        );
      }
      assert.deepEqual(await get(alice, '/api/v1/analytics/churn-bands'), {
        medium: 0.5,
        high: 0.67,
        critical: 0.9,
      });
    });

    test('churn levels are the bands of P(no purchase in 90 days), and follow a change of the bands', async () => {
      const bands = { medium: 0.2, high: 0.4, critical: 0.6 };
      const saved = await alice.request({
        method: 'PUT',
        url: '/api/v1/analytics/churn-bands',
        payload: bands,
      });
      assert.equal(saved.status, 200);
      assert.deepEqual(saved.body, bands);
      const refreshed = await alice.request({
        method: 'POST',
        url: '/api/v1/lifecycle/refresh',
        payload: { asOf: POPULATION_AS_OF },
      });
      assert.equal(refreshed.status, 200);
      const seen = new Set<string>();
      for (const id of buyers) {
        const value = await get(alice, `/api/v1/customers/${id}/value`);
        const p = value.churnRisk / 100;
        const band = p >= bands.critical ? 3 : p >= bands.high ? 2 : p >= bands.medium ? 1 : 0;
        assert.equal(value.churnLevel, CHURN_BANDS[band], id);
        seen.add(value.churnLevel);
      }
      assert.ok(seen.size >= 2, 'the population spreads over more than one level');
    });
    test('the candidate models: BG/NBD and MBG/NBD by default, Pareto/NBD when an admin names it; the next refresh refits with them', async () => {
      const url = '/api/v1/analytics/models/candidates';
      assert.deepEqual(await get(alice, url), { repeatModels: [...WORKSPACE_MODELS] });
      const put = (session: Session, payload: object) => session.request({ method: 'PUT', url, payload });
      for (const [payload, path, code] of [
        [{ repeatModels: [] }, 'body.repeatModels', 'too_few'],
        [{ repeatModels: ['nbd'] }, 'body.repeatModels.0', 'invalid_value'],
        [{ repeatModels: ['bgnbd', 'mbgnbd', 'bgnbd'] }, 'body.repeatModels.2', 'duplicate'],
      ] as const) {
        const res = await put(alice, payload);
        assert.equal(res.status, 400, JSON.stringify(payload));
        assert.deepEqual(
          res.body.errors.map((e: { path: string; code: string }) => [e.path, e.code]),
          [[path, code]],
        );
      }
      const rep = await addMember(api, alice, 'rep');
      assert.equal((await put(rep, { repeatModels: ['pareto-nbd'] })).status, 403);

      const saved = await put(alice, { repeatModels: ['pareto-nbd', 'bgnbd'] });
      assert.equal(saved.status, 200);
      assert.deepEqual(saved.body, { repeatModels: ['bgnbd', 'pareto-nbd'] });
      const before = await get(alice, '/api/v1/analytics/models');
      const refresh = () =>
        alice.request({
          method: 'POST',
          url: '/api/v1/lifecycle/refresh',
          payload: { asOf: POPULATION_AS_OF },
        });
      assert.equal((await refresh()).status, 200);
      const models = await get(alice, '/api/v1/analytics/models');
      assert.notEqual(models.fittedAt, before.fittedAt, 'refitted at the same as-of');
      assert.deepEqual(
        models.candidates.map((c: { kind: string }) => c.kind),
        ['bgnbd', 'pareto-nbd'],
      );
      const pareto = models.candidates.find((c: { kind: string }) => c.kind === 'pareto-nbd');
      assert.deepEqual(Object.keys(pareto.params).sort(), ['alpha', 'beta', 'r', 's']);

      // Pareto/NBD alone, in a workspace whose customers' lifetimes vary as it assumes: every reader
      // predicts with it. (Above, one dropout rate for all: its fit runs to the bound of s.)
      const bob = await signUp(api, 'Pareto');
      const bobs = await population(bob, { varyingLifetimes: true });
      assert.equal((await put(bob, { repeatModels: ['pareto-nbd'] })).status, 200);
      const refitted = await bob.request({
        method: 'POST',
        url: '/api/v1/lifecycle/refresh',
        payload: { asOf: POPULATION_AS_OF },
      });
      assert.equal(refitted.status, 200);
      const alone = await get(bob, '/api/v1/analytics/models');
      assert.equal(alone.reason, null, JSON.stringify(alone.candidates));
      assert.equal(alone.chosen, 'pareto-nbd');
      assert.equal(alone.repeatModel.kind, 'pareto-nbd');
      assert.deepEqual(Object.keys(alone.repeatModel.params), ['r', 'alpha', 's', 'beta']);
      const value = await get(bob, `/api/v1/customers/${bobs[0]}/value`);
      assert.ok(value.pAlive > 0 && value.pAlive <= 1, JSON.stringify(value));
      assert.ok(value.intervals.expectedPurchases90d[0] <= value.expectedPurchases90d);

      assert.equal((await put(alice, { repeatModels: [...WORKSPACE_MODELS] })).status, 200);
      assert.equal((await refresh()).status, 200);
      assert.deepEqual(
        (await get(alice, '/api/v1/analytics/models')).candidates.map((c: { kind: string }) => c.kind),
        [...WORKSPACE_MODELS],
      );
    });

    test('no interval where the value predates the fit, none of them from a fit stored before they were kept', async () => {
      const id = buyers[0];
      const change = (statement: ReturnType<typeof sql>) =>
        inWorkspace(api.database.db, alice.workspaceId, (tx) => statement.execute(tx));
      await change(sql`update workspace_models set fitted_at = fitted_at + interval '1 hour'`);
      assert.equal((await get(alice, `/api/v1/customers/${id}/value`)).intervals, null);
      await change(sql`update workspace_models set fitted_at = fitted_at - interval '1 hour'`);
      assert.notEqual((await get(alice, `/api/v1/customers/${id}/value`)).intervals, null);
      await change(
        sql`update workspace_models
            set model = model - 'diagnostics' #- '{repeat,uncertainty}' #- '{gammaGamma,uncertainty}'`,
      );
      const models = await get(alice, '/api/v1/analytics/models');
      assert.deepEqual(
        [models.repeatModel.uncertainty, models.gammaGamma.uncertainty, models.diagnostics],
        [null, null, null],
      );
      assert.equal((await get(alice, `/api/v1/customers/${id}/value`)).intervals, null);
    });
  });
}
