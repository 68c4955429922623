import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import pg from 'pg';
import { databaseTargets, freshPostgres, openTestDatabase } from '../../test/support.js';
import { createDemoWorkspace } from '../demo/load.js';
import { runImport } from '../imports/run.js';
import { createImport } from '../imports/store.js';
import { EMBEDDED_RUN } from '../imports/worker.js';
import { refreshLifecycle } from '../lifecycle/refresh.js';
import { createUser } from '../users/service.js';
import { analyzeStaleTables } from './analyze-stale.js';
import type { Database } from './database.js';
import { inWorkspace } from './tenant.js';

const TODAY = '2026-06-30';

for (const target of databaseTargets) {
  describe(`statistics after bulk writes on ${target.name}`, () => {
    let database: Database;
    let drop: (() => Promise<void>) | undefined;
    let userId: string;
    let workspaceId: string;
    /** The test's own database, for a second connection. */
    let ownUrl: string | undefined;

    before(async () => {
      let url = target.url;
      if (url) ({ url, drop } = await freshPostgres(url));
      ownUrl = url;
      database = await openTestDatabase({ url });
      userId = (
        await createUser(database.db, { email: 'stats@example.com', password: 'correct horse battery' })
      ).id;
    });
    after(async () => {
      await database.close();
      await drop?.();
    });

    /** What the planner knows of a table: its row estimate and, on PostgreSQL, when it was last analyzed. */
    const statistics = async (table: string) => {
      const { rows } = await sql<{ reltuples: number; last_analyze: Date | null }>`
        select c.reltuples::float8 as reltuples, s.last_analyze
        from pg_class c left join pg_stat_user_tables s on s.relid = c.oid
        where c.relname = ${table} and c.relkind = 'r'`.execute(database.db);
      return rows[0];
    };
    /** On PostgreSQL the statistics collector reports ANALYZE a moment after it ran. */
    async function analyzedSince(table: string, since: Date) {
      for (let i = 0; i < 50; i++) {
        const { last_analyze } = await statistics(table);
        if (last_analyze && last_analyze >= since) return;
        await new Promise((r) => setTimeout(r, 100));
      }
      assert.fail(`${table} was not analyzed since ${since.toISOString()}`);
    }

    test('the demo load leaves statistics of the customers and transactions it wrote', async () => {
      const since = new Date();
      const demo = await createDemoWorkspace(database.db, {
        ownerUserId: userId,
        customers: 400,
        today: TODAY,
        place: false,
      });
      workspaceId = demo.workspaceId;
      // ANALYZE counts the rows, so the estimate is the number written, not a guess from an empty table.
      assert.equal((await statistics('customers')).reltuples, demo.counts.customers);
      assert.equal((await statistics('transactions')).reltuples, demo.counts.transactions);
      if (target.url) await analyzedSince('transactions', since);
    });

    test('an import that grows the transactions table several times over leaves its statistics', async () => {
      const before = (await statistics('transactions')).reltuples;
      const lines = ['customer_id,date,amount'];
      for (let i = 0; i < 20_000; i++)
        lines.push(`imported-${i % 2000},2025-0${1 + (i % 9)}-1${i % 10},${10 + (i % 7)}`);
      const csv = `${lines.join('\n')}\n`;
      const row = await inWorkspace(database.db, workspaceId, (tx) =>
        createImport(tx, workspaceId, {
          kind: 'transactions',
          fileName: 'more.csv',
          source: 'path',
          fileSize: csv.length,
          options: {},
          userId: null,
        }),
      );
      const since = new Date();
      const done = await runImport(database.db, workspaceId, row.id, {
        open: () => Readable.from([Buffer.from(csv)]),
      });
      assert.equal(done.status, 'done', done.error ?? '');
      assert.equal((await statistics('transactions')).reltuples, before + 20_000);
      if (target.url) await analyzedSince('transactions', since);
    });

    test('an import in short transactions (the embedded server) analyses what it loaded, one table at a time', async () => {
      const before = (await statistics('transactions')).reltuples;
      const lines = ['customer_id,date,amount'];
      for (let i = 0; i < 6_000; i++)
        lines.push(`ranged-${i % 600},2025-0${1 + (i % 9)}-1${i % 10},${10 + (i % 7)}`);
      const csv = `${lines.join('\n')}\n`;
      const row = await inWorkspace(database.db, workspaceId, (tx) =>
        createImport(tx, workspaceId, {
          kind: 'transactions',
          fileName: 'ranged.csv',
          source: 'path',
          fileSize: csv.length,
          options: {},
          userId: null,
        }),
      );
      const since = new Date();
      const done = await runImport(database.db, workspaceId, row.id, {
        open: () => Readable.from([Buffer.from(csv)]),
        ...EMBEDDED_RUN,
      });
      assert.equal(done.status, 'done', done.error ?? '');
      assert.equal((await statistics('transactions')).reltuples, before + 6_000);
      if (target.url) await analyzedSince('transactions', since);
    });

    test('the first refresh leaves statistics of the stages and values it wrote', async () => {
      const since = new Date();
      const result = await inWorkspace(database.db, workspaceId, (tx) =>
        refreshLifecycle(tx, workspaceId, TODAY),
      );
      assert.ok(result.evaluated > 2000);
      assert.ok((await statistics('customer_values')).reltuples > 2000);
      assert.ok((await statistics('customer_lifecycle')).reltuples > 2000);
      if (target.url) await analyzedSince('customer_values', since);
    });

    test('a table another transaction is analyzing is skipped, neither waited for nor failed on', {
      skip: !target.url && 'one connection on PGlite: no other transaction',
    }, async () => {
      const other = new pg.Client({ connectionString: ownUrl });
      await other.connect();
      try {
        await other.query('create table stale_probe as select generate_series(1, 20000) as n');
        await other.query('begin');
        await other.query('lock table stale_probe in share update exclusive mode');
        const busy = await Promise.race([
          analyzeStaleTables(database.db),
          new Promise<'waited'>((resolve) => setTimeout(() => resolve('waited'), 5000)),
        ]);
        assert.notEqual(busy, 'waited');
        assert.ok(!(busy as string[]).includes('stale_probe'));
        // One table at a time, the same.
        assert.ok(!(await analyzeStaleTables(database.db, true)).includes('stale_probe'));
        await other.query('commit');
        assert.ok((await analyzeStaleTables(database.db, true)).includes('stale_probe'));
      } finally {
        await other.query('rollback').catch(() => {});
        await other.query('drop table if exists stale_probe');
        await other.end();
      }
    });
  });
}
