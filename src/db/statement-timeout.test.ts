import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { uniqueEmail } from '../../test/support.js';
import { createUser } from '../users/service.js';
import { createWorkspace } from '../workspaces/service.js';
import { type Database, openDatabase } from './database.js';
import { isStatementTimeout, withoutStatementTimeout } from './statement-timeout.js';
import { inWorkspace } from './tenant.js';

const url = process.env.CLM_TEST_DATABASE_URL;

describe('the statement timeout on PostgreSQL', { skip: !url }, () => {
  let database: Database;
  let workspaceId: string;
  before(async () => {
    database = await openDatabase({ url, statementTimeoutMs: 300 });
    const user = await createUser(database.db, { email: uniqueEmail(), password: 'correct horse battery' });
    workspaceId = (await createWorkspace(database.db, user.id, { name: 'Timeout' })).id;
  });
  after(() => database.close());

  test('stops a statement that runs past it, with an error that says so', async () => {
    const started = Date.now();
    await assert.rejects(sql`select pg_sleep(5)`.execute(database.db), (error) => isStatementTimeout(error));
    assert.ok(Date.now() - started < 2000);
  });

  test('a background job lifts it for its own transaction only', async () => {
    await inWorkspace(database.db, workspaceId, async (tx) => {
      await withoutStatementTimeout(tx);
      await sql`select pg_sleep(0.5)`.execute(tx);
    });
    await assert.rejects(sql`select pg_sleep(0.5)`.execute(database.db), (error) =>
      isStatementTimeout(error),
    );
  });
});
