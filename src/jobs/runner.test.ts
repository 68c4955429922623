import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { databaseTargets, freshPostgres, openTestDatabase } from '../../test/support.js';
import { type Database, openDatabase } from '../db/database.js';
import { queues } from './queues.js';
import { startJobs } from './runner.js';

const url = process.env.CLM_TEST_DATABASE_URL;

async function jobRow(database: Database, id: string) {
  const { rows } = await database.jobSql(
    'select state::text, retry_count from pgboss.job where id = $1 union all select state::text, retry_count from pgboss.archive where id = $1',
    [id],
  );
  return rows[0] as { state: string; retry_count: number } | undefined;
}

async function until(check: () => Promise<boolean>, what: string) {
  for (let i = 0; i < 300; i++) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  assert.fail(`timed out waiting for ${what}`);
}

for (const target of databaseTargets) {
  describe(`the job runner on ${target.name}`, () => {
    let database: Database;
    let drop: (() => Promise<void>) | undefined;
    // On PostgreSQL a database of its own: other test files' servers work the same queues and would
    // take this file's jobs.
    before(async () => {
      let url = target.url;
      if (url) ({ url, drop } = await freshPostgres(url));
      database = await openTestDatabase({ url });
    });
    after(async () => {
      await database.close();
      await drop?.();
    });

    test('a failing job is retried after its backoff delay and then completes', async () => {
      const jobs = await startJobs(database, { run: true, pollingIntervalSeconds: 0.5 });
      try {
        const seen: { id: string; at: number }[] = [];
        await jobs.work(queues.nightlyTick.name, async (job) => {
          seen.push({ id: job.id, at: Date.now() });
          if (job.retryCount === 0) throw new Error('a passing failure');
        });
        const id = await jobs.send(
          queues.nightlyTick.name,
          {},
          { retryLimit: 2, retryDelay: 1, retryBackoff: true, singletonKey: `retry-${Date.now()}` },
        );
        assert.ok(id);
        await until(async () => (await jobRow(database, id))?.state === 'completed', 'the retry');
        const attempts = seen.filter((attempt) => attempt.id === id).map((attempt) => attempt.at);
        assert.equal(attempts.length, 2);
        // The first retry waits at least retryDelay (1 s); backoff only lengthens later ones.
        assert.ok(
          (attempts[1] ?? 0) - (attempts[0] ?? 0) >= 1000,
          `retried after ${attempts[1]! - attempts[0]!} ms`,
        );
        assert.equal((await jobRow(database, id))?.retry_count, 1);
      } finally {
        await jobs.stop();
      }
    });

    test('jobs taken in a batch run one after the other, and one failing is retried alone', async () => {
      const jobs = await startJobs(database, { run: true, pollingIntervalSeconds: 0.5 });
      try {
        const run = `batch-${Date.now()}`;
        const seen: { n: number; retry: number }[] = [];
        let running = 0;
        await jobs.work<{ run?: string; n?: number }>(
          queues.nightlyTick.name,
          async (job) => {
            if (job.data.run !== run) return;
            assert.equal(running++, 0, 'one at a time');
            await new Promise((resolve) => setTimeout(resolve, 20));
            running--;
            seen.push({ n: job.data.n ?? 0, retry: job.retryCount });
            if (job.data.n === 2 && job.retryCount === 0) throw new Error('a passing failure');
          },
          { batchSize: 5 },
        );
        const ids: string[] = [];
        for (const n of [1, 2, 3])
          ids.push(
            (await jobs.send(
              queues.nightlyTick.name,
              { run, n },
              { retryLimit: 1, retryDelay: 1, singletonKey: `${run}-${n}` },
            )) ?? '',
          );
        await until(async () => {
          const states = await Promise.all(ids.map(async (id) => (await jobRow(database, id))?.state));
          return states.every((s) => s === 'completed');
        }, 'the batch and the retry');
        assert.deepEqual(
          seen.filter((s) => s.n === 2).map((s) => s.retry),
          [0, 1],
          'the failed job ran again',
        );
        assert.deepEqual(
          seen.filter((s) => s.n !== 2).map((s) => s.retry),
          [0, 0],
          'the others ran once',
        );
      } finally {
        await jobs.stop();
      }
    });

    test('a runner that is off sends jobs but runs none', async () => {
      const jobs = await startJobs(database, { run: false });
      let ran = 0;
      await jobs.work(queues.nightlyTick.name, async () => {
        ran++;
      });
      const id = await jobs.send(queues.nightlyTick.name, {}, { singletonKey: `off-${Date.now()}` });
      assert.ok(id);
      await new Promise((resolve) => setTimeout(resolve, 1500));
      assert.equal(ran, 0);
      assert.equal((await jobRow(database, id))?.state, 'created');
      await jobs.stop();
      // Taken out of the queue so that no other test's runner picks it up.
      await database.jobSql(`update pgboss.job set state = 'cancelled' where id = $1`, [id]);
    });
  });
}

describe('two servers on one PostgreSQL', { skip: !url }, () => {
  let first: Database;
  let second: Database;
  before(async () => {
    first = await openDatabase({ url });
    second = await openDatabase({ url });
  });
  after(async () => {
    await first.close();
    await second.close();
  });

  test('run a singleton job once: the second send of the same key is dropped, and one runner takes it', async () => {
    const runners = await Promise.all(
      [first, second].map((db) => startJobs(db, { run: true, pollingIntervalSeconds: 0.5 })),
    );
    try {
      const key = `singleton-${Date.now()}`;
      const ids = await Promise.all(
        runners.map((jobs) => jobs.send(queues.nightlyTick.name, { key }, { singletonKey: key })),
      );
      assert.equal(ids.filter((id) => id !== null).length, 1);
      const ran: number[] = [];
      for (const [n, jobs] of runners.entries())
        await jobs.work<{ key?: string }>(queues.nightlyTick.name, async (job) => {
          if (job.data.key === key) ran.push(n);
        });
      const id = ids.find((i) => i !== null) ?? '';
      await until(async () => (await jobRow(first, id))?.state === 'completed', 'the singleton job');
      // Both runners keep polling for a while: the job must not run a second time.
      await new Promise((resolve) => setTimeout(resolve, 1500));
      assert.equal(ran.length, 1);
    } finally {
      await Promise.all(runners.map((jobs) => jobs.stop()));
    }
  });
});
