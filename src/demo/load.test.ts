import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { databaseTargets, openTestDatabase, uniqueEmail } from '../../test/support.js';
import type { Database } from '../db/database.js';
import { inWorkspace } from '../db/tenant.js';
import { createUser } from '../users/service.js';
import { formatCents } from './catalogue.js';
import { DEMO_STAFF } from './demo-staff.js';
import { generateDemoData } from './generate-demo-data.js';
import { createDemoWorkspace, ensureDemoWorkspace } from './load.js';

const TODAY = '2026-11-25';
const newUser = (database: Database) =>
  createUser(database.db, { email: uniqueEmail('demo'), password: 'correct horse battery' });

const total = (amounts: string[]) => formatCents(amounts.reduce((s, a) => s + Number(a.replace('.', '')), 0));

for (const target of databaseTargets) {
  describe(`demo workspace on ${target.name}`, () => {
    let database: Database;
    before(async () => {
      database = await openTestDatabase({ url: target.url });
    });
    after(() => database.close());

    test('the full demo lands: every row, the aggregates kept by the triggers, the sales team', async (t) => {
      const owner = await newUser(database);
      const started = performance.now();
      const demo = await createDemoWorkspace(database.db, { ownerUserId: owner.id, today: TODAY, seed: 3 });
      const ms = Math.round(performance.now() - started);
      t.diagnostic(`demo workspace loaded on ${target.name} in ${ms} ms`);
      const data = generateDemoData({ seed: 3, today: TODAY });
      const counted = await inWorkspace(database.db, demo.workspaceId, async (tx) => {
        const count = async (table: string) =>
          (await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)}`.execute(tx)).rows[0]
            .n;
        const revenue = await sql<{
          total: string;
        }>`select sum(revenue)::text as total from customer_stats`.execute(tx);
        return {
          customers: await count('customers'),
          contacts: await count('contacts'),
          transactions: await count('transactions'),
          interactions: await count('interactions'),
          stats: await count('customer_stats'),
          members: await count('memberships'),
          revenue: revenue.rows[0].total,
        };
      });
      const buyers = new Set(data.transactions.map((t) => t.customerId)).size;
      assert.deepEqual(counted, {
        customers: data.customers.length,
        contacts: data.contacts.length,
        transactions: data.transactions.length,
        interactions: data.interactions.length,
        stats: buyers,
        members: 1 + DEMO_STAFF.length,
        revenue: total(data.transactions.map((t) => t.amount)),
      });
      assert.equal(demo.counts.transactions, data.transactions.length);
    });

    test('ensureDemoWorkspace creates a demo only for a user without any workspace', async () => {
      const owner = await newUser(database);
      const first = await ensureDemoWorkspace(database.db, owner.id, { customers: 60, today: TODAY });
      assert.ok(first);
      assert.equal(first.counts.customers, 60);
      assert.equal(await ensureDemoWorkspace(database.db, owner.id, { customers: 60 }), undefined);
    });
  });
}
