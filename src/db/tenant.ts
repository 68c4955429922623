import { type Kysely, sql, type Transaction } from 'kysely';
import type { Tables } from './tables.js';

export type Tx = Transaction<Tables>;

/**
 * Runs `fn` in a transaction bound to one workspace. Row-level security reads the setting, so a query
 * that forgets its workspace filter still sees only this workspace's rows. The setting is local to the
 * transaction (`set_config(…, true)`) and cannot leak to the next user of a pooled connection.
 */
export function inWorkspace<T>(
  db: Kysely<Tables>,
  workspaceId: string,
  fn: (tx: Tx) => Promise<T>,
): Promise<T> {
  return db.transaction().execute(async (tx) => {
    await sql`select set_config('clm.workspace_id', ${workspaceId}, true)`.execute(tx);
    return fn(tx);
  });
}
