import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql, TableNode } from 'kysely';
import { databaseTargets, openTestDatabase, uniqueEmail } from '../../test/support.js';
import { formatDay, parseIsoDay } from '../analytics/civil-days.js';
import { createRandom } from '../analytics/random.js';
import type { Database } from '../db/database.js';
import { inWorkspace } from '../db/tenant.js';
import { createWorkspace } from '../workspaces/service.js';
import { overrideStage, todayIn } from './overrides.js';
import { refreshLifecycle } from './refresh.js';

interface Sale {
  customer: number;
  day: number;
  amount: string;
  line: number | null;
}

/** Seeded purchase histories: 80 customers (some prospects), buying at their own pace, some in two lines. */
function histories(seed: number): Sale[] {
  const random = createRandom(seed);
  const sales: Sale[] = [];
  const start = parseIsoDay('2023-01-01');
  for (let customer = 0; customer < 80; customer++) {
    if (customer % 10 === 0) continue;
    const meanGap = 7 + random.uniform() * 80;
    const stop = start + 200 + random.uniform() * 700;
    for (
      let day = start + Math.floor(random.uniform() * 500);
      day < stop;
      day += 1 + Math.floor(random.exponential(1 / meanGap))
    ) {
      const line = customer % 3 === 0 ? null : random.uniform() < 0.7 ? 0 : 1;
      sales.push({
        customer,
        day,
        amount: (5 + Math.floor(random.uniform() * 50000) / 100).toFixed(2),
        line,
      });
    }
  }
  return sales;
}

/** A workspace with customers C0…C79 and lines L0, L1; returns its id and a writer of more sales. */
async function seedWorkspace(db: Database['db'], userId: string, sales: Sale[]) {
  const workspaceId = (await createWorkspace(db, userId, { name: 'Increments' })).id;
  const { ids, lines } = await inWorkspace(db, workspaceId, async (tx) => {
    const customers = await tx
      .insertInto('customers')
      .values(Array.from({ length: 80 }, (_, i) => ({ workspace_id: workspaceId, name: `C${i}` })))
      .returning(['id', 'name'])
      .execute();
    const lines = await tx
      .insertInto('business_lines')
      .values([0, 1].map((i) => ({ workspace_id: workspaceId, name: `L${i}` })))
      .returning('id')
      .execute();
    return {
      ids: new Map(customers.map((c) => [Number(c.name.slice(1)), c.id])),
      lines: lines.map((l) => l.id),
    };
  });
  const addSales = (more: Sale[]) =>
    inWorkspace(db, workspaceId, (tx) =>
      tx
        .insertInto('transactions')
        .values(
          more.map((s) => ({
            workspace_id: workspaceId,
            customer_id: ids.get(s.customer) as string,
            business_line_id: s.line === null ? null : lines[s.line],
            occurred_at: new Date(`${formatDay(s.day)}T04:00:00Z`),
            amount: s.amount,
            currency: 'CNY',
          })),
        )
        .execute(),
    );
  await addSales(sales);
  return { workspaceId, addSales };
}

/** Every stored stage and history entry, by customer name, comparable across workspaces. */
async function snapshot(db: Database['db'], workspaceId: string) {
  return inWorkspace(db, workspaceId, async (tx) => {
    const stages = await tx
      .selectFrom('customer_lifecycle as l')
      .innerJoin('customers as c', 'c.id', 'l.customer_id')
      .leftJoin('business_lines as b', 'b.id', 'l.business_line_id')
      .select(['c.name as customer', 'b.name as line', 'l.stage', 'l.since', 'l.cause', 'l.next_check'])
      .orderBy('c.name')
      .orderBy('b.name')
      .execute();
    const history = await tx
      .selectFrom('lifecycle_history as h')
      .innerJoin('customers as c', 'c.id', 'h.customer_id')
      .leftJoin('business_lines as b', 'b.id', 'h.business_line_id')
      .select(['c.name as customer', 'b.name as line', 'h.from_stage', 'h.to_stage', 'h.at'])
      .orderBy('c.name')
      .orderBy('b.name')
      .orderBy('h.id')
      .execute();
    return { stages, history };
  });
}

const AS_OF = [
  '2024-01-15',
  '2024-02-01',
  '2024-02-02',
  '2024-03-20',
  '2024-05-01',
  '2024-07-30',
  '2024-10-01',
  '2024-10-09',
  '2025-01-15',
  '2025-06-30',
];

for (const target of databaseTargets) {
  describe(`incremental refresh on ${target.name}`, () => {
    let database: Database;
    before(async () => {
      database = await openTestDatabase({ url: target.url });
    });
    after(() => database.close());

    test('refreshing only the customers that can change gives exactly what evaluating everyone gives', async () => {
      const { db } = database;
      const user = await db
        .insertInto('users')
        .values({ email: uniqueEmail('increments'), password_hash: 'x' })
        .returning('id')
        .executeTakeFirstOrThrow();
      const sales = histories(20241125);
      const seeded = [await seedWorkspace(db, user.id, sales), await seedWorkspace(db, user.id, sales)];
      const [incremental, full] = seeded.map((s) => s.workspaceId);
      // Sales recorded between refreshes, some dated before the last as-of (a late import).
      const late: Sale[] = [3, 14, 25, 47, 58].map((customer, i) => ({
        customer,
        day: parseIsoDay('2024-07-20') + 5 * i,
        amount: '99.00',
        line: i % 2 ? 0 : null,
      }));
      let evaluated = 0;
      for (const asOf of AS_OF) {
        if (asOf === '2024-10-01') for (const s of seeded) await s.addSales(late);
        // A prospect added between refreshes, with no data yet: placed by the next refresh all the same.
        if (asOf === '2024-05-01')
          for (const s of seeded)
            await inWorkspace(db, s.workspaceId, (tx) =>
              tx.insertInto('customers').values({ workspace_id: s.workspaceId, name: 'Prospect' }).execute(),
            );
        const a = await inWorkspace(db, incremental, (tx) => refreshLifecycle(tx, incremental, asOf));
        const b = await inWorkspace(db, full, (tx) => refreshLifecycle(tx, full, asOf, { full: true }));
        assert.equal(a.changed, b.changed, `changes at ${asOf}`);
        evaluated += a.evaluated;
      }
      const [left, right] = [await snapshot(db, incremental), await snapshot(db, full)];
      assert.deepEqual(left, right);
      assert.ok(left.stages.some((s) => s.customer === 'Prospect'));
      assert.ok(evaluated < AS_OF.length * 80, `incremental refreshes evaluated ${evaluated} customers`);
      const withPAlive = left.stages.filter(
        (s) => (s.cause as { metrics: { pAlive: number | null } }).metrics.pAlive !== null,
      );
      assert.ok(withPAlive.length > 0, 'P(alive) was fitted and used');
    });

    test('a second full refresh at the same as-of rewrites no stage row', async () => {
      const { db } = database;
      const user = await db
        .insertInto('users')
        .values({ email: uniqueEmail('rewrites'), password_hash: 'x' })
        .returning('id')
        .executeTakeFirstOrThrow();
      const { workspaceId } = await seedWorkspace(db, user.id, histories(7));
      // The transaction id that wrote each row version: a rewritten row gets a new one.
      const versions = () =>
        inWorkspace(db, workspaceId, async (tx) => {
          const { rows } = await sql<{ key: string; version: string }>`
            select customer_id || ' ' || coalesce(business_line_id::text, '') as key, xmin::text as version
            from customer_lifecycle order by 1`.execute(tx);
          return rows;
        });
      await inWorkspace(db, workspaceId, (tx) => refreshLifecycle(tx, workspaceId, '2024-06-01'));
      const before = await versions();
      assert.ok(before.length > 70);
      const again = await inWorkspace(db, workspaceId, (tx) =>
        refreshLifecycle(tx, workspaceId, '2024-06-01', { full: true }),
      );
      assert.equal(again.changed, 0);
      assert.deepEqual(await versions(), before);
    });

    test('the counts and digests stored with the stages spare reading the history, and give way where it was written elsewhere', async () => {
      const { db } = database;
      const user = await db
        .insertInto('users')
        .values({ email: uniqueEmail('digests'), password_hash: 'x' })
        .returning('id')
        .executeTakeFirstOrThrow();
      const { workspaceId, addSales } = await seedWorkspace(db, user.id, histories(11));
      // Whether a refresh read stored history entries (a select from lifecycle_history).
      let historyReads = 0;
      const watched = db.withPlugin({
        transformQuery(args) {
          const node = args.node;
          if (
            node.kind === 'SelectQueryNode' &&
            node.from?.froms.some((f) => TableNode.is(f) && f.table.identifier.name === 'lifecycle_history')
          )
            historyReads++;
          return node;
        },
        transformResult: async (args) => args.result,
      });
      const refresh = (asOf: string, full = false) =>
        inWorkspace(watched, workspaceId, (tx) => refreshLifecycle(tx, workspaceId, asOf, { full }));
      // Every course's stored count and digest agree with its stored history.
      const consistent = () =>
        inWorkspace(db, workspaceId, async (tx) => {
          const { rows } = await sql<{
            customer: string;
            line: string | null;
            stored: number | null;
            counted: number;
          }>`
            select l.customer_id as customer, l.business_line_id as line, l.history_count as stored,
              (select count(*)::int from lifecycle_history h where h.customer_id = l.customer_id
                and h.business_line_id is not distinct from l.business_line_id) as counted
            from customer_lifecycle l`.execute(tx);
          return rows;
        });

      await refresh('2024-06-01');
      assert.equal(historyReads, 0, 'the first placement has no history to read');
      const placed = await consistent();
      assert.ok(placed.length > 70);
      for (const r of placed) assert.equal(r.stored, r.counted, r.customer);

      const before = await snapshot(db, workspaceId);
      await refresh('2024-06-01', true);
      assert.equal(historyReads, 0, 'a full refresh of unchanged data reads no history');
      assert.deepEqual(await snapshot(db, workspaceId), before);

      // A sale of the past changes the course from then on: that customer's history is read and rewritten.
      await addSales([{ customer: 5, day: parseIsoDay('2023-09-01'), amount: '4000.00', line: null }]);
      await refresh('2024-06-01');
      assert.ok(historyReads > 0, 'a course the digest does not vouch for is read');
      for (const r of await consistent()) assert.equal(r.stored, r.counted, r.customer);

      // A manual stage writes history outside the refresh: its course's digest is cleared, and the
      // next refresh reconciles it without writing the entry twice.
      const customerId = (await consistent())[0].customer;
      const { timezone } = await inWorkspace(db, workspaceId, (tx) =>
        tx
          .selectFrom('workspaces')
          .select('timezone')
          .where('id', '=', workspaceId)
          .executeTakeFirstOrThrow(),
      );
      // At today the rules have long placed everyone in decline or terminated.
      await refresh(todayIn(timezone));
      await inWorkspace(db, workspaceId, (tx) =>
        overrideStage(
          tx,
          { workspaceId, userId: user.id, role: 'owner', phoneRegion: 'CN', timezone },
          customerId,
          { stage: 'stability', reason: 'signed a yearly contract' },
        ),
      );
      const cleared = (await consistent()).find((r) => r.customer === customerId && r.line === null);
      assert.equal(cleared?.stored, null);
      historyReads = 0;
      await refresh(todayIn(timezone), true);
      assert.ok(historyReads > 0);
      const after = await consistent();
      for (const r of after) assert.equal(r.stored, r.counted, r.customer);
      const manual = await inWorkspace(db, workspaceId, (tx) =>
        tx
          .selectFrom('lifecycle_history')
          .select('to_stage')
          .where('customer_id', '=', customerId)
          .where('to_stage', '=', 'stability')
          .where('at', '=', todayIn(timezone))
          .execute(),
      );
      assert.equal(manual.length, 1);
    });

    test("a deleted workspace's stages, history and values go with it; another's stay", async () => {
      const { db } = database;
      const user = await db
        .insertInto('users')
        .values({ email: uniqueEmail('deletes'), password_hash: 'x' })
        .returning('id')
        .executeTakeFirstOrThrow();
      const [gone, kept] = [
        await seedWorkspace(db, user.id, histories(11)),
        await seedWorkspace(db, user.id, histories(12)),
      ].map((s) => s.workspaceId);
      const rows = (workspaceId: string) =>
        inWorkspace(db, workspaceId, async (tx) => {
          const { rows } = await sql<{ stages: number; history: number; values: number }>`
            select (select count(*)::int from customer_lifecycle) as stages,
              (select count(*)::int from lifecycle_history) as history,
              (select count(*)::int from customer_values) as values`.execute(tx);
          return rows[0];
        });
      for (const id of [gone, kept])
        await inWorkspace(db, id, (tx) => refreshLifecycle(tx, id, '2024-06-01'));
      const before = await rows(kept);
      assert.ok(before.stages > 70 && before.history >= before.stages && before.values > 50);
      const placed = await rows(gone);
      assert.ok(placed.stages > 70 && placed.history > 70 && placed.values > 50);
      const binding = await inWorkspace(db, gone, async (tx) => {
        // Sales hold on to their customers (no cascade): they go first.
        await tx.deleteFrom('transactions').execute();
        await tx.deleteFrom('workspaces').where('id', '=', gone).execute();
        const { rows } = await sql<{ bound: string }>`
          select current_setting('clm.workspace_id') as bound`.execute(tx);
        return rows[0].bound;
      });
      assert.equal(binding, gone, 'the transaction stays bound to its workspace');
      assert.deepEqual(await rows(gone), { stages: 0, history: 0, values: 0 });
      assert.deepEqual(await rows(kept), before);
    });
  });
}
