import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { openTestDatabase } from '../../../test/support.js';
import { inWorkspace } from '../../db/tenant.js';
import { UsageError } from '../../errors.js';
import { createWorkspace } from '../../workspaces/service.js';
import { command } from './export.js';

describe('clm export', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'clm-export-'));
  const saved = { dir: process.env.CLM_DATA_DIR, url: process.env.DATABASE_URL };
  let workspaceId: string;
  const names = ['张伟', '=1+1', 'Li Lei'];
  before(async () => {
    process.env.CLM_DATA_DIR = dataDir;
    delete process.env.DATABASE_URL;
    const database = await openTestDatabase({ dataDir });
    const { db } = database;
    const user = await db
      .insertInto('users')
      .values({ email: 'export@example.com', password_hash: 'x' })
      .returning('id')
      .executeTakeFirstOrThrow();
    workspaceId = (await createWorkspace(db, user.id, { name: 'CLI' })).id;
    await inWorkspace(db, workspaceId, async (tx) => {
      for (const name of names) {
        const customer = await tx
          .insertInto('customers')
          .values({ workspace_id: workspaceId, name, tags: name === 'Li Lei' ? ['vip'] : [] })
          .returning('id')
          .executeTakeFirstOrThrow();
        await tx
          .insertInto('transactions')
          .values({
            workspace_id: workspaceId,
            customer_id: customer.id,
            occurred_at: new Date('2025-05-01T00:00:00Z'),
            amount: '12.30',
            currency: 'CNY',
          })
          .execute();
      }
    });
    await database.close();
  });
  after(() => {
    process.env.CLM_DATA_DIR = saved.dir;
    if (saved.url !== undefined) process.env.DATABASE_URL = saved.url;
    rmSync(dataDir, { recursive: true, force: true });
  });

  test('customers as CSV to a file: every customer, formulas defused', async () => {
    const output = join(dataDir, 'customers.csv');
    assert.equal(await command.run(['customers', '--output', output]), 0);
    const rows = parse(readFileSync(output), { bom: true, columns: true }) as Record<string, string>[];
    assert.deepEqual(rows.map((r) => r.name).sort(), ["'=1+1", 'Li Lei', '张伟']);
  });

  test('--filter takes the list parameters; --workspace may be named', async () => {
    const output = join(dataDir, 'vip.csv');
    assert.equal(
      await command.run(['customers', '--workspace', workspaceId, '--filter', 'tag=vip', '--output', output]),
      0,
    );
    const rows = parse(readFileSync(output), { bom: true, columns: true }) as Record<string, string>[];
    assert.deepEqual(
      rows.map((r) => r.name),
      ['Li Lei'],
    );
  });

  test('transactions as XLSX', async () => {
    const output = join(dataDir, 'transactions.xlsx');
    assert.equal(await command.run(['transactions', '--format', 'xlsx', '--output', output]), 0);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(output);
    const sheet = workbook.getWorksheet('transactions')!;
    assert.equal(sheet.rowCount, 4);
    const header = sheet.getRow(1).values as string[];
    const amount = header.indexOf('amount');
    const name = header.indexOf('customerName');
    const rows = [2, 3, 4].map((n) => sheet.getRow(n).values as unknown[]);
    assert.deepEqual(
      rows.map((r) => r[amount]),
      [12.3, 12.3, 12.3],
    );
    assert.deepEqual(rows.map((r) => r[name]).sort(), ["'=1+1", 'Li Lei', '张伟']);
  });

  test('wrong arguments are usage errors', async () => {
    for (const args of [
      [],
      ['orders'],
      ['customers', '--format', 'pdf'],
      ['customers', '--workspace', 'abc'],
      ['customers', '--filter', 'colour=red'],
      ['customers', '--filter', 'kind=robot'],
      ['transactions', '--filter', 'nonsense'],
    ])
      await assert.rejects(command.run(args), UsageError, args.join(' '));
  });

  test('while a server holds the embedded database, the command refuses in one line', async () => {
    const server = await openTestDatabase({ dataDir });
    try {
      // Not spawnSync: the holder must keep refreshing its lock while the command starts.
      const child = spawn(process.execPath, ['bin/clm.js', 'export', 'customers'], {
        cwd: join(import.meta.dirname, '../../..'),
        env: { ...process.env, CLM_DATA_DIR: dataDir },
      });
      const result = { status: null as number | null, stdout: '', stderr: '' };
      child.stdout.on('data', (d) => {
        result.stdout += d;
      });
      child.stderr.on('data', (d) => {
        result.stderr += d;
      });
      result.status = await new Promise<number | null>((resolve) => child.on('close', resolve));
      assert.equal(result.status, 1);
      assert.equal(result.stdout, '');
      assert.equal(result.stderr.trim().split('\n').length, 1);
      assert.match(result.stderr, /^clm: the data folder .* is in use by another CLM process/);
    } finally {
      await server.close();
    }
  });
});
