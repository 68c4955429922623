import { type Compilable, type CompiledQuery, type Kysely, sql } from 'kysely';
import type { RunRead } from './prepared-reads.js';
import type { Tables } from './tables.js';

/** A Kysely bound to one connection inside an open transaction. */
export type Tx = Kysely<Tables>;

/**
 * Runs one step of a long piece of work in a workspace transaction: the same transaction for every
 * step (the work is atomic), or one of its own each (the embedded database serves every request on
 * one connection, which a step holds while it runs).
 */
export type Step = <T>(work: (tx: Tx) => Promise<T>) => Promise<T>;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

// Databases whose driver runs several statements in one round trip (node-postgres' simple protocol).
const readers = new WeakMap<Kysely<Tables>, RunRead>();

export function enableStatementBatches(db: Kysely<Tables>, run: RunRead) {
  readers.set(db, run);
}

function checkWorkspaceId(workspaceId: string) {
  // Checked here because the id is written into SQL text below.
  if (!UUID.test(workspaceId)) throw new Error(`not a workspace id: ${workspaceId}`);
}

/**
 * The user a request runs for and how much of the workspace they see (own customers, their team's, or
 * all). Row-level security reads both (migration 0028); work without a viewer sees the whole workspace.
 */
export interface Viewer {
  userId: string;
  scope: 'own' | 'team' | 'all';
}

const SCOPES = new Set(['own', 'team', 'all']);

function bind(workspaceId: string, viewer?: Viewer) {
  const workspace = `select set_config('clm.workspace_id', '${workspaceId}', true)`;
  if (!viewer) return workspace;
  // Checked here because both are written into SQL text.
  if (!UUID.test(viewer.userId) || !SCOPES.has(viewer.scope)) throw new Error('not a viewer');
  return `${workspace}, set_config('clm.user_id', '${viewer.userId}', true), set_config('clm.scope', '${viewer.scope}', true)`;
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
  viewer?: Viewer,
): Promise<T> {
  checkWorkspaceId(workspaceId);
  if (!readers.has(db)) {
    return db.transaction().execute(async (tx) => {
      await sql.raw(bind(workspaceId, viewer)).execute(tx);
      return fn(tx);
    });
  }
  // BEGIN and the setting in one round trip.
  return db.connection().execute(async (conn) => {
    await sql.raw(`begin; ${bind(workspaceId, viewer)}`).execute(conn);
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
 * One query in its own workspace transaction. Where the driver allows, the setting and the query
 * travel as one batch, the query as a statement prepared once per connection: a single round trip,
 * planned once, for the reads that most requests are.
 */
export async function queryInWorkspace<R>(
  db: Kysely<Tables>,
  workspaceId: string,
  query: Compilable<R>,
  viewer?: Viewer,
): Promise<R[]> {
  checkWorkspaceId(workspaceId);
  const compiled = query.compile();
  const run = readers.get(db);
  if (!run) return inWorkspace(db, workspaceId, async (tx) => (await tx.executeQuery(compiled)).rows, viewer);
  return (await run(bind(workspaceId, viewer), compiled.sql, compiled.parameters)) as R[];
}

/**
 * A read built and compiled once per database, then run with new values for its parameters (in the
 * order the built query binds them): on a primary-key read, building and compiling with Kysely costs
 * more than the query does in PostgreSQL.
 */
export function reusableQuery<R, A extends unknown[]>(build: (db: Kysely<Tables>) => Compilable<R>) {
  const compiled = new WeakMap<Kysely<Tables>, CompiledQuery<R>>();
  return (db: Kysely<Tables>, ...parameters: A): Compilable<R> => {
    let query = compiled.get(db);
    if (!query) {
      query = build(db).compile();
      if (query.parameters.length !== parameters.length)
        throw new Error(`the query binds ${query.parameters.length} values, not ${parameters.length}`);
      compiled.set(db, query);
    }
    const withValues = { ...query, parameters };
    return { compile: () => withValues };
  };
}

/**
 * From here to the end of the transaction, row-level security shows the whole workspace: for a write
 * the caller may make (checked before) whose result leaves their scope, such as a manager handing a
 * customer to someone outside their team.
 */
export async function widenToWorkspace(tx: Tx) {
  await sql`select set_config('clm.scope', 'all', true)`.execute(tx);
}

/**
 * Runs `fn` seeing the whole workspace, then gives the caller their own scope back: for a check that
 * must see every customer (is this phone anyone's already?) and tells the caller no more than its answer.
 */
export async function inWholeWorkspace<T>(tx: Tx, fn: (tx: Tx) => Promise<T>): Promise<T> {
  // The scope as it was, then widened, in one round trip: the subquery's row is read before the setting
  // changes (OFFSET 0 keeps it a subquery of its own).
  const { rows } = await sql<{ scope: string | null }>`
    select s.scope, set_config('clm.scope', 'all', true)
    from (select current_setting('clm.scope', true) as scope offset 0) s`.execute(tx);
  try {
    return await fn(tx);
  } finally {
    await sql`select set_config('clm.scope', ${rows[0]?.scope ?? ''}, true)`.execute(tx);
  }
}
