import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { databaseTargets, freshPostgres, openTestDatabase, uniqueEmail } from '../../test/support.js';
import type { Actor } from '../customers/service.js';
import type { Database } from '../db/database.js';
import { inWorkspace, type Tx } from '../db/tenant.js';
import { queues } from '../jobs/queues.js';
import { startJobs } from '../jobs/runner.js';
import { schedulePoolReturns } from '../ownership/return-jobs.js';
import { createWorkspace } from '../workspaces/service.js';
import type { ContractInput } from './schema.js';
import { createContract } from './service.js';

for (const target of databaseTargets) {
  describe(`pool returns after a contract's end on ${target.name}`, () => {
    let database: Database;
    let drop: (() => Promise<void>) | undefined;
    let actor: Actor;
    let quiet: string;
    let renewed: string;
    // The runner's clock, moved by the test: the returns read it, not the system's.
    let now = new Date('2024-01-05T10:00:00Z');
    const sign = (tx: Tx, customerId: string, input: ContractInput) =>
      createContract(tx, actor, customerId, input);

    before(async () => {
      let url = target.url;
      // A database of its own on PostgreSQL: other files' servers work the same queues.
      if (url) ({ url, drop } = await freshPostgres(url));
      database = await openTestDatabase({ url });
      const user = await database.db
        .insertInto('users')
        .values({ email: uniqueEmail('contract-returns'), password_hash: 'x' })
        .returning('id')
        .executeTakeFirstOrThrow();
      const workspaceId = (
        await createWorkspace(database.db, user.id, { name: 'Contract returns', timezone: 'UTC' })
      ).id;
      actor = { workspaceId, userId: user.id, role: 'owner', phoneRegion: 'CN' };
      [quiet, renewed] = await inWorkspace(database.db, workspaceId, async (tx) => {
        await tx
          .updateTable('pools')
          .set({
            return_rules: JSON.stringify([{ contractEndDays: 10 }]),
            warn_days: 0,
            manager_warn_days: 0,
          })
          .execute();
        const ids: string[] = [];
        for (const name of ['Quiet', 'Renewed']) {
          const { id } = await tx
            .insertInto('customers')
            .values({ workspace_id: workspaceId, name, owner_id: user.id, owned_since: now })
            .returning('id')
            .executeTakeFirstOrThrow();
          // Its last day is 31 January: it runs out at midnight, and the customer returns 10 days on.
          await sign(tx, id, {
            title: `${name} 2024`,
            signedOn: '2024-01-02',
            startsOn: '2024-01-02',
            endsOn: '2024-01-31',
          });
          ids.push(id);
        }
        return ids;
      });
    });
    after(async () => {
      await database.close();
      await drop?.();
    });

    const owners = () =>
      inWorkspace(database.db, actor.workspaceId, async (tx) => {
        const rows = await tx.selectFrom('customers').select(['id', 'owner_id']).execute();
        return {
          quiet: rows.find((r) => r.id === quiet)?.owner_id,
          renewed: rows.find((r) => r.id === renewed)?.owner_id,
        };
      });

    /** Starts a runner, schedules the returns, sends one job of our own and waits until it is done. */
    async function runOnce(key: string) {
      const jobs = await startJobs(database, { run: true, pollingIntervalSeconds: 0.5 });
      try {
        await schedulePoolReturns(database.db, jobs, {
          cron: '0 * * * *',
          now: () => now,
          only: [actor.workspaceId],
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

    test('a new contract moves its customer’s clock to the new end; the other returns 10 days after its end', async () => {
      now = new Date('2024-02-05T10:00:00Z');
      await inWorkspace(database.db, actor.workspaceId, (tx) =>
        sign(tx, renewed, {
          title: 'Renewed 2024-Q1',
          signedOn: '2024-02-05',
          startsOn: '2024-02-01',
          endsOn: '2024-03-31',
        }),
      );
      now = new Date('2024-02-10T23:00:00Z');
      await runOnce('before-the-end');
      assert.deepEqual(await owners(), { quiet: actor.userId, renewed: actor.userId });
      now = new Date('2024-02-11T01:00:00Z');
      await runOnce('after-the-first-end');
      assert.deepEqual(await owners(), { quiet: null, renewed: actor.userId });
      const reasons = await inWorkspace(database.db, actor.workspaceId, (tx) =>
        tx
          .selectFrom('ownership_events')
          .select(['kind', 'reason_code', 'reason_params'])
          .where('customer_id', '=', quiet)
          .execute(),
      );
      assert.deepEqual(
        reasons.map((r) => [r.kind, r.reason_code, r.reason_params?.rule]),
        [['return', 'return-rule', 1]],
      );
    });

    test('the renewed customer returns 10 days after the end of its latest contract', async () => {
      now = new Date('2024-04-10T23:00:00Z');
      await runOnce('before-the-renewed-end');
      assert.equal((await owners()).renewed, actor.userId);
      now = new Date('2024-04-11T01:00:00Z');
      await runOnce('after-the-renewed-end');
      assert.equal((await owners()).renewed, null);
    });
  });
}
