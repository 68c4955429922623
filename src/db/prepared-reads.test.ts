import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { type RawBuilder, sql } from 'kysely';
import { type Database, openDatabase } from './database.js';
import { inWorkspace, queryInWorkspace } from './tenant.js';

const url = process.env.CLM_TEST_DATABASE_URL;

// Prepared statements are a PostgreSQL-server path; PGlite runs reads in a plain transaction.
describe('reads through prepared statements on PostgreSQL', {
  skip: !url && 'no CLM_TEST_DATABASE_URL',
}, () => {
  let database: Database;
  const workspace = randomUUID();

  before(async () => {
    // One connection, so every read below meets the statements the earlier ones prepared.
    database = await openDatabase({ url, poolSize: 1 });
  });
  after(() => database?.close());
  const read = <R>(query: RawBuilder<R>) =>
    queryInWorkspace(database.db, workspace, { compile: () => query.compile(database.db) });

  const typed = (n: number, text: string, tags: string[], flag: boolean, at: Date, missing: string | null) =>
    sql<Record<string, unknown>>`select ${n}::numeric(14,2) + 1 as n, upper(${text}) as text,
      ${tags}::text[] as tags, not ${flag}::boolean as flag, ${at}::timestamptz as at,
      coalesce(${missing}::text, 'none') as missing,
      current_setting('clm.workspace_id', true) as workspace`;

  test('answers what the unprepared query answers, for every kind of value, every time', async () => {
    const cases: Parameters<typeof typed>[] = [
      [1.5, "o'brien", ['a', 'b "c"'], true, new Date('2024-03-05T01:02:03Z'), null],
      [-20, 'back\\slash', [], false, new Date('2020-01-01T00:00:00Z'), 'here'],
    ];
    for (let round = 0; round < 8; round++) {
      for (const values of cases) {
        const prepared = await read(typed(...values));
        const plain = await inWorkspace(database.db, workspace, (tx) => typed(...values).execute(tx));
        assert.deepEqual(prepared, plain.rows);
        assert.equal(prepared[0].workspace, workspace);
      }
    }
    const statements = await read(
      sql<{ name: string }>`select name from pg_prepared_statements where name like 'clm_read_%'`,
    );
    assert.ok(statements.length >= 1, 'the read was prepared on the connection');
  });

  test('the workspace setting ends with the read', async () => {
    await read(sql`select 1`);
    const { rows } = await sql<{
      s: string | null;
    }>`select current_setting('clm.workspace_id', true) as s`.execute(database.db);
    assert.ok(!rows[0].s, 'no workspace is left on the pooled connection');
  });

  test('a statement PostgreSQL cannot prepare still runs', async () => {
    for (let i = 0; i < 3; i++) {
      const rows = await read(sql<{ x: boolean }>`select ${null} is null as x`);
      assert.deepEqual(rows, [{ x: true }]);
    }
  });

  test('a failing read fails alone and leaves the connection usable', async () => {
    const byId = (id: string) => sql<{ id: string }>`select ${id}::uuid as id`;
    const good = randomUUID();
    assert.deepEqual(await read(byId(good)), [{ id: good }]);
    await assert.rejects(read(byId('not-a-uuid')), /invalid input syntax/);
    assert.deepEqual(await read(byId(good)), [{ id: good }]);
  });
});
