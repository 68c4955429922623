import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { lockDataDir } from './data-dir-lock.js';

const dir = mkdtempSync(join(tmpdir(), 'clm-lock-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** Another process that locks the folder and holds it until killed. */
async function holder(): Promise<ChildProcess> {
  const module = join(import.meta.dirname, 'data-dir-lock.ts');
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      '--input-type=module',
      '-e',
      `const { lockDataDir } = await import(${JSON.stringify(module)});
       await lockDataDir(${JSON.stringify(dir)}); console.log('locked'); setInterval(() => {}, 1000);`,
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  await new Promise<void>((resolve, reject) => {
    child.stdout?.on('data', (d: Buffer) => d.toString().includes('locked') && resolve());
    child.on('exit', (code) => reject(new Error(`the holder exited with ${code}`)));
  });
  return child;
}

test('a folder locked by a live process is refused as in use; right after that process is killed with SIGKILL, it is taken over', async () => {
  const child = await holder();
  await assert.rejects(lockDataDir(dir), { status: 409, message: /is in use by another CLM process/ });
  child.kill('SIGKILL');
  await new Promise((resolve) => child.on('exit', resolve));
  const started = Date.now();
  const release = await lockDataDir(dir);
  // Well within the 15 s after which the dead holder's lock would go stale.
  assert.ok(Date.now() - started < 1000);
  await release();
  // Released, the folder locks again at once.
  await (await lockDataDir(dir))();
});
