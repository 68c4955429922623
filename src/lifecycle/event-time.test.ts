import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import fc from 'fast-check';
import { databaseTargets, type Session, signUp, startApi, type TestApi } from '../../test/support.js';
import { formatDay, parseIsoDay } from '../analytics/civil-days.js';
import { uploadAndWait } from '../imports/test-files.js';
import { todayIn } from './overrides.js';

const TIMEZONE = 'Asia/Shanghai';
const today = () => parseIsoDay(todayIn(TIMEZONE));
const at = (day: number) => `${formatDay(day)}T10:00:00+08:00`;

const refresh = (session: Session, asOf: string, full = false) =>
  session.request({
    method: 'POST',
    url: '/api/v1/lifecycle/refresh',
    payload: { asOf, ...(full ? { full } : {}) },
  });

async function newCustomer(session: Session, name: string, externalId?: string): Promise<string> {
  const res = await session.request({
    method: 'POST',
    url: '/api/v1/customers',
    payload: { name, ...(externalId ? { externalId } : {}) },
  });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return res.body.id;
}

/** Every customer's stage, day of entry, cause, next check and history, by name. */
async function courses(session: Session) {
  const list = await session.request({ method: 'GET', url: '/api/v1/customers?limit=100' });
  const out: Record<string, unknown> = {};
  for (const c of list.body.data as { id: string; name: string }[]) {
    const stage = await session.request({ method: 'GET', url: `/api/v1/customers/${c.id}/lifecycle` });
    const history = await session.request({
      method: 'GET',
      url: `/api/v1/customers/${c.id}/lifecycle/history`,
    });
    out[c.name] = { stage: stage.body, history: history.body.data };
  }
  return out;
}

for (const target of databaseTargets) {
  describe(`stages in event time on ${target.name}`, () => {
    let api: TestApi;
    before(async () => {
      api = await startApi(target.url, { runJobs: true });
    });
    after(() => api.close());

    test('a customer who bought every 30 days for two years, posted oldest first, is in stability, not decline', async () => {
      const session = await signUp(api, 'Monthly buyer');
      const now = today();
      assert.equal((await refresh(session, formatDay(now))).status, 200);
      const id = await newCustomer(session, 'Every 30 days');
      // 25 purchases, 30 days apart, the last one 10 days ago, each posted on its own, oldest first.
      const first = now - 10 - 24 * 30;
      for (let k = 0; k < 25; k++) {
        const res = await session.request({
          method: 'POST',
          url: '/api/v1/transactions',
          payload: { customerId: id, occurredAt: at(first + 30 * k), amount: 100 },
        });
        assert.equal(res.status, 201);
      }
      const placed = (await session.request({ method: 'GET', url: `/api/v1/customers/${id}/lifecycle` }))
        .body;
      assert.equal(placed.stage, 'stability');
      // Entered when the tenure reached 180 days, with the seventh purchase that day.
      assert.equal(placed.since, formatDay(first + 180));
      assert.equal(placed.cause.rule, 'stability');
      assert.equal((await refresh(session, formatDay(now))).status, 200);
      const history = (
        await session.request({ method: 'GET', url: `/api/v1/customers/${id}/lifecycle/history` })
      ).body.data;
      assert.deepEqual(
        history.map((h: { from: string | null; to: string; at: string }) => [h.from, h.to, h.at]),
        [
          [null, 'exploration', formatDay(first)],
          ['exploration', 'formation', formatDay(first + 30)],
          ['formation', 'stability', formatDay(first + 180)],
        ],
      );
      const again = (await session.request({ method: 'GET', url: `/api/v1/customers/${id}/lifecycle` })).body;
      assert.deepEqual(again, placed);
    });

    test('the same purchases delivered in any order and batches, by any write path, give the course one replay gives', async () => {
      const now = today();
      const purchase = fc.record({
        customer: fc.integer({ min: 0, max: 2 }),
        ago: fc.integer({ min: 1, max: 700 }),
      });
      const path = fc.constantFrom('single', 'bulk', 'import', 'merge');
      const batches = fc.array(
        fc.record({
          purchases: fc.array(purchase, { minLength: 1, maxLength: 8 }),
          path,
          refresh: fc.boolean(),
        }),
        { minLength: 1, maxLength: 4 },
      );
      let run = 0;
      await fc.assert(
        fc.asyncProperty(batches, async (deliveries) => {
          run++;
          // Distinct amounts: an import takes identical rows of one customer for duplicates.
          let amount = 10;
          const plan = deliveries.map((d) => ({
            ...d,
            purchases: d.purchases.map((p) => ({ ...p, amount: amount++ })),
          }));
          const names = ['A', 'B', 'C'];
          const delivered = await signUp(api, `Delivered ${run}`);
          assert.equal((await refresh(delivered, formatDay(now))).status, 200);
          const ids = await Promise.all(names.map((n) => newCustomer(delivered, n, `ext-${n}`)));
          let duplicates = 0;
          for (const { purchases, path, refresh: refreshAfter } of plan) {
            const rows = purchases.map((p) => ({
              customerId: ids[p.customer],
              occurredAt: at(now - p.ago),
              amount: p.amount,
            }));
            if (path === 'single')
              for (const payload of rows) {
                const res = await delivered.request({ method: 'POST', url: '/api/v1/transactions', payload });
                assert.equal(res.status, 201);
              }
            else if (path === 'bulk') {
              const res = await delivered.request({
                method: 'POST',
                url: '/api/v1/transactions/bulk',
                payload: { transactions: rows },
              });
              assert.equal(res.status, 201);
            } else if (path === 'import') {
              const text = `customerExternalId,occurredAt,amount\n${purchases
                .map((p) => `ext-${names[p.customer]},${formatDay(now - p.ago)} 10:00,${p.amount}`)
                .join('\n')}\n`;
              const done = await uploadAndWait(
                delivered,
                { kind: 'transactions' },
                { name: 'orders.csv', data: Buffer.from(text) },
              );
              assert.equal(done.status, 'done', done.error);
              assert.equal(done.counts.imported, purchases.length);
            } else {
              // Bought under a duplicate record, merged into the customer afterwards.
              for (const p of new Set(purchases.map((q) => q.customer))) {
                const copy = await newCustomer(delivered, `${names[p]} copy ${duplicates++}`);
                const mine = rows.filter((_r, k) => purchases[k].customer === p);
                const res = await delivered.request({
                  method: 'POST',
                  url: '/api/v1/transactions/bulk',
                  payload: { transactions: mine.map((r) => ({ ...r, customerId: copy })) },
                });
                assert.equal(res.status, 201);
                const etag = await delivered.request({ method: 'GET', url: `/api/v1/customers/${ids[p]}` });
                const merged = await delivered.request({
                  method: 'POST',
                  url: `/api/v1/customers/${ids[p]}/merge`,
                  payload: { sourceIds: [copy] },
                  headers: { 'if-match': etag.headers.etag as string },
                });
                assert.equal(merged.status, 200, JSON.stringify(merged.body));
              }
            }
            if (refreshAfter) assert.equal((await refresh(delivered, formatDay(now))).status, 200);
          }
          const stored = await courses(delivered);

          // One replay from scratch: everything at once in a new workspace, placed by its first refresh.
          const replayed = await signUp(api, `Replayed ${run}`);
          const fresh = await Promise.all(names.map((n) => newCustomer(replayed, n, `ext-${n}`)));
          const all = plan.flatMap((d) => d.purchases);
          const res = await replayed.request({
            method: 'POST',
            url: '/api/v1/transactions/bulk',
            payload: {
              transactions: all.map((p) => ({
                customerId: fresh[p.customer],
                occurredAt: at(now - p.ago),
                amount: p.amount,
              })),
            },
          });
          assert.equal(res.status, 201);
          assert.equal((await refresh(replayed, formatDay(now))).status, 200);
          assert.deepEqual(stored, await courses(replayed));
        }),
        { numRuns: target.name === 'pglite' ? 12 : 6, seed: 18 },
      );
    });
  });
}
