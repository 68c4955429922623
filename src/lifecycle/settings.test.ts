import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { databaseTargets, type Session, signUp, startApi, type TestApi } from '../../test/support.js';

for (const target of databaseTargets) {
  describe(`lifecycle models and settings on ${target.name}`, () => {
    let api: TestApi;
    let owner: Session;
    let customerId: string;
    before(async () => {
      api = await startApi(target.url);
      owner = await signUp(api, 'Models');
      customerId = (
        await owner.request({ method: 'POST', url: '/api/v1/customers', payload: { name: 'Lead' } })
      ).body.id;
    });
    after(() => api.close());

    const patchWorkspace = async (payload: Record<string, unknown>) => {
      const etag = (await owner.request({ method: 'GET', url: '/api/v1/workspace' })).headers.etag as string;
      return owner.request({
        method: 'PATCH',
        url: '/api/v1/workspace',
        payload,
        headers: { 'if-match': etag },
      });
    };
    const models = async () => (await owner.request({ method: 'GET', url: '/api/v1/lifecycle/models' })).body;

    test('the models list the three presets, relationship being the default', async () => {
      const body = await models();
      assert.equal(body.current, 'relationship');
      assert.deepEqual(
        body.data.map((m: { preset: boolean; model: { key: string } }) => [m.model.key, m.preset]),
        [
          ['relationship', true],
          ['six-stage', true],
          ['simple', true],
        ],
      );
    });

    test('a threshold change is validated, named by rule and field, and applied', async () => {
      const bad = await owner.request({
        method: 'PATCH',
        url: '/api/v1/lifecycle/settings',
        payload: { thresholds: { decline: { pAliveBelow: 2 }, loyalty: { minPurchaseDays: 3 } } },
      });
      assert.equal(bad.status, 400);
      assert.deepEqual(
        bad.body.errors.map((e: { path: string }) => e.path),
        ['body.thresholds.loyalty'],
      );
      const outOfRange = await owner.request({
        method: 'PATCH',
        url: '/api/v1/lifecycle/settings',
        payload: { thresholds: { decline: { pAliveBelow: 2 } } },
      });
      assert.deepEqual(
        outOfRange.body.errors.map((e: { path: string }) => e.path),
        ['body.thresholds.decline.pAliveBelow'],
      );
      const ok = await owner.request({
        method: 'PATCH',
        url: '/api/v1/lifecycle/settings',
        payload: { thresholds: { stability: { minPurchaseDays: 8 } } },
      });
      assert.equal(ok.status, 200);
      assert.equal(ok.body.effective.rules[3].thresholds.minPurchaseDays, 8);
      assert.equal((await models()).effective.rules[3].thresholds.minPurchaseDays, 8);
    });

    test('PATCH /workspace switches the model; an unknown key is a 400 and changes nothing', async () => {
      assert.deepEqual(
        (
          await owner.request({
            method: 'POST',
            url: '/api/v1/lifecycle/refresh',
            payload: { asOf: '2024-07-01' },
          })
        ).body,
        {
          evaluated: 1,
          changed: 1,
        },
      );
      const bad = await patchWorkspace({ lifecycleModel: 'funnel', name: 'Renamed' });
      assert.equal(bad.status, 400);
      assert.deepEqual(
        bad.body.errors.map((e: { path: string }) => e.path),
        ['body.lifecycleModel'],
      );
      assert.equal((await models()).current, 'relationship');
      const ok = await patchWorkspace({ lifecycleModel: 'six-stage' });
      assert.equal(ok.status, 200);
      assert.equal((await models()).current, 'six-stage');
      // A new model re-evaluates everyone, even at the same as-of.
      const refreshed = await owner.request({
        method: 'POST',
        url: '/api/v1/lifecycle/refresh',
        payload: { asOf: '2024-07-01' },
      });
      assert.deepEqual(refreshed.body, { evaluated: 1, changed: 1 });
      const lifecycle = await owner.request({
        method: 'GET',
        url: `/api/v1/customers/${customerId}/lifecycle`,
      });
      assert.equal(lifecycle.body.model, 'six-stage');
      assert.equal(lifecycle.body.stage, 'potential');
    });

    test('an owner assigned to a prospect moves it to development at the next refresh', async () => {
      const read = await owner.request({ method: 'GET', url: `/api/v1/customers/${customerId}` });
      await owner.request({
        method: 'PATCH',
        url: `/api/v1/customers/${customerId}`,
        payload: { ownerId: owner.userId },
        headers: { 'if-match': read.headers.etag as string },
      });
      const refreshed = await owner.request({
        method: 'POST',
        url: '/api/v1/lifecycle/refresh',
        payload: { asOf: '2024-07-01' },
      });
      assert.deepEqual(refreshed.body, { evaluated: 1, changed: 1 });
      const lifecycle = await owner.request({
        method: 'GET',
        url: `/api/v1/customers/${customerId}/lifecycle`,
      });
      assert.equal(lifecycle.body.stage, 'development');
      assert.equal(lifecycle.body.cause.metrics.hasOwner, true);
    });
  });
}
