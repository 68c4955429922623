import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { PGlite } from '@electric-sql/pglite';
import type { Kysely } from 'kysely';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { Tables } from './tables.js';

/** One step of a bulk write: CSV text to copy into the columns of a table, or plain SQL. */
export type CopyStep = { table: string; columns: string[]; csv: string } | { sql: string };

const NAME = /^[a-z_][a-z0-9_]*$/;
const copyTarget = (step: { table: string; columns: string[] }) => {
  if (![step.table, ...step.columns].every((n) => NAME.test(n)))
    throw new Error(`bad copy target ${step.table}`);
  return `${step.table} (${step.columns.join(', ')})`;
};

type RunCopy = (workspaceId: string, steps: CopyStep[]) => Promise<void>;

const APP_ROLE = 'clm_app';
const copiers = new WeakMap<Kysely<Tables>, RunCopy>();
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const begin = (workspaceId: string) => {
  if (!UUID.test(workspaceId)) throw new Error(`not a workspace id: ${workspaceId}`);
  return `begin; select set_config('clm.workspace_id', '${workspaceId}', true)`;
};

/**
 * PostgreSQL: COPY through pg-copy-streams on a pooled connection of the application role. PostgreSQL
 * refuses COPY into a table under row-level security, so the rows land in a temporary table first and
 * reach the real one with an INSERT … SELECT, which the policies check.
 */
export function enablePostgresCopy(db: Kysely<Tables>, pool: pg.Pool) {
  copiers.set(db, async (workspaceId, steps) => {
    const client = await pool.connect();
    try {
      await client.query(begin(workspaceId));
      for (const step of steps) {
        if ('sql' in step) await client.query(step.sql);
        else {
          const temp = `clm_copy_${step.table}`;
          await client.query(
            `create temp table if not exists ${temp} (like ${step.table}) on commit delete rows`,
          );
          await pipeline(
            Readable.from([step.csv]),
            client.query(copyFrom(`copy ${temp} (${step.columns.join(', ')}) from stdin with (format csv)`)),
          );
          await client.query(
            `insert into ${copyTarget(step)} select ${step.columns.join(', ')} from ${temp}; truncate ${temp}`,
          );
        }
      }
      await client.query('commit');
    } catch (error) {
      await client.query('rollback').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  });
}

/**
 * PGlite: `COPY … FROM '/dev/blob'` with the CSV as the query's blob. PGlite has one session, which
 * Kysely hands out one user at a time; holding it keeps every other query out of this transaction.
 */
export function enablePgliteCopy(db: Kysely<Tables>, pglite: PGlite) {
  copiers.set(db, (workspaceId, steps) =>
    db.connection().execute(async () => {
      await pglite.exec(begin(workspaceId));
      try {
        for (const step of steps) {
          if ('sql' in step) await pglite.exec(step.sql);
          else {
            // Reading a "file" needs the owner's rights (which also pass row-level security, that refuses COPY);
            // the rows are ours, each built with the workspace of this transaction.
            await pglite.exec('reset role');
            await pglite.query(`copy ${copyTarget(step)} from '/dev/blob' with (format csv)`, [], {
              blob: new Blob([step.csv]),
            });
            await pglite.exec(`set role ${APP_ROLE}`);
          }
        }
        await pglite.exec('commit');
      } catch (error) {
        await pglite.exec(`rollback; set role ${APP_ROLE}`).catch(() => undefined);
        throw error;
      }
    }),
  );
}

/**
 * Runs the steps in one transaction bound to the workspace (row-level security applies, as everywhere):
 * the fastest way to write many rows on either database.
 */
export function copyInWorkspace(db: Kysely<Tables>, workspaceId: string, steps: CopyStep[]): Promise<void> {
  const run = copiers.get(db);
  if (!run) throw new Error('this database was not opened with openDatabase');
  return run(workspaceId, steps);
}
