import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { databaseTargets, openTestDatabase, uniqueEmail } from '../../test/support.js';
import { formatDay, parseIsoDay } from '../analytics/civil-days.js';
import { createRandom } from '../analytics/random.js';
import type { Database } from '../db/database.js';
import { inWorkspace } from '../db/tenant.js';
import { workspaceTransactions } from '../value/transaction-columns.js';
import { createWorkspace } from '../workspaces/service.js';
import { type Purchase, purchaseMetrics } from './purchase-metrics.js';
import { purchaseRowsOf } from './purchase-rows.js';

interface Sale extends Purchase {
  customer: number;
  line: number | null;
}

function sales(seed: number): Sale[] {
  const random = createRandom(seed);
  const out: Sale[] = [];
  for (let customer = 0; customer < 12; customer++) {
    const count = Math.floor(random.uniform() * 12);
    for (let i = 0; i < count; i++) {
      out.push({
        customer,
        day: parseIsoDay('2024-01-01') + Math.floor(random.uniform() * 400),
        // Refunds too: windows hold net revenue.
        amount: Math.round((random.uniform() * 300 - 30) * 100) / 100,
        line: random.uniform() < 0.5 ? null : Math.floor(random.uniform() * 2),
      });
    }
  }
  return out;
}

for (const target of databaseTargets) {
  describe(`purchase metrics from the transactions read on ${target.name}`, () => {
    let database: Database;
    before(async () => {
      database = await openTestDatabase({ url: target.url });
    });
    after(() => database.close());

    test('agree with the reference computation for customers and lines at several as-of days', async () => {
      const { db } = database;
      const user = await db
        .insertInto('users')
        .values({ email: uniqueEmail('metrics'), password_hash: 'x' })
        .returning('id')
        .executeTakeFirstOrThrow();
      const workspaceId = (await createWorkspace(db, user.id, { name: 'Metrics' })).id;
      const history = sales(7);
      await inWorkspace(db, workspaceId, async (tx) => {
        const customers = await tx
          .insertInto('customers')
          .values(Array.from({ length: 12 }, (_, i) => ({ workspace_id: workspaceId, name: `C${i}` })))
          .returning('id')
          .execute();
        const lines = await tx
          .insertInto('business_lines')
          .values([0, 1].map((i) => ({ workspace_id: workspaceId, name: `L${i}` })))
          .returning('id')
          .execute();
        const ids = customers.map((c) => c.id);
        await tx
          .insertInto('transactions')
          .values(
            history.map((s) => ({
              workspace_id: workspaceId,
              customer_id: ids[s.customer],
              business_line_id: s.line === null ? null : lines[s.line].id,
              // 23:30 in Shanghai: the day is the workspace's, not UTC's (15:30Z the same day).
              occurred_at: new Date(`${formatDay(s.day)}T15:30:00Z`),
              amount: s.amount.toFixed(2),
              currency: 'CNY',
            })),
          )
          .execute();
        const read = await workspaceTransactions(tx, 'Asia/Shanghai', ids);
        for (const asOf of ['2024-03-01', '2024-09-15', '2025-06-01'].map(parseIsoDay)) {
          const rows = purchaseRowsOf(read, asOf, 90);
          for (const row of rows) {
            const customer = ids.indexOf(row.customerId);
            const lineIndex =
              row.businessLineId === null ? null : lines.findIndex((l) => l.id === row.businessLineId);
            const own = history.filter(
              (s) => s.customer === customer && (lineIndex === null || s.line === lineIndex),
            );
            const expected = purchaseMetrics(own, asOf);
            const label = `C${customer} line ${lineIndex} at ${formatDay(asOf)}`;
            assert.equal(row.n, expected.n, label);
            assert.equal(row.first, expected.first, label);
            assert.equal(row.last, expected.last, label);
            if (expected.n >= 3) assert.equal(row.rhythm, expected.rhythm, label);
            assert.equal(Math.round(row.rev * 100), Math.round(expected.rev90 * 100), label);
            assert.equal(Math.round(row.prev * 100), Math.round(expected.prev90 * 100), label);
            const later = own.filter((s) => s.day > asOf).map((s) => s.day);
            assert.equal(row.nextPurchase, later.length ? Math.min(...later) : null, label);
            const changes = own
              .filter((s) => s.day > asOf - 180 && s.day <= asOf)
              .map((s) => (s.day > asOf - 90 ? s.day + 90 : s.day + 180));
            assert.equal(row.windowChange, changes.length ? Math.min(...changes) : null, label);
          }
          // A row for every customer and line with a sale at all, before or after the as-of.
          const keys = new Set(rows.map((r) => `${r.customerId} ${r.businessLineId}`));
          const sold = history.flatMap((s) => [
            `${ids[s.customer]} null`,
            ...(s.line === null ? [] : [`${ids[s.customer]} ${lines[s.line].id}`]),
          ]);
          assert.deepEqual(keys, new Set(sold));
          const placed = new Set(
            rows.filter((r) => r.businessLineId === null && r.n > 0).map((r) => r.customerId),
          );
          const buyers = new Set(history.filter((s) => s.day <= asOf).map((s) => ids[s.customer]));
          assert.deepEqual(placed, buyers);
        }
      });
    });
  });
}
