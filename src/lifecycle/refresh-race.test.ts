import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { databaseTargets, openTestDatabase, uniqueEmail } from '../../test/support.js';
import type { Database } from '../db/database.js';
import { inWorkspace } from '../db/tenant.js';
import { createWorkspace } from '../workspaces/service.js';
import { refreshLifecycle } from './refresh.js';

for (const target of databaseTargets) {
  describe(`racing refreshes on ${target.name}`, () => {
    let database: Database;
    before(async () => {
      database = await openTestDatabase({ url: target.url });
    });
    after(() => database.close());

    test('two refreshes at once write each stage change exactly once: no change twice, one first placement per customer', async () => {
      const { db } = database;
      const user = await db
        .insertInto('users')
        .values({ email: uniqueEmail('race'), password_hash: 'x' })
        .returning('id')
        .executeTakeFirstOrThrow();
      const workspaceId = (await createWorkspace(db, user.id, { name: 'Race' })).id;
      await inWorkspace(db, workspaceId, async (tx) => {
        const customers = await tx
          .insertInto('customers')
          .values(Array.from({ length: 20 }, (_, i) => ({ workspace_id: workspaceId, name: `C${i}` })))
          .returning('id')
          .execute();
        await tx
          .insertInto('transactions')
          .values(
            customers.map((c, i) => ({
              workspace_id: workspaceId,
              customer_id: c.id,
              occurred_at: new Date(Date.UTC(2024, 0, 1 + i * 10)),
              amount: '10.00',
              currency: 'CNY',
            })),
          )
          .execute();
      });
      const run = () => inWorkspace(db, workspaceId, (tx) => refreshLifecycle(tx, workspaceId, '2024-09-01'));
      const results = await Promise.all([run(), run()]);
      assert.deepEqual(
        results.map((r) => r.changed).sort((a, b) => a - b),
        [0, 20],
      );
      // The replay writes every change since each customer's first purchase: the loser of the race
      // must add none, so no change is there twice, and every customer has its first placement once.
      const history = await inWorkspace(db, workspaceId, (tx) =>
        tx
          .selectFrom('lifecycle_history')
          .select((eb) => [
            eb.fn.countAll<number>().as('n'),
            sql<number>`count(distinct (customer_id, to_stage, at))`.as('distinct'),
            sql<number>`count(*) filter (where from_stage is null)`.as('first'),
          ])
          .executeTakeFirstOrThrow(),
      );
      assert.equal(Number(history.n), Number(history.distinct));
      assert.equal(Number(history.first), 20);
    });
  });
}
