import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { openTestDatabase } from '../../../test/support.js';
import { inWorkspace } from '../../db/tenant.js';
import { ConfigError, UsageError } from '../../errors.js';
import { createWorkspace } from '../../workspaces/service.js';
import { command } from './stats.js';

describe('clm stats', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'clm-stats-'));
  const saved = { dir: process.env.CLM_DATA_DIR, url: process.env.DATABASE_URL };
  let workspaceId: string;
  before(async () => {
    process.env.CLM_DATA_DIR = dataDir;
    delete process.env.DATABASE_URL;
    const database = await openTestDatabase({ dataDir });
    const { db } = database;
    const user = await db
      .insertInto('users')
      .values({ email: 'stats@example.com', password_hash: 'x' })
      .returning('id')
      .executeTakeFirstOrThrow();
    workspaceId = (await createWorkspace(db, user.id, { name: 'CLI' })).id;
    await inWorkspace(db, workspaceId, async (tx) => {
      const customer = await tx
        .insertInto('customers')
        .values({ workspace_id: workspaceId, name: 'C' })
        .returning('id')
        .executeTakeFirstOrThrow();
      await tx
        .insertInto('transactions')
        .values({
          workspace_id: workspaceId,
          customer_id: customer.id,
          occurred_at: new Date(),
          amount: '1.00',
          currency: 'CNY',
        })
        .execute();
      await tx.deleteFrom('customer_stats').execute();
    });
    await database.close();
  });
  after(() => {
    process.env.CLM_DATA_DIR = saved.dir;
    if (saved.url !== undefined) process.env.DATABASE_URL = saved.url;
    rmSync(dataDir, { recursive: true, force: true });
  });

  test('rebuild without --workspace restores the aggregates of every workspace', async () => {
    const lines: string[] = [];
    const log = console.log;
    console.log = (line: string) => lines.push(line);
    try {
      assert.equal(await command.run(['rebuild']), 0);
    } finally {
      console.log = log;
    }
    assert.deepEqual(lines, [
      `${workspaceId}: 1 customer(s) with purchases`,
      'rebuilt the aggregates of 1 workspace(s)',
    ]);
  });

  test('a data folder without a database is named, not created', async () => {
    const missing = join(dataDir, 'forgotten');
    process.env.CLM_DATA_DIR = missing;
    try {
      await assert.rejects(command.run(['rebuild']), (error: Error) => {
        assert.ok(error instanceof ConfigError);
        assert.match(error.message, new RegExp(`^no database in ${missing}: set CLM_DATA_DIR`));
        return true;
      });
      assert.equal(existsSync(missing), false);
    } finally {
      process.env.CLM_DATA_DIR = dataDir;
    }
  });

  test('a missing subcommand or a malformed workspace id is a usage error', async () => {
    await assert.rejects(command.run([]), UsageError);
    await assert.rejects(command.run(['rebuild', '--workspace', 'abc']), UsageError);
    await assert.rejects(command.run(['rebuild', '--force']), UsageError);
  });
});
