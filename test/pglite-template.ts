import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A migrated embedded database with the job schema, as the tar archive of its data folder. Creating and
 * migrating a database costs seconds of CPU, many times per run: test databases, and the data folders of
 * the browser tests' servers, start from this copy instead.
 */
let template: Promise<string> | undefined;

/** The template's archive on disk, made on first use. */
export function pgliteTemplatePath(): Promise<string> {
  template ??= loadOrMakeTemplate();
  return template;
}

/** The template's archive, for PGlite's `loadDataDir`. */
export async function pgliteTemplate(): Promise<Blob> {
  return new Blob([readFileSync(await pgliteTemplatePath())]);
}

/** Extracts a data folder's archive (the template, or a copy made from it) into `dataDir/pg`. */
export function unpackDataDir(archive: string, dataDir: string) {
  const pg = join(dataDir, 'pg');
  mkdirSync(pg, { recursive: true });
  execFileSync('tar', ['-xzf', archive, '-C', pg], { stdio: 'ignore' });
}

/**
 * The template is kept in the temporary folder under a hash of all that shapes it (the migrations,
 * the job schema and queues, the versions of PGlite and pg-boss), so test processes share it and a
 * change to any of these makes a new one.
 */
async function loadOrMakeTemplate(): Promise<string> {
  const root = join(import.meta.dirname, '..');
  const hash = createHash('sha256');
  const migrations = join(root, 'src/db/migrations');
  for (const file of readdirSync(migrations).sort())
    hash.update(file).update(readFileSync(join(migrations, file)));
  for (const file of ['src/jobs/install.ts', 'src/jobs/queues.ts'])
    hash.update(readFileSync(join(root, file)));
  for (const name of ['@electric-sql/pglite', 'pg-boss'])
    hash.update(readFileSync(join(root, 'node_modules', name, 'package.json')));
  const path = join(tmpdir(), `clm-test-template-${hash.digest('hex').slice(0, 16)}.tar.gz`);
  if (existsSync(path)) return path;
  // Loaded only to make it: a browser test that finds the template unpacks it without PGlite.
  const { PGlite } = await import('@electric-sql/pglite');
  const { APP_ROLE, PGLITE_EXTENSIONS } = await import('../src/db/database.js');
  const { migrate } = await import('../src/db/migrate.js');
  const { installJobSchema } = await import('../src/jobs/install.js');
  const pglite = new PGlite({ extensions: PGLITE_EXTENSIONS });
  const run = async (sql: string) => (await pglite.exec(sql)).at(-1)?.rows ?? [];
  await migrate(run);
  await installJobSchema(run, APP_ROLE);
  const dump = await pglite.dumpDataDir('gzip');
  await pglite.close();
  // Written aside, then renamed: a test process never reads half a template.
  const partial = `${path}.${process.pid}`;
  writeFileSync(partial, Buffer.from(await dump.arrayBuffer()));
  renameSync(partial, path);
  return path;
}
