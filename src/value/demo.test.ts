import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { databaseTargets, openTestDatabase, uniqueEmail } from '../../test/support.js';
import { parseIsoDay } from '../analytics/civil-days.js';
import type { Database } from '../db/database.js';
import { inWorkspace } from '../db/tenant.js';
import { createDemoWorkspace } from '../demo/load.js';
import { workspaceModelAt } from '../scoring/model-store.js';
import { createUser } from '../users/service.js';
import { refreshCustomerValues } from './refresh.js';
import { valueColumns, workspaceTransactions } from './transaction-columns.js';

const TODAY = '2026-11-25';

for (const target of databaseTargets) {
  describe(`customer values of the demo workspace on ${target.name}`, () => {
    let database: Database;
    before(async () => {
      database = await openTestDatabase({ url: target.url });
    });
    after(() => database.close());

    test('a refresh stores a row for every customer with a purchase, and a second reuses the fit', async (t) => {
      const owner = await createUser(database.db, {
        email: uniqueEmail('value'),
        password: 'correct horse battery',
      });
      const { workspaceId } = await createDemoWorkspace(database.db, {
        ownerUserId: owner.id,
        today: TODAY,
        seed: 5,
        place: false,
      });
      const run = async () => {
        const started = performance.now();
        const result = await inWorkspace(database.db, workspaceId, async (tx) => {
          const day = parseIsoDay(TODAY);
          const { timezone } = await tx.selectFrom('workspaces').select('timezone').executeTakeFirstOrThrow();
          const { stored, refitted } = await workspaceModelAt(
            tx,
            { id: workspaceId, timezone },
            day,
            async () => {
              const all = await workspaceTransactions(tx, timezone);
              return { columns: valueColumns(all, day), customerIds: all.customerIds };
            },
          );
          return {
            refitted,
            ...(await refreshCustomerValues(tx, workspaceId, TODAY, { model: stored.model })),
          };
        });
        return { ...result, ms: Math.round(performance.now() - started) };
      };
      const first = await run();
      const second = await run();
      t.diagnostic(
        `${first.customers} customers: refresh with a refit ${first.ms} ms, reusing the fit ${second.ms} ms on ${target.name}`,
      );
      assert.deepEqual([first.refitted, second.refitted], [true, false]);
      const counts = await inWorkspace(database.db, workspaceId, async (tx) => {
        const { rows } = await sql<{ buyers: number; stored: number; missing: number; predicted: number }>`
          select (select count(*)::int from customer_stats s join customers c on c.id = s.customer_id
                   where c.deleted_at is null and s.purchase_count > 0) as buyers,
            (select count(*)::int from customer_values) as stored,
            (select count(*)::int from customer_stats s where not exists
              (select 1 from customer_values v where v.customer_id = s.customer_id)) as missing,
            (select count(*)::int from customer_values where clv is not null) as predicted`.execute(tx);
        return rows[0];
      });
      assert.equal(counts.missing, 0);
      assert.equal(counts.stored, counts.buyers);
      assert.equal(counts.stored, first.customers);
      assert.equal(counts.predicted, counts.stored, 'the demo data supports both models');
    });
  });
}
