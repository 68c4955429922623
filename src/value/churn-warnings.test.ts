import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import fc from 'fast-check';
import { sql } from 'kysely';
import { databaseTargets, openTestDatabase, uniqueEmail } from '../../test/support.js';
import type { Database } from '../db/database.js';
import { inWorkspace } from '../db/tenant.js';
import { createWorkspace } from '../workspaces/service.js';
import { churnWarnings } from './churn-warnings.js';
import { riskBand } from './value-rows.js';

// CLV × risk straddling band edges (e^(k/4) − 1: 0.284, 0.649, 1.718, 6.389, …), equal values at
// risk from different CLVs and risks, zero, negative and missing CLVs.
const CASES: [clv: string | null, risk: number][] = [
  ['28.40', 1],
  ['28.41', 1],
  ['28.50', 1],
  ['64.90', 1],
  ['64.80', 1],
  ['171.80', 1],
  ['171.90', 1],
  ['85.95', 2],
  ['638.90', 1],
  ['639.00', 1],
  ['1277.90', 0.5],
  ['1000000.00', 99.5],
  ['999999.99', 99.5],
  ['0.00', 50],
  [null, 80],
  ['-120.00', 90],
  ['50.00', 20],
  ['100.00', 10],
  ['200.00', 5],
  ['1000.00', 1],
  ...Array.from({ length: 40 }, (_, i): [string, number] => [(37.5 * (i + 1)).toFixed(2), (i * 7) % 100]),
];

/** The value at risk and its band, as the refresh computes them (value-rows.ts). */
function atRisk(clv: string | null, risk: number) {
  const value = Math.round((Math.round(Number(clv ?? 0) * 100) * risk) / 100) / 100;
  return { value_at_risk: value.toFixed(2), value_at_risk_band: riskBand(value) };
}

test('the band never falls as the value at risk rises, and bands grow by e^(1/4)', () => {
  fc.assert(
    fc.property(
      fc.double({ min: -1e6, max: 1e12, noNaN: true }),
      fc.double({ min: 0, max: 1e12, noNaN: true }),
      (a, b) => {
        const [low, high] = a <= b ? [a, b] : [b, a];
        assert.ok(riskBand(low) <= riskBand(high));
      },
    ),
  );
  assert.equal(riskBand(-5), 0);
  assert.equal(riskBand(0.28), 0);
  assert.equal(riskBand(0.29), 1);
  assert.equal(riskBand(Math.E ** 2 - 1 + 0.01), 8);
  assert.equal(riskBand(1e6), Math.floor(4 * Math.log(1e6 + 1)));
});

for (const target of databaseTargets) {
  describe(`churn warnings on ${target.name}`, () => {
    let database: Database;
    let workspaceId: string;
    before(async () => {
      database = await openTestDatabase({ url: target.url });
      const user = await database.db
        .insertInto('users')
        .values({ email: uniqueEmail('warnings'), password_hash: 'x' })
        .returning('id')
        .executeTakeFirstOrThrow();
      workspaceId = (await createWorkspace(database.db, user.id, { name: 'Warnings' })).id;
      await inWorkspace(database.db, workspaceId, async (tx) => {
        const customers = await tx
          .insertInto('customers')
          .values(CASES.map((_, i) => ({ workspace_id: workspaceId, name: `W${i}` })))
          .returning('id')
          .execute();
        await tx
          .insertInto('customer_values')
          .values(
            CASES.map(([clv, risk], i) => ({
              workspace_id: workspaceId,
              customer_id: customers[i].id,
              as_of: '2026-11-25',
              computed_at: sql<Date>`now()`,
              purchase_days: 2,
              days_since_last: 10,
              revenue: '100.00',
              r_score: 3,
              f_score: 3,
              m_score: 3,
              rfm_segment: 'Need Attention',
              cn_class: '一般价值客户',
              abc_class: 'B',
              clv,
              churn_risk: risk,
              churn_level: 'low',
              ...atRisk(clv, risk),
            })),
          )
          .execute();
      });
    });
    after(() => database.close());

    test('pages in the order of the value at risk, across the bands of its index', async () => {
      const expected = await inWorkspace(database.db, workspaceId, async (tx) => {
        const rows = await tx
          .selectFrom('customer_values')
          .select(['customer_id', 'value_at_risk'])
          .execute();
        return rows
          .sort(
            (a, b) =>
              Number(b.value_at_risk) - Number(a.value_at_risk) ||
              (a.customer_id < b.customer_id ? -1 : a.customer_id > b.customer_id ? 1 : 0),
          )
          .map((r) => [r.customer_id, r.value_at_risk]);
      });
      // The cases cross several bands and include equal values at risk.
      const values = expected.map(([, v]) => v);
      assert.ok(new Set(values).size < values.length);
      const paged: string[][] = [];
      let cursor: string | undefined;
      do {
        const page = await inWorkspace(database.db, workspaceId, (tx) =>
          churnWarnings(tx, { limit: 3, cursor, minLevel: 'low' }),
        );
        paged.push(...page.data.map((w) => [w.customerId, w.valueAtRisk]));
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      assert.deepEqual(paged, expected);
    });

    // Last: it deletes the workspace.
    test('the values go with their workspace', async () => {
      const count = () =>
        inWorkspace(database.db, workspaceId, async (tx) =>
          Number(
            (
              await tx
                .selectFrom('customer_values')
                .select((eb) => eb.fn.countAll().as('n'))
                .executeTakeFirstOrThrow()
            ).n,
          ),
        );
      assert.equal(await count(), CASES.length);
      await inWorkspace(database.db, workspaceId, (tx) =>
        tx.deleteFrom('workspaces').where('id', '=', workspaceId).execute(),
      );
      assert.equal(await count(), 0);
    });
  });
}
