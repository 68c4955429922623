import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { openTestDatabase } from '../../../test/support.js';
import { inWorkspace } from '../../db/tenant.js';
import { UsageError } from '../../errors.js';
import { createWorkspace } from '../../workspaces/service.js';
import { command } from './lifecycle.js';

describe('clm lifecycle', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'clm-lifecycle-'));
  const saved = { dir: process.env.CLM_DATA_DIR, url: process.env.DATABASE_URL };
  let workspaceId: string;
  before(async () => {
    process.env.CLM_DATA_DIR = dataDir;
    delete process.env.DATABASE_URL;
    const database = await openTestDatabase({ dataDir });
    const { db } = database;
    const user = await db
      .insertInto('users')
      .values({ email: 'lifecycle@example.com', password_hash: 'x' })
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
          occurred_at: new Date('2024-03-01T02:00:00Z'),
          amount: '10.00',
          currency: 'CNY',
        })
        .execute();
    });
    await database.close();
  });
  after(() => {
    process.env.CLM_DATA_DIR = saved.dir;
    if (saved.url !== undefined) process.env.DATABASE_URL = saved.url;
    rmSync(dataDir, { recursive: true, force: true });
  });

  async function run(args: string[]) {
    const lines: string[] = [];
    const log = console.log;
    console.log = (line: string) => lines.push(line);
    try {
      assert.equal(await command.run(args), 0);
    } finally {
      console.log = log;
    }
    return lines;
  }

  test('refresh places the customers once; a second run at the same date changes nothing', async () => {
    assert.deepEqual(await run(['refresh', '--as-of', '2024-03-10']), [
      `${workspaceId}: evaluated 1, changed 1`,
    ]);
    assert.deepEqual(await run(['refresh', '--as-of', '2024-03-10', '--workspace', workspaceId]), [
      `${workspaceId}: evaluated 0, changed 0`,
    ]);
  });

  test('a missing or malformed as-of, a bad workspace id or another subcommand is a usage error', async () => {
    await assert.rejects(command.run(['refresh']), UsageError);
    await assert.rejects(command.run(['refresh', '--as-of', '10/03/2024']), UsageError);
    await assert.rejects(command.run(['refresh', '--as-of', '2024-03-10', '--workspace', 'x']), UsageError);
    await assert.rejects(command.run(['rebuild', '--as-of', '2024-03-10']), UsageError);
  });
});
