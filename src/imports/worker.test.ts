import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { after, before, describe, test } from 'node:test';
import { freshPostgres, signUp, startApi, type TestApi, uniqueEmail } from '../../test/support.js';
import { type Database, openDatabase } from '../db/database.js';
import { inWorkspace } from '../db/tenant.js';
import { startJobs } from '../jobs/runner.js';
import { createUser } from '../users/service.js';
import { createWorkspace } from '../workspaces/service.js';
import { thisRunner } from './run.js';
import { CHUNK_BYTES, createImport, findImport } from './store.js';
import { multipart } from './test-files.js';
import { runImportJobs } from './worker.js';

const url = process.env.CLM_TEST_DATABASE_URL;
const ROWS = 150_000;

// The embedded database takes up whatever is running when it opens (its folder lock proves the
// runner dead: see data-dir-lock.test.ts); on PostgreSQL, the claim must lapse.
describe('an import on PostgreSQL whose server is killed', { skip: !url }, () => {
  let database: Database;
  let workspaceId: string;
  let importId: string;
  // A database of its own: other test files' job workers on the suite's database would take the import up.
  let own: Awaited<ReturnType<typeof freshPostgres>>;

  before(async () => {
    own = await freshPostgres(url as string);
    database = await openDatabase({ url: own.url });
    const user = await createUser(database.db, { email: uniqueEmail(), password: 'correct horse battery' });
    workspaceId = (await createWorkspace(database.db, user.id, { name: 'Lease' })).id;
    const lines = ['customer_id,date,amount'];
    for (let i = 0; i < ROWS; i++) lines.push(`L${i % 5000},2025-0${1 + (i % 9)}-1${i % 10},${1 + (i % 13)}`);
    const file = Buffer.from(`${lines.join('\n')}\n`);
    importId = await inWorkspace(database.db, workspaceId, async (tx) => {
      const row = await createImport(tx, workspaceId, {
        kind: 'transactions',
        fileName: 'lease.csv',
        source: 'upload',
        fileSize: file.length,
        options: {},
        userId: user.id,
      });
      for (let seq = 0; seq * CHUNK_BYTES < file.length; seq++)
        await tx
          .insertInto('import_file_chunks')
          .values({
            workspace_id: workspaceId,
            import_id: row.id,
            seq,
            data: file.subarray(seq * CHUNK_BYTES, (seq + 1) * CHUNK_BYTES),
          })
          .execute();
      return row.id;
    });
  });
  after(async () => {
    await database.close();
    await own.drop();
  });

  const current = () => inWorkspace(database.db, workspaceId, (tx) => findImport(tx, importId));

  test('is resumed by another server within 15 s of a SIGKILL, and ends with every row once', async () => {
    const module = (name: string) => JSON.stringify(new URL(name, import.meta.url).pathname);
    // A server's import worker in a process of its own, killed once the import has staged a batch.
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        '--input-type=module',
        '-e',
        `const { openDatabase } = await import(${module('../db/database.ts')});
         const { startJobs } = await import(${module('../jobs/runner.ts')});
         const { runImportJobs } = await import(${module('./worker.ts')});
         const database = await openDatabase({ url: ${JSON.stringify(own.url)} });
         const jobs = await startJobs(database, { run: true, pollingIntervalSeconds: 0.5 });
         await runImportJobs(database.db, 'postgres', jobs, console);`,
      ],
      { stdio: 'inherit' },
    );
    let row = await current();
    for (let i = 0; i < 600 && Number(row.rows_done) === 0; i++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      row = await current();
    }
    assert.ok(Number(row.rows_done) > 0 && row.status === 'running', 'the first server started the import');
    child.kill('SIGKILL');
    await new Promise((resolve) => child.on('exit', resolve));
    const killedAt = Date.now();

    const jobs = await startJobs(database, { run: true, pollingIntervalSeconds: 0.5 });
    await runImportJobs(database.db, 'postgres', jobs, console);
    try {
      for (let i = 0; i < 400 && row.runner !== thisRunner(); i++) {
        await new Promise((resolve) => setTimeout(resolve, 50));
        row = await current();
      }
      assert.equal(row.runner, thisRunner());
      const waited = Date.now() - killedAt;
      assert.ok(waited < 15_000, `resumed after ${waited} ms`);
      for (let i = 0; i < 1200 && row.status === 'running'; i++) {
        await new Promise((resolve) => setTimeout(resolve, 50));
        row = await current();
      }
      assert.equal(row.status, 'done', row.error ?? '');
      assert.equal(Number(row.imported_rows), ROWS);
      const count = await inWorkspace(database.db, workspaceId, (tx) =>
        tx
          .selectFrom('transactions')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow(),
      );
      assert.equal(Number(count.n), ROWS);
    } finally {
      await jobs.stop();
    }
  });
});

// The embedded database serves the requests and the import on one connection (see EMBEDDED_RUN).
describe('an upload imported on the embedded database', () => {
  let api: TestApi;

  before(async () => {
    api = await startApi(undefined, { runJobs: true });
  });
  after(() => api.close());

  test('leaves the server answering requests between its short transactions, and imports every row', async () => {
    const admin = await signUp(api);
    const address = await api.app.listen({ port: 0, host: '127.0.0.1' });
    const lines = ['customer_id,date,amount'];
    for (let i = 0; i < 2000; i++) lines.push(`W${i % 200},2025-0${1 + (i % 9)}-1${i % 10},${1 + (i % 13)}`);
    const { payload, headers } = multipart(
      { kind: 'transactions' },
      { name: 'reads.csv', data: Buffer.from(`${lines.join('\n')}\n`) },
    );
    const auth = { authorization: `Bearer ${admin.token}`, 'clm-workspace': admin.workspaceId };
    const posted = await fetch(`${address}/api/v1/imports`, {
      method: 'POST',
      headers: { ...auth, ...headers },
      body: payload,
    });
    assert.equal(posted.status, 202);
    const { id } = (await posted.json()) as { id: string };
    // Requests one after another, over real sockets: those answered while the import runs show that it
    // let them in (without, none is even read until the import ends).
    let answeredWhileRunning = 0;
    let state = { status: 'queued', counts: { imported: 0 } };
    for (let i = 0; i < 6000 && state.status !== 'done' && state.status !== 'failed'; i++) {
      state = (await (
        await fetch(`${address}/api/v1/imports/${id}`, { headers: auth })
      ).json()) as typeof state;
      if (state.status === 'running') answeredWhileRunning++;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    assert.equal(state.status, 'done');
    assert.equal(state.counts.imported, 2000);
    assert.ok(answeredWhileRunning >= 10, `${answeredWhileRunning} requests answered while the import ran`);
  });
});
