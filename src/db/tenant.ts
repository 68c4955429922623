import { type Compilable, type Kysely, sql } from 'kysely';
import { inlineParameters } from './sql-literal.js';
import type { Tables } from './tables.js';

/** A Kysely bound to one connection inside an open transaction. */
export type Tx = Kysely<Tables>;

/** Runs several statements in one round trip and answers the rows of each. */
export type RunBatch = (statements: string) => Promise<Record<string, unknown>[][]>;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

// Databases whose driver runs several statements in one round trip (node-postgres' simple protocol).
const batchers = new WeakMap<Kysely<Tables>, RunBatch>();

export function enableStatementBatches(db: Kysely<Tables>, run: RunBatch) {
  batchers.set(db, run);
}

function checkWorkspaceId(workspaceId: string) {
  // Checked here because the id is written into SQL text below.
  if (!UUID.test(workspaceId)) throw new Error(`not a workspace id: ${workspaceId}`);
}

const bind = (workspaceId: string) => `select set_config('clm.workspace_id', '${workspaceId}', true)`;

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
  checkWorkspaceId(workspaceId);
  if (!batchers.has(db)) {
    return db.transaction().execute(async (tx) => {
      await sql.raw(bind(workspaceId)).execute(tx);
      return fn(tx);
    });
  }
  // BEGIN and the setting in one round trip.
  return db.connection().execute(async (conn) => {
    await sql.raw(`begin; ${bind(workspaceId)}`).execute(conn);
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

/**
 * One query in its own workspace transaction. Where the driver allows, BEGIN, the setting, the query
 * and COMMIT travel as one batch: a single round trip for the reads that most requests are.
 */
export async function queryInWorkspace<R>(
  db: Kysely<Tables>,
  workspaceId: string,
  query: Compilable<R>,
): Promise<R[]> {
  checkWorkspaceId(workspaceId);
  const compiled = query.compile();
  const run = batchers.get(db);
  if (!run) return inWorkspace(db, workspaceId, async (tx) => (await tx.executeQuery(compiled)).rows);
  const results = await run(
    `begin; ${bind(workspaceId)}; ${inlineParameters(compiled.sql, compiled.parameters)}; commit`,
  );
  return results[2] as R[];
}
