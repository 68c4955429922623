import lockfile from 'proper-lockfile';
import { AppError } from '../errors.js';

/**
 * Two processes writing one PGlite folder corrupt it, so the folder is locked for as long as it is open.
 * The lock goes stale when its holder dies without releasing it, so a crash never bricks the folder.
 */
export async function lockDataDir(dataDir: string): Promise<() => Promise<void>> {
  try {
    return await lockfile.lock(dataDir, { lockfilePath: `${dataDir}/clm.lock`, stale: 15_000, retries: 0 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ELOCKED') {
      throw new AppError(
        409,
        'data-dir-locked',
        `the data folder ${dataDir} is in use by another CLM process (a running server?); stop it or use DATABASE_URL`,
      );
    }
    throw error;
  }
}
