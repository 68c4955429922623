import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { databaseTargets, freshPostgres, openTestDatabase, uniqueEmail } from '../../test/support.js';
import type { Database } from '../db/database.js';
import { inWorkspace } from '../db/tenant.js';
import { queues } from '../jobs/queues.js';
import { startJobs } from '../jobs/runner.js';
import { createWorkspace } from '../workspaces/service.js';
import { schedulePoolReturns } from './return-jobs.js';

for (const target of databaseTargets) {
  describe(`pool returns on the job runner on ${target.name}`, () => {
    let database: Database;
    let drop: (() => Promise<void>) | undefined;
    let workspaceId: string;
    let customerId: string;
    let ownerId: string;
    // The runner's clock, moved by the test: the returns read it, not the system's.
    let now = new Date('2024-01-05T10:00:00Z');

    before(async () => {
      let url = target.url;
      // A database of its own on PostgreSQL: other files' servers work the same queues.
      if (url) ({ url, drop } = await freshPostgres(url));
      database = await openTestDatabase({ url });
      const user = await database.db
        .insertInto('users')
        .values({ email: uniqueEmail('returns'), password_hash: 'x' })
        .returning('id')
        .executeTakeFirstOrThrow();
      ownerId = user.id;
      workspaceId = (await createWorkspace(database.db, user.id, { name: 'Returns', timezone: 'UTC' })).id;
      customerId = await inWorkspace(database.db, workspaceId, async (tx) => {
        await tx
          .updateTable('pools')
          .set({ return_rules: JSON.stringify([{ noFollowUpDays: 10 }]), warn_days: 2 })
          .execute();
        const row = await tx
          .insertInto('customers')
          .values({
            workspace_id: workspaceId,
            name: 'Quiet',
            owner_id: user.id,
            owned_since: new Date('2024-01-01T00:00:00Z'),
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        return row.id;
      });
    });
    after(async () => {
      await database.close();
      await drop?.();
    });

    const events = () =>
      inWorkspace(database.db, workspaceId, (tx) =>
        tx
          .selectFrom('ownership_events')
          .select(['kind', 'reason_code'])
          .where('customer_id', '=', customerId)
          .orderBy('at')
          .execute(),
      );

    /** Starts a runner, schedules the returns, sends one job of our own and waits until it is done. */
    async function runOnce(key: string) {
      const jobs = await startJobs(database, { run: true, pollingIntervalSeconds: 0.5 });
      try {
        await schedulePoolReturns(database.db, jobs, {
          cron: '0 * * * *',
          now: () => now,
          only: [workspaceId],
        });
        const id = await jobs.send(queues.poolReturns.name, {}, { singletonKey: key });
        assert.ok(id);
        for (let i = 0; i < 200; i++) {
          const { rows } = await database.jobSql(
            `select state::text from pgboss.job where id = $1
             union all select state::text from pgboss.archive where id = $1`,
            [id],
          );
          const state = (rows[0] as { state: string } | undefined)?.state;
          if (state === 'completed') return;
          assert.notEqual(state, 'failed');
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
        assert.fail('the pool returns job did not finish');
      } finally {
        await jobs.stop();
      }
    }

    test('the schedule is on the runner, hourly by default', async () => {
      const jobs = await startJobs(database, { run: true, pollingIntervalSeconds: 0.5 });
      try {
        await schedulePoolReturns(database.db, jobs, {
          cron: '0 * * * *',
          now: () => now,
          only: [workspaceId],
        });
        const { rows } = await database.jobSql('select cron from pgboss.schedule where name = $1', [
          queues.poolReturns.name,
        ]);
        assert.deepEqual(rows, [{ cron: '0 * * * *' }]);
        await schedulePoolReturns(database.db, jobs, { cron: null, now: () => now });
        const gone = await database.jobSql('select cron from pgboss.schedule where name = $1', [
          queues.poolReturns.name,
        ]);
        assert.deepEqual(gone.rows, []);
      } finally {
        await jobs.stop();
      }
    });

    test('before the warning days nothing happens; within them the owner is warned once, in the inbox too', async () => {
      await runOnce('early');
      assert.deepEqual(await events(), []);
      now = new Date('2024-01-09T10:00:00Z'); // 2 days before the deadline of 11 January
      await runOnce('warn');
      await runOnce('warn-again');
      assert.deepEqual(await events(), [{ kind: 'warning', reason_code: 'return-warning' }]);
      const inbox = await inWorkspace(database.db, workspaceId, (tx) =>
        tx.selectFrom('notifications').select(['user_id', 'kind']).execute(),
      );
      assert.deepEqual(inbox, [{ user_id: ownerId, kind: 'return-warning' }]);
    });

    test('once the clock passes the deadline the customer returns, once, also when the runner restarts', async () => {
      now = new Date('2024-01-11T01:00:00Z');
      await runOnce('return');
      await runOnce('after-restart');
      const customer = await inWorkspace(database.db, workspaceId, (tx) =>
        tx.selectFrom('customers').select('owner_id').where('id', '=', customerId).executeTakeFirstOrThrow(),
      );
      assert.equal(customer.owner_id, null);
      assert.deepEqual(await events(), [
        { kind: 'warning', reason_code: 'return-warning' },
        { kind: 'return', reason_code: 'return-rule' },
      ]);
    });
  });
}
