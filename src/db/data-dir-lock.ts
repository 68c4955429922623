import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import lockfile from 'proper-lockfile';
import { AppError } from '../errors.js';

// proper-lockfile refreshes the lock every stale / 2; a holder that stops refreshing for this long
// (a host that froze, a holder on another machine sharing the folder) loses the lock.
const STALE_MS = 15_000;

const ownerFile = (dataDir: string) => `${dataDir}/clm.lock.owner`;
const thisOwner = () => `${hostname()}:${process.pid}`;

/** Whether the process named in the owner file is gone: same host, no process of that id. */
function ownerIsDead(dataDir: string): boolean {
  let owner: string;
  try {
    owner = readFileSync(ownerFile(dataDir), 'utf8').trim();
  } catch {
    return false;
  }
  const at = owner.lastIndexOf(':');
  const pid = Number(owner.slice(at + 1));
  if (owner.slice(0, at) !== hostname() || !Number.isInteger(pid) || pid <= 0 || pid === process.pid)
    return false;
  try {
    process.kill(pid, 0);
    return false;
  } catch (error) {
    // EPERM: the process lives, under another user.
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

const lock = (dataDir: string) =>
  lockfile.lock(dataDir, { lockfilePath: `${dataDir}/clm.lock`, stale: STALE_MS, retries: 0 });

/**
 * Two processes writing one PGlite folder corrupt it, so the folder is locked for as long as it is open.
 * Beside the lock, the owner file names the holding process: a lock whose holder died (kill -9, a
 * crash) is taken over at once rather than after the stale time, so a restart right after a crash
 * starts. The lock still goes stale when its holder stops refreshing it, whatever the owner file says.
 */
export async function lockDataDir(dataDir: string): Promise<() => Promise<void>> {
  let release: () => Promise<void>;
  try {
    release = await lock(dataDir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ELOCKED') throw error;
    if (!ownerIsDead(dataDir)) throw inUse(dataDir);
    // Renaming is atomic: of two processes taking over at once, one moves the dead lock away and
    // the other finds the new holder's lock.
    const dead = `${dataDir}/clm.lock.dead-${process.pid}`;
    try {
      renameSync(`${dataDir}/clm.lock`, dead);
    } catch {
      throw inUse(dataDir);
    }
    rmSync(dead, { recursive: true, force: true });
    try {
      release = await lock(dataDir);
    } catch (again) {
      throw (again as NodeJS.ErrnoException).code === 'ELOCKED' ? inUse(dataDir) : again;
    }
  }
  writeFileSync(ownerFile(dataDir), thisOwner());
  return async () => {
    rmSync(ownerFile(dataDir), { force: true });
    await release();
  };
}

const inUse = (dataDir: string) =>
  new AppError(
    409,
    'data-dir-locked',
    `the data folder ${dataDir} is in use by another CLM process (a running server?); stop it or use DATABASE_URL`,
  );
