import { type Kysely, sql } from 'kysely';
import type { Tables } from './tables.js';

/** A Kysely bound to one connection inside an open transaction. */
export type Tx = Kysely<Tables>;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

// Databases whose driver runs several statements in one round trip (node-postgres' simple protocol).
const batching = new WeakSet<Kysely<Tables>>();

export function enableStatementBatches(db: Kysely<Tables>) {
  batching.add(db);
}

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
  // Checked here because the id is written into SQL text below.
  if (!UUID.test(workspaceId)) throw new Error(`not a workspace id: ${workspaceId}`);
  if (!batching.has(db)) {
    return db.transaction().execute(async (tx) => {
      await sql`select set_config('clm.workspace_id', ${workspaceId}, true)`.execute(tx);
      return fn(tx);
    });
  }
  // BEGIN and the setting in one round trip: most requests are one short query, so this is a third of them.
  return db.connection().execute(async (conn) => {
    await sql.raw(`begin; select set_config('clm.workspace_id', '${workspaceId}', true)`).execute(conn);
    let result: T;
    try {
      result = await fn(conn);
    } catch (error) {
      await sql
        .raw('rollback')
        .execute(conn)
        .catch(() => undefined);
      throw error;
    }
    await sql.raw('commit').execute(conn);
    return result;
  });
}
