import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..', '..');
const webDir = join(root, 'web');
/** Where the production build of the web app lives (gitignored). */
export const WEB_DIST = join(webDir, 'dist');
/**
 * Written after the build is in place. Its time, not index.html's, is the build's: moving the build into
 * place changes the time of web/ itself, which would otherwise make every build look stale at once.
 */
const STAMP = join(WEB_DIST, '.built');

function newestMtime(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const name of readdirSync(path)) {
    if (name === 'dist' || name === 'node_modules' || name.startsWith('dist.')) continue;
    newest = Math.max(newest, newestMtime(join(path, name)));
  }
  return newest;
}

/** True when there is no build or a web source (or the installed packages) changed after it. */
export function webBuildIsStale(): boolean {
  if (!existsSync(STAMP) || !existsSync(join(WEB_DIST, 'index.html'))) return true;
  const sources = Math.max(newestMtime(webDir), statSync(join(root, 'package-lock.json')).mtimeMs);
  return sources > statSync(STAMP).mtimeMs;
}

/**
 * Builds the web app when it is missing or stale, so that `npm start` on a fresh clone serves it. The
 * build goes to a folder of its own and then replaces the old one, so a server running meanwhile never
 * serves half a build.
 */
export function ensureWebBuild(log: (line: string) => void = () => {}): void {
  if (!webBuildIsStale()) return;
  if (!existsSync(join(webDir, 'index.html'))) return;
  const out = `${WEB_DIST}.${process.pid}`;
  log('building the web app…');
  const vite = join(root, 'node_modules', 'vite', 'bin', 'vite.js');
  const result = spawnSync(process.execPath, [vite, 'build', webDir, '--outDir', out, '--logLevel', 'warn'], {
    cwd: root,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  if (result.status !== 0) {
    rmSync(out, { recursive: true, force: true });
    throw new Error(`the web app build failed (exit status ${result.status})`);
  }
  rmSync(WEB_DIST, { recursive: true, force: true });
  renameSync(out, WEB_DIST);
  writeFileSync(STAMP, '');
}
