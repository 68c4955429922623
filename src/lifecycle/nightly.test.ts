import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { databaseTargets, freshPostgres, openTestDatabase, uniqueEmail } from '../../test/support.js';
import type { Database } from '../db/database.js';
import { inWorkspace } from '../db/tenant.js';
import { queues } from '../jobs/queues.js';
import { startJobs } from '../jobs/runner.js';
import { createWorkspace } from '../workspaces/service.js';
import { localTime, runDueRefreshes, scheduleNightlyRefresh } from './nightly.js';

test('local day and hour of an instant in a time zone', () => {
  assert.deepEqual(localTime('Asia/Shanghai', new Date('2024-07-01T17:30:00Z')), {
    day: '2024-07-02',
    hour: 1,
  });
  assert.deepEqual(localTime('America/New_York', new Date('2024-07-01T03:00:00Z')), {
    day: '2024-06-30',
    hour: 23,
  });
  assert.deepEqual(localTime('UTC', new Date('2024-07-01T00:00:00Z')), { day: '2024-07-01', hour: 0 });
});

for (const target of databaseTargets) {
  describe(`nightly lifecycle refresh on ${target.name}`, () => {
    let database: Database;
    let workspaceId: string;
    // On PostgreSQL a database of its own: other test files' servers work the same queues and, on a
    // loaded machine, held its tick past the wait.
    let url = target.url;
    let drop: (() => Promise<void>) | undefined;
    const runs = () =>
      inWorkspace(database.db, workspaceId, (tx) =>
        tx.selectFrom('lifecycle_refresh_runs').select(['day', 'result']).orderBy('day').execute(),
      );
    before(async () => {
      if (url) ({ url, drop } = await freshPostgres(url));
      database = await openTestDatabase({ url });
      const user = await database.db
        .insertInto('users')
        .values({ email: uniqueEmail('nightly'), password_hash: 'x' })
        .returning('id')
        .executeTakeFirstOrThrow();
      workspaceId = (
        await createWorkspace(database.db, user.id, { name: 'Nightly', timezone: 'Asia/Shanghai' })
      ).id;
      await inWorkspace(database.db, workspaceId, async (tx) => {
        const c = await tx
          .insertInto('customers')
          .values({ workspace_id: workspaceId, name: 'Buyer' })
          .returning('id')
          .executeTakeFirstOrThrow();
        await tx
          .insertInto('transactions')
          .values({
            workspace_id: workspaceId,
            customer_id: c.id,
            occurred_at: new Date('2024-06-01T02:00:00Z'),
            amount: '10.00',
            currency: 'CNY',
          })
          .execute();
      });
    });
    after(async () => {
      await database.close();
      await drop?.();
    });

    test('nothing runs before the hour in the workspace time zone', async () => {
      // 01:30 in Shanghai.
      assert.deepEqual(
        await runDueRefreshes(database.db, 2, new Date('2024-07-01T17:30:00Z'), [workspaceId]),
        [],
      );
      assert.deepEqual(await runs(), []);
    });

    test('from the hour on, each local day is refreshed once, also by two servers at once', async () => {
      const at = new Date('2024-07-01T18:30:00Z'); // 02:30 on 2 July in Shanghai
      const [first, second] = await Promise.all([
        runDueRefreshes(database.db, 2, at, [workspaceId]),
        runDueRefreshes(database.db, 2, at, [workspaceId]),
      ]);
      assert.deepEqual([...first, ...second], [{ workspaceId, day: '2024-07-02', evaluated: 1, changed: 1 }]);
      assert.deepEqual(
        await runDueRefreshes(database.db, 2, new Date('2024-07-02T15:59:00Z'), [workspaceId]),
        [],
      );
      assert.deepEqual(await runs(), [{ day: '2024-07-02', result: { evaluated: 1, changed: 1 } }]);
      const [stage, settings] = await inWorkspace(database.db, workspaceId, (tx) =>
        Promise.all([
          tx.selectFrom('customer_lifecycle').select(['stage', 'since']).executeTakeFirstOrThrow(),
          tx.selectFrom('lifecycle_settings').select('last_as_of').executeTakeFirstOrThrow(),
        ]),
      );
      // In exploration since the day of the purchase, not since the refresh.
      assert.deepEqual(stage, { stage: 'exploration', since: '2024-06-01' });
      assert.equal(settings.last_as_of, '2024-07-02');
    });

    test('the job runner refreshes the next day at start, and a restarted one does not run it again', async () => {
      const now = () => new Date('2024-07-02T20:00:00Z'); // 04:00 on 3 July in Shanghai
      const seen: string[] = [];
      for (let start = 0; start < 2; start++) {
        const jobs = await startJobs(database, {
          run: true,
          pollingIntervalSeconds: 0.5,
          onError: (error) => assert.fail(String(error)),
        });
        try {
          await scheduleNightlyRefresh(database.db, jobs, {
            hour: 2,
            now,
            only: [workspaceId],
            onRun: (run) => seen.push(run.day),
          });
          // A tick of our own, sent after the one at start: once it is done, so is everything it sent.
          const tick = await jobs.send(queues.nightlyTick.name, {}, { singletonKey: `test-${start}` });
          await settled(tick);
        } finally {
          await jobs.stop();
        }
      }
      assert.deepEqual(seen, ['2024-07-03']);
      assert.deepEqual(
        (await runs()).map((r) => r.day),
        ['2024-07-02', '2024-07-03'],
      );
    });

    test('two servers on one PostgreSQL refresh a day once between them', { skip: !target.url }, async () => {
      const now = () => new Date('2024-07-03T20:00:00Z'); // 04:00 on 4 July in Shanghai
      const other = await openTestDatabase({ url });
      const seen: string[] = [];
      const runners = await Promise.all(
        [database, other].map((db) => startJobs(db, { run: true, pollingIntervalSeconds: 0.5 })),
      );
      try {
        for (const [n, jobs] of runners.entries())
          await scheduleNightlyRefresh(n === 0 ? database.db : other.db, jobs, {
            hour: 2,
            now,
            only: [workspaceId],
            onRun: (run) => seen.push(run.day),
          });
        // Both servers tick at once: both find the day due, one refresh job is queued and run once.
        const ticks = await Promise.all(
          runners.map((jobs, n) => jobs.send(queues.nightlyTick.name, {}, { singletonKey: `both-${n}` })),
        );
        for (const tick of ticks) await settled(tick);
      } finally {
        await Promise.all(runners.map((jobs) => jobs.stop()));
        await other.close();
      }
      assert.deepEqual(seen, ['2024-07-04']);
      assert.deepEqual(
        (await runs()).map((r) => r.day),
        ['2024-07-02', '2024-07-03', '2024-07-04'],
      );
    });

    /**
     * Waits until the tick and the refresh jobs it sent have all finished. Only this workspace's: other
     * test files share the PostgreSQL database, and servers they stopped can leave refresh jobs behind.
     */
    async function settled(tick: string | null) {
      assert.ok(tick);
      for (let i = 0; i < 200; i++) {
        const { rows } = await database.jobSql(
          `select count(*) filter (where id = $1 and state = 'completed') as tick,
            count(*) filter (where name = $2 and state < 'completed' and data->>'workspaceId' = $4) as open
           from pgboss.job where name in ($3, $2)`,
          [tick, queues.nightlyRefresh.name, queues.nightlyTick.name, workspaceId],
        );
        if (Number(rows[0]?.tick) === 1 && Number(rows[0]?.open) === 0) return;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      assert.fail('the tick did not finish');
    }
  });
}
