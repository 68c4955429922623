import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pgliteTemplatePath, unpackDataDir } from './pglite-template.js';

/**
 * The embedded database of a server after its first start with the demo: the admin and the demo
 * workspace of 2,400 customers. Making the demo costs a minute of a loaded machine; the browser tests
 * that only need it there start on a copy made once per run instead of each making their own.
 */

/** The admin's password in the copy: the browser tests that start on it sign in with it. */
export const DEMO_ADMIN_PASSWORD = 'e2e-demo-admin-password';

const root = join(import.meta.dirname, '..');
// Another test process making it: wait as long as a loaded machine takes, then make it here.
const WAIT_MS = 10 * 60_000;

/** Unpacks the demo server's database into `dataDir/pg`. */
export async function unpackDemoDataDir(dataDir: string) {
  unpackDataDir(await demoArchive(), dataDir);
}

/**
 * The archive is kept in the temporary folder under a hash of what makes it (the sources, the
 * template, the demo's day in Shanghai), so the test processes of a run share one and a change to the
 * sources makes a new one. One process makes it; the others wait for it.
 */
async function demoArchive(): Promise<string> {
  const template = await pgliteTemplatePath();
  // The demo's today is the day in Shanghai (src/demo/load.ts), here without loading the demo's modules.
  const shanghaiToday = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
  const hash = createHash('sha256').update(template).update(shanghaiToday).update(DEMO_ADMIN_PASSWORD);
  for (const file of sourceFiles(join(root, 'src'))) hash.update(file).update(readFileSync(file));
  const path = join(tmpdir(), `clm-test-demo-${hash.digest('hex').slice(0, 16)}.tar.gz`);
  const lock = `${path}.lock`;
  const deadline = Date.now() + WAIT_MS;
  while (!existsSync(path)) {
    if (takeLock(lock, deadline)) {
      try {
        if (!existsSync(path)) await makeArchive(template, path);
      } finally {
        rmSync(lock, { force: true });
      }
    } else await new Promise((resolve) => setTimeout(resolve, 500));
  }
  return path;
}

/**
 * True when this process now holds the lock: it was free, its holder died (a run stopped half-way), or
 * its holder has had it past the deadline.
 */
function takeLock(lock: string, deadline: number): boolean {
  if (Date.now() > deadline || !holderAlive(lock)) rmSync(lock, { force: true });
  try {
    writeFileSync(lock, String(process.pid), { flag: 'wx' });
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return false;
  }
}

function holderAlive(lock: string): boolean {
  let pid: number;
  try {
    pid = Number(readFileSync(lock, 'utf8'));
  } catch {
    return true;
  }
  // Read between its creation and its pid's write: not yet known, so taken for alive.
  if (!pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** What the server's first start does with the demo on (src/server/start.ts), on a template's copy. */
async function makeArchive(template: string, path: string) {
  const { loadConfig } = await import('../src/config.js');
  const { openDatabase } = await import('../src/db/database.js');
  const { ensureDemoWorkspace } = await import('../src/demo/load.js');
  const { ensureAdmin } = await import('../src/server/bootstrap.js');
  const dataDir = mkdtempSync(join(tmpdir(), 'clm-demo-'));
  try {
    unpackDataDir(template, dataDir);
    const database = await openDatabase({ dataDir });
    try {
      const config = loadConfig({ CLM_DATA_DIR: dataDir, CLM_ADMIN_PASSWORD: DEMO_ADMIN_PASSWORD });
      const admin = await ensureAdmin(database.db, config);
      if (!admin) throw new Error('a fresh data folder has no user yet');
      await ensureDemoWorkspace(database.db, admin.id);
    } finally {
      await database.close();
    }
    // Written aside, then renamed: a test process never reads half an archive.
    const partial = `${path}.${process.pid}`;
    execFileSync('tar', ['-czf', partial, '-C', join(dataDir, 'pg'), '.'], { stdio: 'ignore' });
    renameSync(partial, path);
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

function* sourceFiles(dir: string): Generator<string> {
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* sourceFiles(path);
    else if (!name.endsWith('.test.ts')) yield path;
  }
}
