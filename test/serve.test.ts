import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';

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
