import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sql } from 'kysely';
import pg from 'pg';
import { freshPostgres, openTestDatabase } from '../../test/support.js';

const url = process.env.CLM_TEST_DATABASE_URL;

test('an idle connection the server ends is replaced, and the process goes on', {
  skip: url ? false : 'PostgreSQL only: CLM_TEST_DATABASE_URL is not set',
}, async () => {
  const own = await freshPostgres(url as string);
  const database = await openTestDatabase({ url: own.url });
  try {
    await sql`select 1`.execute(database.db);
    await database.jobSql('select 1', []);
    const admin = new pg.Client({ connectionString: own.url });
    await admin.connect();
    const { rows } = await admin.query(
      'select pg_terminate_backend(pid) as ended from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()',
    );
    await admin.end();
    assert.ok(rows.length >= 2, 'both pools had an idle connection');
    // The pools hear of it now; an error event nobody listens to would end this process.
    await new Promise((resolve) => setTimeout(resolve, 300));
    const { rows: after } = await sql<{ n: number }>`select 2 as n`.execute(database.db);
    assert.equal(after[0].n, 2);
    assert.equal((await database.jobSql('select 3 as n', [])).rows[0].n, 3);
  } finally {
    await database.close();
    await own.drop();
  }
});
