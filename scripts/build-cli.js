// The command line and the server run as JavaScript compiled from src/ into dist/ (gitignored): Node
// then starts in a tenth of a second, where loading the TypeScript on the fly costs half a second more
// per process and per worker thread. Plain JavaScript, because it runs before any TypeScript can.
import {
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const src = join(root, 'src');
const DIST = join(root, 'dist');
/** Written once the build is in place: its time is the build's. */
const STAMP = join(DIST, '.built');

/** Every file under `dir`, tests and fixtures aside. */
function sourceFiles(dir, files = []) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) sourceFiles(path, files);
    else if (!/\.(test|fixture)\.ts$/.test(entry.name)) files.push(path);
  }
  return files;
}

function newestMtime(paths) {
  let newest = 0;
  for (const path of paths) newest = Math.max(newest, statSync(path).mtimeMs);
  return newest;
}

/** True when there is no build, or a source (or the installed packages) changed after it. */
function cliBuildIsStale(files) {
  if (!existsSync(STAMP)) return true;
  const built = statSync(STAMP).mtimeMs;
  return newestMtime([src, ...files, join(root, 'package-lock.json')]) > built;
}

/**
 * Compiles src/ into dist/ when it is missing or stale: each module on its own (no bundle, so the
 * folders and relative paths stay as in src/), other files (the SQL migrations) copied. The build
 * goes to a folder of its own first, so that another process never loads half a build.
 */
export async function ensureCliBuild() {
  const files = sourceFiles(src);
  if (!cliBuildIsStale(files)) return;
  const { buildSync } = await import('esbuild');
  const out = `${DIST}.${process.pid}`;
  rmSync(out, { recursive: true, force: true });
  try {
    buildSync({
      entryPoints: files.filter((f) => f.endsWith('.ts')),
      outdir: out,
      outbase: src,
      format: 'esm',
      platform: 'node',
      target: 'node20',
      logLevel: 'error',
    });
    for (const file of files.filter((f) => !f.endsWith('.ts'))) {
      const to = join(out, relative(src, file));
      mkdirSync(dirname(to), { recursive: true });
      cpSync(file, to);
    }
    writeFileSync(join(out, '.built'), '');
    // Another process may have put the same build in place meanwhile: then that one serves.
    if (cliBuildIsStale(files)) {
      rmSync(DIST, { recursive: true, force: true });
      renameSync(out, DIST);
    } else rmSync(out, { recursive: true, force: true });
  } catch (error) {
    rmSync(out, { recursive: true, force: true });
    // Another process put its build in place first: that one serves.
    if (!cliBuildIsStale(files)) return;
    throw error;
  }
}
