import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { databaseTargets, openTestDatabase, uniqueEmail } from '../../../test/support.js';
import { cdnowPath } from '../../analytics/cdnow-sample.fixture.js';
import { inWorkspace } from '../../db/tenant.js';
import { createUser } from '../../users/service.js';
import { createWorkspace } from '../../workspaces/service.js';

const ROOT = new URL('../../../', import.meta.url).pathname;
const SAMPLE = cdnowPath('CDNOW_sample.txt');
// Batches smaller than the import's own, so that a file of twelve thousand rows spans two of them.
const BATCH_ROWS = 10_000;
const ROWS = 12_000;

interface Run {
  status: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** `clm import …` as a child process; `onLine` sees each line of its stderr (and may kill it). */
function clm(env: NodeJS.ProcessEnv, args: string[], onLine?: (line: string, child: ChildProcess) => void) {
  return new Promise<Run>((resolve) => {
    const child = spawn(process.execPath, ['bin/clm.js', 'import', ...args], {
      cwd: ROOT,
      env: { ...process.env, LOG_LEVEL: 'silent', CLM_IMPORT_BATCH_ROWS: String(BATCH_ROWS), ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => {
      stdout += d;
    });
    child.stderr.on('data', (d) => {
      stderr += d;
      for (const line of String(d).split('\n')) if (line) onLine?.(line, child);
    });
    child.on('close', (status, signal) => resolve({ status, signal, stdout, stderr }));
  });
}

for (const target of databaseTargets) {
  describe(`clm import on ${target.name}`, () => {
    const dir = mkdtempSync(join(tmpdir(), 'clm-import-cli-'));
    const env = target.url
      ? { DATABASE_URL: target.url, CLM_DATA_DIR: join(dir, 'unused') }
      : { CLM_DATA_DIR: join(dir, 'data'), DATABASE_URL: '' };
    const file = join(dir, 'sales.csv');
    let killed: string;
    let whole: string;
    let noHeader: string;

    before(async () => {
      const database = await openTestDatabase({
        url: target.url,
        dataDir: target.url ? undefined : env.CLM_DATA_DIR,
      });
      const user = await createUser(database.db, { email: uniqueEmail(), password: 'correct horse battery' });
      killed = (await createWorkspace(database.db, user.id, { name: 'Killed' })).id;
      whole = (await createWorkspace(database.db, user.id, { name: 'Whole' })).id;
      noHeader = (await createWorkspace(database.db, user.id, { name: 'No header' })).id;
      await database.close();
      // More rows than one batch, identical purchases among them, customers named by phone.
      const rows = ['手机,日期,金额'];
      for (let i = 0; i < ROWS; i++)
        rows.push(
          `1380000${String(i % 1000).padStart(4, '0')},2024-${String(1 + (i % 12)).padStart(2, '0')}-0${1 + (i % 9)},${1 + (i % 13)}.50`,
        );
      writeFileSync(file, `${rows.join('\n')}\n`);
    });
    after(() => rmSync(dir, { recursive: true, force: true }));

    test('killed with SIGKILL mid-import and run again, it ends with exactly the rows of an uninterrupted import', async () => {
      const reference = await clm(env, ['transactions', file, '--workspace', whole]);
      assert.equal(reference.status, 0, reference.stderr);
      assert.match(
        reference.stdout,
        new RegExp(`done: read ${ROWS}, imported ${ROWS}, updated 0, duplicates 0, rejected 0`),
      );

      const interrupted = await clm(env, ['transactions', file, '--workspace', killed], (line, child) => {
        if (/row\(s\) read/.test(line)) child.kill('SIGKILL');
      });
      assert.equal(interrupted.signal, 'SIGKILL');

      // Right after the kill: the dead process's lock on the embedded database's folder is taken over.
      const resumed = await clm(env, ['transactions', file, '--workspace', killed]);
      assert.equal(resumed.status, 0, resumed.stderr);
      assert.match(resumed.stderr, new RegExp(`resuming import .* after ${BATCH_ROWS} row\\(s\\)`));
      assert.match(
        resumed.stdout,
        new RegExp(`done: read ${ROWS}, imported ${ROWS}, updated 0, duplicates 0, rejected 0`),
      );

      const again = await clm(env, ['transactions', file, '--workspace', killed]);
      assert.match(again.stdout, new RegExp(`imported 0, updated 0, duplicates ${ROWS}`));

      const database = await openTestDatabase({
        url: target.url,
        dataDir: target.url ? undefined : env.CLM_DATA_DIR,
      });
      try {
        const contents = (ws: string) =>
          inWorkspace(database.db, ws, async (tx) => {
            const { rows } = await sql<{ n: number; customers: number; digest: string }>`
              select count(*)::int as n, count(distinct t.customer_id)::int as customers,
                md5(string_agg(c.phones[1] || t.occurred_at::text || t.amount::text, ',' order by
                  c.phones[1], t.occurred_at, t.amount)) as digest
              from transactions t join customers c on c.id = t.customer_id`.execute(tx);
            return rows[0];
          });
        const [a, b] = [await contents(killed), await contents(whole)];
        assert.deepEqual(a, b);
        assert.equal(a.n, ROWS);
        assert.equal(a.customers, 1000);
      } finally {
        await database.close();
      }
    });

    test('--no-header: the columns of CDNOW_sample.txt are mapped by number; unmapped, the import fails naming the missing fields', async () => {
      const unmapped = await clm(env, ['transactions', SAMPLE, '--workspace', noHeader, '--no-header']);
      assert.equal(unmapped.status, 1, unmapped.stderr);
      assert.match(
        unmapped.stderr,
        /failed: the file's columns do not fit a transactions import \(the file has no header: map its columns by number, 1 to 5\): no column maps to the required field occurredAt; no column maps to the required field amount; no column names the customer/,
      );

      const mapped = await clm(env, [
        'transactions',
        SAMPLE,
        '--workspace',
        noHeader,
        '--no-header',
        '--map',
        '1=customerExternalId',
        '--map',
        '3=occurredAt',
        '--map',
        '5=amount',
      ]);
      assert.equal(mapped.status, 0, mapped.stderr);
      assert.match(mapped.stdout, /done: read 6919, imported 6919, updated 0, duplicates 0, rejected 0/);

      const database = await openTestDatabase({
        url: target.url,
        dataDir: target.url ? undefined : env.CLM_DATA_DIR,
      });
      try {
        const { rows } = await inWorkspace(database.db, noHeader, (tx) =>
          sql<{ n: number; customers: number; header: unknown }>`
            select (select count(*)::int from transactions) as n,
              (select count(*)::int from customers) as customers,
              (select options->'header' from imports where status = 'done') as header`.execute(tx),
        );
        assert.deepEqual(rows[0], { n: 6919, customers: 2357, header: false });
      } finally {
        await database.close();
      }
    });

    test('usage errors are one line and status 2', async () => {
      const cases: [string[], RegExp][] = [
        [['orders', file], /cannot import 'orders'/],
        [['transactions', join(dir, 'missing.csv')], /cannot read/],
        [['transactions', file, '--map', 'x=price'], /'price' is not a transactions field/],
        [['transactions', file, '--workspace', 'nope'], /--workspace must be a workspace id/],
      ];
      for (const [args, message] of cases) {
        const run = await clm(env, args);
        assert.equal(run.status, 2, run.stderr);
        assert.match(run.stderr, message);
        assert.equal(run.stderr.trim().split('\n').length, 1);
      }
    });

    if (!target.url)
      test('while a server holds the embedded database, the CLI refuses in one line and changes nothing', async () => {
        const server = await openTestDatabase({ dataDir: env.CLM_DATA_DIR });
        try {
          const run = await clm(env, ['transactions', file, '--workspace', killed]);
          assert.equal(run.status, 1);
          assert.match(
            run.stderr,
            /^clm: the data folder .* is in use by another CLM process \(a running server\?\)/,
          );
          assert.equal(run.stderr.trim().split('\n').length, 1);
        } finally {
          await server.close();
        }
      });
  });
}
