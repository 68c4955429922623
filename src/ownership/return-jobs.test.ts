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
    let managerId: string;
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
      const manager = await database.db
        .insertInto('users')
        .values({ email: uniqueEmail('returns-manager'), password_hash: 'x' })
        .returning('id')
        .executeTakeFirstOrThrow();
      managerId = manager.id;
      customerId = await inWorkspace(database.db, workspaceId, async (tx) => {
        // The owner's team has a manager, the second to hear of a customer about to go back.
        const team = await tx
          .insertInto('teams')
          .values({ workspace_id: workspaceId, name: 'East' })
          .returning('id')
          .executeTakeFirstOrThrow();
        await tx
          .insertInto('memberships')
          .values({ workspace_id: workspaceId, user_id: manager.id, role: 'manager', team_id: team.id })
          .execute();
        await tx
          .updateTable('memberships')
          .set({ team_id: team.id })
          .where('user_id', '=', user.id)
          .execute();
        await tx
          .updateTable('pools')
          .set({
            return_rules: JSON.stringify([{ noFollowUpDays: 10 }]),
            warn_days: 2,
            manager_warn_days: 1,
          })
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

    const inbox = () =>
      inWorkspace(database.db, workspaceId, (tx) =>
        tx.selectFrom('notifications').select(['user_id', 'kind']).orderBy('created_at').execute(),
      );

    test('before the warning days nothing happens; within them the owner alone is warned once, in the inbox too', async () => {
      await runOnce('early');
      assert.deepEqual(await events(), []);
      now = new Date('2024-01-09T10:00:00Z'); // 38 hours before the deadline of 11 January, 00:00
      await runOnce('warn');
      await runOnce('warn-again');
      assert.deepEqual(await events(), [{ kind: 'warning', reason_code: 'return-warning' }]);
      // The manager's day (1 before the deadline) has not come: the owner has a day to act alone.
      assert.deepEqual(await inbox(), [{ user_id: ownerId, kind: 'return-warning' }]);
    });

    test("a day before the deadline, with no follow-up meanwhile, the owner's team manager is warned once", async () => {
      now = new Date('2024-01-10T06:00:00Z');
      await runOnce('escalate');
      await runOnce('escalate-again');
      assert.deepEqual(await events(), [
        { kind: 'warning', reason_code: 'return-warning' },
        { kind: 'warning', reason_code: 'return-escalation' },
      ]);
      assert.deepEqual(await inbox(), [
        { user_id: ownerId, kind: 'return-warning' },
        { user_id: managerId, kind: 'return-warning' },
      ]);
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
        { kind: 'warning', reason_code: 'return-escalation' },
        { kind: 'return', reason_code: 'return-rule' },
      ]);
    });
  });
}
