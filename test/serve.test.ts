import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { pgliteTemplatePath, unpackDataDir } from './pglite-template.js';

const root = join(import.meta.dirname, '..');

interface Server {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

function serve(dataDir: string, env: Record<string, string> = {}): Server {
  // As `npm start` does: the compiled command line (bin/clm.js builds it when the sources changed).
  const child = spawn(process.execPath, ['bin/clm.js', 'serve', '--port', '0'], {
    cwd: root,
    env: { ...process.env, CLM_DATA_DIR: dataDir, CLM_DEMO: 'false', LOG_LEVEL: 'info', ...env },
  });
  let text = '';
  child.stdout?.on('data', (d) => {
    text += d;
  });
  child.stderr?.on('data', (d) => {
    text += d;
  });
  return { child, output: () => text, exited: new Promise((resolve) => child.on('exit', resolve)) };
}

async function listening(server: Server): Promise<string> {
  for (let i = 0; i < 600; i++) {
    const match = /CLM listening on (http:\/\/[\d.:]+)/.exec(server.output());
    if (match) return match[1];
    if (server.child.exitCode !== null) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`server did not start:\n${server.output()}`);
}

describe('clm serve on the embedded database', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'clm-serve-'));
  after(() => rmSync(dataDir, { recursive: true, force: true }));

  test('first start creates the admin with a generated password, shown once and stored owner-only', async () => {
    const server = serve(dataDir);
    const url = await listening(server);
    const password = /Password:\s+(\S+)/.exec(server.output())?.[1];
    assert.ok(password, 'the generated password is printed');
    assert.equal(statSync(join(dataDir, 'admin-password.txt')).mode & 0o777, 0o600);
    const login = await fetch(`${url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'admin@clm.local', password }),
    });
    assert.equal(login.status, 200);

    // A second server on the same folder would corrupt it: it must refuse, clearly, with exit status 1.
    const second = serve(dataDir);
    assert.equal(await second.exited, 1);
    assert.match(second.output(), /in use by another CLM process/);

    server.child.kill('SIGTERM');
    assert.equal(await server.exited, 0);
    assert.doesNotMatch(server.output(), /"level":50/, 'shutdown logs no error');
  });

  test('after a clean stop the folder opens again and the password is not shown twice', async () => {
    const server = serve(dataDir);
    const url = await listening(server);
    assert.doesNotMatch(server.output(), /Password:/);
    const health = (await (await fetch(`${url}/api/v1/health`)).json()) as {
      status: string;
      database: string;
    };
    assert.deepEqual(
      { status: health.status, database: health.database },
      { status: 'ok', database: 'pglite' },
    );
    server.child.kill('SIGINT');
    assert.equal(await server.exited, 0);
  });

  test('a bad configuration value stops start-up with one line naming it', async () => {
    const server = serve(dataDir, { CLM_ADMIN_PASSWORD: 'short' });
    assert.equal(await server.exited, 1);
    assert.match(server.output().trim(), /^clm: invalid configuration: CLM_ADMIN_PASSWORD/);
  });
});

describe('clm serve runs jobs durably', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'clm-jobs-'));
  // From the migrated template: the first start on an empty folder is the test above's; this one's
  // server finds the schema in place (still a first start: no user yet) instead of migrating it again.
  before(async () => unpackDataDir(await pgliteTemplatePath(), dataDir));
  after(() => rmSync(dataDir, { recursive: true, force: true }));
  // Enough rows that the import is still running half a second after it starts, even on a fast machine
  // (the embedded database imports a few thousand rows a second).
  const ROWS = 20_000;

  test('an import killed with SIGKILL mid-job is taken up after a restart and imports every row once', async () => {
    let server = serve(dataDir);
    let url = await listening(server);
    const password = /Password:\s+(\S+)/.exec(server.output())?.[1];
    const api = async (path: string, init: RequestInit = {}, workspaceId?: string) => {
      const headers = new Headers(init.headers);
      if (token) headers.set('authorization', `Bearer ${token}`);
      if (workspaceId) headers.set('clm-workspace', workspaceId);
      const res = await fetch(`${url}/api/v1${path}`, { ...init, headers });
      // biome-ignore lint/suspicious/noExplicitAny: answers are JSON of many shapes, checked by the assertions
      return { status: res.status, body: (await res.json()) as any };
    };
    let token = '';
    token = (
      await api('/auth/login', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'admin@clm.local', password }),
      })
    ).body.token;
    const workspace = await api('/workspaces', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Restart' }),
    });
    const ws: string = workspace.body.id;
    const lines = ['customer_id,date,amount'];
    for (let i = 0; i < ROWS; i++) lines.push(`K${i % 5000},2025-0${1 + (i % 9)}-1${i % 10},${1 + (i % 13)}`);
    const form = new FormData();
    form.append('kind', 'transactions');
    form.append('file', new Blob([`${lines.join('\n')}\n`], { type: 'text/csv' }), 'restart.csv');
    const queued = await api('/imports', { method: 'POST', body: form }, ws);
    assert.equal(queued.status, 202);
    const importId: string = queued.body.id;

    // Killed half a second into the import's job (requests to the embedded database wait behind its
    // batches, so the server's log says when it starts).
    for (let i = 0; i < 2400 && !/"msg":"import started"/.test(server.output()); i++)
      await new Promise((r) => setTimeout(r, 50));
    assert.match(server.output(), /"msg":"import started"/);
    await new Promise((r) => setTimeout(r, 500));
    server.child.kill('SIGKILL');
    await server.exited;

    server = serve(dataDir);
    url = await listening(server);
    let row = (await api(`/imports/${importId}`, {}, ws)).body;
    for (let i = 0; i < 1800 && row.status !== 'done' && row.status !== 'failed'; i++) {
      await new Promise((r) => setTimeout(r, 100));
      row = (await api(`/imports/${importId}`, {}, ws)).body;
    }
    assert.equal(row.status, 'done', row.error ?? '');
    assert.equal(row.counts.imported, ROWS);
    const transactions = await api('/transactions?limit=1&count=true', {}, ws);
    assert.equal(transactions.body.total, ROWS);
    // Whether the restart found the job active (then failed it for a retry) or the kill came before
    // the embedded database wrote that down (then the job was still queued), it ran to the end once:
    // no job for the import is left queued or running. The job ends a moment after the import (it
    // analyses what it loaded), and the resume sweep may have sent one more meanwhile, which finds the
    // import done.
    const importJobs = async () =>
      (await api('/jobs?name=imports.run', {}, ws)).body.data as { state: string }[];
    let jobs = await importJobs();
    for (let i = 0; i < 600 && jobs.some((j) => j.state !== 'finished'); i++) {
      await new Promise((r) => setTimeout(r, 100));
      jobs = await importJobs();
    }
    assert.ok(jobs.length >= 1);
    assert.deepEqual(
      jobs.map((j) => j.state),
      jobs.map(() => 'finished'),
    );

    server.child.kill('SIGTERM');
    assert.equal(await server.exited, 0);
    assert.doesNotMatch(server.output(), /"level":50/, 'shutdown logs no error');
  });
});
