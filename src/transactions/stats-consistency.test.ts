import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import fc from 'fast-check';
import { databaseTargets, type Session, signUp, startApi, type TestApi } from '../../test/support.js';
import type { Actor } from '../customers/service.js';
import { inWorkspace, type Tx } from '../db/tenant.js';
import { insertTransactions } from './insert.js';
import { rebuildCustomerStats } from './rebuild-stats.js';
import { deleteTransaction, updateTransaction } from './service.js';

const CUSTOMERS = 3;
const LINES = 2;
// Five days of minutes around the clock: many sales land near a midnight of Asia/Shanghai, where a
// wrong time zone or a stale day count would show.
const START = Date.UTC(2024, 2, 1);
const minutes = fc.integer({ min: 0, max: 5 * 24 * 60 });
const cents = fc.integer({ min: -50_000, max: 10_000_000 });

const sale = fc.record({
  customer: fc.nat(CUSTOMERS - 1),
  line: fc.option(fc.nat(LINES - 1)),
  minute: minutes,
  amount: cents,
  margin: fc.option(cents),
});
type Sale = typeof sale extends fc.Arbitrary<infer T> ? T : never;

const operation = fc.oneof(
  fc.record({ kind: fc.constant('insert' as const), sales: fc.array(sale, { minLength: 1, maxLength: 4 }) }),
  fc.record({
    kind: fc.constant('update' as const),
    target: fc.nat(),
    change: fc.record(
      { customer: fc.nat(CUSTOMERS - 1), line: fc.option(fc.nat(LINES - 1)), minute: minutes, amount: cents },
      { requiredKeys: [] },
    ),
  }),
  fc.record({ kind: fc.constant('delete' as const), target: fc.nat() }),
);
type Operation = typeof operation extends fc.Arbitrary<infer T> ? T : never;

const money = (c: number) =>
  `${c < 0 ? '-' : ''}${Math.floor(Math.abs(c) / 100)}.${String(Math.abs(c) % 100).padStart(2, '0')}`;
const instant = (minute: number) => new Date(START + minute * 60_000).toISOString();

async function snapshot(tx: Tx) {
  return {
    customers: await tx.selectFrom('customer_stats').selectAll().orderBy('customer_id').execute(),
    lines: await tx
      .selectFrom('customer_line_stats')
      .selectAll()
      .orderBy('customer_id')
      .orderBy('business_line_id')
      .execute(),
  };
}

for (const target of databaseTargets) {
  describe(`incremental customer aggregates on ${target.name}`, () => {
    let api: TestApi;
    let alice: Session;
    let actor: Actor;
    let customers: string[];
    let lines: string[];
    before(async () => {
      api = await startApi(target.url);
      alice = await signUp(api);
      actor = { workspaceId: alice.workspaceId, userId: alice.userId, role: 'owner', phoneRegion: 'CN' };
      customers = [];
      lines = [];
      for (let i = 0; i < CUSTOMERS; i++) {
        customers.push(
          (await alice.request({ method: 'POST', url: '/api/v1/customers', payload: { name: `C${i}` } })).body
            .id,
        );
      }
      for (let i = 0; i < LINES; i++) {
        lines.push(
          (await alice.request({ method: 'POST', url: '/api/v1/business-lines', payload: { name: `L${i}` } }))
            .body.id,
        );
      }
    });
    after(() => api.close());

    const write = <T>(fn: (tx: Tx) => Promise<T>) => inWorkspace(api.database.db, alice.workspaceId, fn);
    const newSale = (s: Sale) => ({
      path: 'body',
      customerId: customers[s.customer],
      businessLineId: s.line === null ? null : lines[s.line],
      occurredAt: instant(s.minute),
      amount: money(s.amount),
      margin: s.margin === null ? null : money(s.margin),
    });

    /** Applies one operation; `live` holds the ids and versions of the transactions that exist. */
    async function apply(op: Operation, live: { id: string; version: number }[]) {
      if (op.kind === 'insert') {
        const rows = await write((tx) => insertTransactions(tx, actor, op.sales.map(newSale)));
        live.push(...rows.map((r) => ({ id: r.id, version: r.version })));
        return;
      }
      if (!live.length) return;
      const index = op.target % live.length;
      const { id, version } = live[index];
      if (op.kind === 'delete') {
        await write((tx) => deleteTransaction(tx, actor, id, version));
        live.splice(index, 1);
        return;
      }
      const { customer, line, minute, amount } = op.change;
      const patch = {
        customerId: customer === undefined ? undefined : customers[customer],
        businessLineId: line === undefined ? undefined : line === null ? null : lines[line],
        occurredAt: minute === undefined ? undefined : instant(minute),
        amount: amount === undefined ? undefined : money(amount),
      };
      const row = await write((tx) => updateTransaction(tx, actor, id, version, patch));
      live[index] = { id, version: row.version };
    }

    test('after any sequence of writes the maintained aggregates equal a rebuild from scratch', async () => {
      await fc.assert(
        fc.asyncProperty(fc.array(operation, { minLength: 1, maxLength: 15 }), async (operations) => {
          await write((tx) => tx.deleteFrom('transactions').execute());
          const live: { id: string; version: number }[] = [];
          for (const op of operations) await apply(op, live);
          const maintained = await write(snapshot);
          await rebuildCustomerStats(api.database.db, alice.workspaceId);
          const rebuilt = await write(snapshot);
          assert.deepEqual(maintained, rebuilt);
          assert.equal(
            maintained.customers.reduce((n, c) => n + c.purchase_count, 0),
            live.length,
          );
        }),
        { numRuns: 30 },
      );
    });
  });
}
