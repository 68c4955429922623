import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { databaseTargets, type Session, signUp, startApi, type TestApi } from '../../test/support.js';
import { revenuePeriod } from './revenue-decomposition.js';

describe('revenuePeriod', () => {
  test('the previous window has the period’s length (91 days, 2024 is a leap year) and ends the day before it', () => {
    assert.deepEqual(revenuePeriod({ from: '2024-04-01', to: '2024-06-30' }, '2025-01-01'), {
      from: '2024-04-01',
      to: '2024-06-30',
      previousFrom: '2024-01-01',
      previousTo: '2024-03-31',
    });
  });

  test('without dates it is the 90 days up to today; a one-day period compares with the day before', () => {
    assert.deepEqual(revenuePeriod({}, '2024-03-31'), {
      from: '2024-01-02',
      to: '2024-03-31',
      previousFrom: '2023-10-04',
      previousTo: '2024-01-01',
    });
    assert.deepEqual(revenuePeriod({ from: '2024-03-01', to: '2024-03-01' }, '2024-03-31'), {
      from: '2024-03-01',
      to: '2024-03-01',
      previousFrom: '2024-02-29',
      previousTo: '2024-02-29',
    });
  });
});

// Noon UTC is the same day in Shanghai (the workspace's default time zone).
const HISTORIES: Record<string, [string, number][]> = {
  retained: [
    ['2024-02-10', 100],
    ['2024-05-10', 200],
  ],
  lost: [['2024-01-15', 50]],
  newWithReturn: [
    ['2024-04-20', 300],
    ['2024-06-01', -50],
  ],
  wonBack: [
    ['2023-06-01', 80],
    ['2024-06-15', 120],
  ],
  onlyReturnInPeriod: [
    ['2024-03-01', 100],
    ['2024-05-01', -30],
  ],
  afterThePeriod: [['2024-07-05', 500]],
  deleted: [['2024-05-05', 1000]],
};

for (const target of databaseTargets) {
  describe(`GET /analytics/revenue-decomposition on ${target.name}`, () => {
    let api: TestApi;
    let alice: Session;
    let bob: Session;
    const url = '/api/v1/analytics/revenue-decomposition?from=2024-04-01&to=2024-06-30';

    before(async () => {
      api = await startApi(target.url);
      alice = await signUp(api, 'Revenue');
      bob = await signUp(api, 'Elsewhere');
      for (const [name, sales] of Object.entries(HISTORIES)) {
        const created = await alice.request({ method: 'POST', url: '/api/v1/customers', payload: { name } });
        assert.equal(created.status, 201, JSON.stringify(created.body));
        for (const [day, amount] of sales) {
          const sale = await alice.request({
            method: 'POST',
            url: '/api/v1/transactions',
            payload: { customerId: created.body.id, occurredAt: `${day}T12:00:00Z`, amount },
          });
          assert.equal(sale.status, 201, JSON.stringify(sale.body));
        }
        if (name === 'deleted') {
          const gone = await alice.request({
            method: 'DELETE',
            url: `/api/v1/customers/${created.body.id}`,
            headers: { 'if-match': created.headers.etag as string },
          });
          assert.equal(gone.status, 204);
        }
      }
    });
    after(() => api.close());

    test('splits the period’s customers into new, retained and won back, and revenue by them', async () => {
      const res = await alice.request({ method: 'GET', url });
      assert.equal(res.status, 200, JSON.stringify(res.body));
      assert.deepEqual(res.body, {
        from: '2024-04-01',
        to: '2024-06-30',
        previousFrom: '2024-01-01',
        previousTo: '2024-03-31',
        // 200 + (300 − 50) + 120 − 30: a return counts against revenue even from a customer who bought nothing.
        revenue: '540.00',
        customers: { active: 3, new: 1, existing: 3, retained: 1, returning: 1 },
        retentionRate: 1 / 3,
        spendPerCustomer: '180.00',
      });
      const { customers, retentionRate, spendPerCustomer } = res.body;
      const rebuilt = (customers.new + customers.existing * retentionRate + customers.returning) * 180;
      assert.equal(Math.round(rebuilt * 100) / 100, Number(res.body.revenue));
      assert.equal(spendPerCustomer, '180.00');
    });

    test('a period nobody bought in has no retention or spend to report', async () => {
      const res = await alice.request({
        method: 'GET',
        url: '/api/v1/analytics/revenue-decomposition?from=2022-01-01&to=2022-12-31',
      });
      assert.equal(res.status, 200);
      assert.deepEqual(
        [res.body.revenue, res.body.customers.active, res.body.retentionRate, res.body.spendPerCustomer],
        ['0.00', 0, null, null],
      );
    });

    test('another workspace sees none of it', async () => {
      const res = await bob.request({ method: 'GET', url });
      assert.equal(res.status, 200);
      assert.equal(res.body.revenue, '0.00');
      assert.equal(res.body.customers.existing, 0);
    });

    test('a period ending before it starts, or a date that is not one, is a 400 naming the field', async () => {
      const backwards = await alice.request({
        method: 'GET',
        url: '/api/v1/analytics/revenue-decomposition?from=2024-06-30&to=2024-04-01',
      });
      assert.equal(backwards.status, 400);
      assert.equal(backwards.body.errors[0].path, 'querystring.from');
      const bad = await alice.request({
        method: 'GET',
        url: '/api/v1/analytics/revenue-decomposition?to=2024-13-40',
      });
      assert.equal(bad.status, 400);
      assert.equal(bad.body.errors[0].path, 'querystring.to');
    });
  });
}
