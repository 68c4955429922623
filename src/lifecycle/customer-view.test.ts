import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { databaseTargets, type Session, signUp, startApi, type TestApi } from '../../test/support.js';
import { population } from '../scoring/population.fixture.js';

async function customer(session: Session, name: string, sales: [string, number, string?][] = []) {
  const id = (await session.request({ method: 'POST', url: '/api/v1/customers', payload: { name } })).body.id;
  if (sales.length) {
    const transactions = sales.map(([day, amount, businessLineId]) => ({
      customerId: id,
      occurredAt: `${day}T10:00:00+08:00`,
      amount,
      ...(businessLineId ? { businessLineId } : {}),
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

const monthly = (amount: number): [string, number][] =>
  ['01', '02', '03', '04', '05', '06'].map((m) => [`2024-${m}-01`, amount]);

const list = async (session: Session, query: string) => {
  const res = await session.request({ method: 'GET', url: `/api/v1/customers?${query}` });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return res.body as {
    data: { id: string; name: string; lifecycle: { stage: string } | null; value: { clv: string } | null }[];
    nextCursor: string | null;
    total?: number;
  };
};
const names = (body: Awaited<ReturnType<typeof list>>) => body.data.map((c) => c.name);

for (const target of databaseTargets) {
  describe(`customer reads with stage and value on ${target.name}`, () => {
    let api: TestApi;
    let alice: Session;
    let bob: Session;
    let buyers: string[];
    const ids: Record<string, string> = {};
    before(async () => {
      api = await startApi(target.url);
      bob = await signUp(api, 'Customer view population');
      buyers = await population(bob);
      alice = await signUp(api, 'Customer view');
      ids.prospect = await customer(alice, 'Prospect');
      ids.trial = await customer(alice, 'Trial', [['2024-06-15', 100]]);
      ids.steady = await customer(alice, 'Steady', monthly(500));
      ids.small = await customer(alice, 'Small steady', monthly(20));
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

    test('before any refresh a customer has no stage and no value', async () => {
      const res = await alice.request({ method: 'GET', url: `/api/v1/customers/${ids.steady}` });
      assert.equal(res.status, 200);
      assert.equal(res.body.lifecycle, null);
      assert.equal(res.body.value, null);
    });

    test('GET one carries the stage with its cause, and the value summary', async () => {
      const refreshed = await alice.request({
        method: 'POST',
        url: '/api/v1/lifecycle/refresh',
        payload: { asOf: '2024-07-01' },
      });
      assert.equal(refreshed.status, 200);
      const res = await alice.request({ method: 'GET', url: `/api/v1/customers/${ids.steady}` });
      assert.equal(res.status, 200);
      const own = await alice.request({ method: 'GET', url: `/api/v1/customers/${ids.steady}/lifecycle` });
      // The customer's own lifecycle adds today's metrics beside the cause's.
      const { now, ...stored } = own.body;
      assert.deepEqual(res.body.lifecycle, stored);
      assert.equal(now.asOf, '2024-07-01');
      assert.equal(res.body.lifecycle.model, 'relationship');
      assert.equal(res.body.lifecycle.stage, 'stability');
      // Entered on the day the tenure reached 180 days, not on the day of the refresh.
      assert.equal(res.body.lifecycle.since, '2024-06-29');
      assert.equal(res.body.lifecycle.cause.type, 'rule');
      assert.equal(res.body.lifecycle.cause.metrics.n, 6);
      assert.equal(res.body.lifecycle.byBusinessLine, undefined);
      const value = (await alice.request({ method: 'GET', url: `/api/v1/customers/${ids.steady}/value` }))
        .body;
      assert.deepEqual(res.body.value, {
        asOf: '2024-07-01',
        rfmSegment: value.rfm.segment,
        cnClass: value.cnClass,
        abcClass: value.abcClass,
        pAlive: value.pAlive,
        clv: value.clv,
        churnRisk: value.churnRisk,
        churnLevel: value.churnLevel,
        valueAtRisk: value.valueAtRisk,
        churnAbsentReason: value.churnAbsentReason,
      });
      const prospect = await alice.request({ method: 'GET', url: `/api/v1/customers/${ids.prospect}` });
      assert.equal(prospect.body.lifecycle.stage, 'exploration');
      assert.equal(prospect.body.value, null);
    });

    test('the list carries the same stage and value as GET one', async () => {
      const body = await list(alice, 'limit=100');
      assert.equal(body.data.length, 6);
      for (const row of body.data) {
        const one = (await alice.request({ method: 'GET', url: `/api/v1/customers/${row.id}` })).body;
        assert.deepEqual(row, one);
      }
    });

    test('the list filters by stage, RFM segment and ABC class, and counts what it filters', async () => {
      const stable = await list(alice, 'stage=stability&sort=name&count=true');
      assert.deepEqual(names(stable), ['Small steady', 'Steady']);
      assert.equal(stable.total, 2);
      assert.deepEqual(names(await list(alice, 'stage=exploration&sort=name')), ['Prospect', 'Trial']);
      assert.deepEqual(names(await list(alice, 'stage=decline')), []);
      const values = await Promise.all(
        Object.entries(ids).map(async ([key, id]) => {
          const res = await alice.request({ method: 'GET', url: `/api/v1/customers/${id}` });
          return [key, res.body] as const;
        }),
      );
      for (const abc of ['A', 'B', 'C']) {
        const expected = values
          .filter(([, c]) => c.value?.abcClass === abc)
          .map(([, c]) => c.name)
          .sort();
        assert.deepEqual(names(await list(alice, `abc=${abc}&sort=name`)), expected);
      }
      const segment = values.find(([key]) => key === 'steady')?.[1].value.rfmSegment as string;
      const expected = values
        .filter(([, c]) => c.value?.rfmSegment === segment)
        .map(([, c]) => c.name)
        .sort();
      assert.ok(expected.length >= 1);
      assert.deepEqual(
        names(await list(alice, `segment=${encodeURIComponent(segment)}&sort=name`)),
        expected,
      );
    });

    test('the stage distribution sums the stored CLV of each stage now, and has none for a past day', async () => {
      const everyone = (await list(bob, 'limit=100')).data as {
        lifecycle: { stage: string };
        value: { clv: string | null } | null;
      }[];
      const cents = new Map<string, number>();
      for (const c of everyone) {
        const clv = c.value?.clv;
        cents.set(
          c.lifecycle.stage,
          (cents.get(c.lifecycle.stage) ?? 0) + (clv ? Math.round(Number(clv) * 100) : 0),
        );
      }
      const now = (await bob.request({ method: 'GET', url: '/api/v1/lifecycle/distribution' })).body;
      assert.ok([...cents.values()].some((v) => v > 0));
      for (const s of now.stages)
        assert.equal(Math.round(Number(s.clv) * 100), cents.get(s.stage) ?? 0, s.stage);
      const then = (
        await bob.request({ method: 'GET', url: '/api/v1/lifecycle/distribution?asOf=2024-06-01' })
      ).body;
      assert.ok(then.stages.every((s: { clv: string | null }) => s.clv === null));
    });

    test("a customer has one P(alive): the lifecycle view shows the value card's, rounded as causes are", async () => {
      let compared = 0;
      for (const id of buyers) {
        const value = (await bob.request({ method: 'GET', url: `/api/v1/customers/${id}/value` })).body;
        const own = (await bob.request({ method: 'GET', url: `/api/v1/customers/${id}/lifecycle` })).body;
        assert.equal(typeof value.pAlive, 'number', 'the population supports a model');
        assert.equal(value.absentReason, null);
        assert.equal(own.now.asOf, value.asOf);
        const shown = Math.round(value.pAlive * 1e4) / 1e4;
        assert.equal(own.now.metrics.pAlive, shown, id);
        // A stage entered on the as-of day keeps the metrics of that day in its cause: the same number.
        if (own.since === value.asOf && own.cause.type === 'rule') {
          assert.equal(own.cause.metrics.pAlive, shown, id);
          compared++;
        }
      }
      assert.ok(compared > 0, 'some stage was entered on the as-of day');
    });

    test('an unknown segment or ABC class is a 400 naming the parameter', async () => {
      for (const [query, path] of [
        ['segment=Nobody', 'segment'],
        ['abc=D', 'abc'],
      ]) {
        const res = await alice.request({ method: 'GET', url: `/api/v1/customers?${query}` });
        assert.equal(res.status, 400);
        assert.ok(
          res.body.errors.some((e: { path: string }) => e.path.endsWith(path)),
          JSON.stringify(res.body),
        );
      }
    });

    test('sorting by CLV and churn risk pages through everyone, customers without a value last', async () => {
      for (const sort of ['clv', '-clv', 'churnRisk', '-churnRisk']) {
        const all = await list(bob, `sort=${sort}&limit=100`);
        const key = sort.replace('-', '') as 'clv' | 'churnRisk';
        const sortValue = (c: (typeof all.data)[number]) => {
          const v = (c.value as Record<string, unknown> | null)?.[key];
          return v === null || v === undefined ? null : Number(v);
        };
        const present = all.data.map(sortValue).filter((v) => v !== null);
        assert.ok(present.length >= 3, `${sort}: too few values to test an order`);
        const sorted = [...present].sort((a, b) => (sort.startsWith('-') ? b - a : a - b));
        assert.deepEqual(present, sorted, sort);
        // Nulls (no value row, or no CLV without a model fit) come after every value.
        const firstNull = all.data.findIndex((c) => sortValue(c) === null);
        if (firstNull >= 0)
          assert.ok(
            all.data.slice(firstNull).every((c) => sortValue(c) === null),
            sort,
          );
        const paged: string[] = [];
        let cursor: string | null = null;
        do {
          const page: Awaited<ReturnType<typeof list>> = await list(
            bob,
            `sort=${sort}&limit=10${cursor ? `&cursor=${cursor}` : ''}`,
          );
          paged.push(...page.data.map((c) => c.id));
          cursor = page.nextCursor;
        } while (cursor);
        assert.deepEqual(
          paged,
          all.data.map((c) => c.id),
          sort,
        );
      }
    });

    test('with business lines, each customer lists its stage per line', async () => {
      const line = (
        await alice.request({ method: 'POST', url: '/api/v1/business-lines', payload: { name: 'Tea' } })
      ).body.id as string;
      const buyer = await customer(alice, 'Tea buyer', [['2024-06-20', 80, line]]);
      await alice.request({
        method: 'POST',
        url: '/api/v1/lifecycle/refresh',
        payload: { asOf: '2024-07-02' },
      });
      const one = (await alice.request({ method: 'GET', url: `/api/v1/customers/${buyer}` })).body;
      assert.deepEqual(
        one.lifecycle.byBusinessLine.map((l: { businessLineId: string; stage: string }) => [
          l.businessLineId,
          l.stage,
        ]),
        [[line, 'exploration']],
      );
      const steady = (await list(alice, 'stage=stability&sort=name')).data;
      assert.deepEqual(
        steady.map((c) => (c.lifecycle as { byBusinessLine?: unknown[] }).byBusinessLine),
        [[], []],
      );
    });
  });
}
