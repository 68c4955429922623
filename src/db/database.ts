import { existsSync, mkdirSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { Kysely, PostgresDialect } from 'kysely';
import { PGliteDialect } from 'kysely-pglite-dialect';
import pg from 'pg';
import { ConfigError } from '../errors.js';
import { installJobSchema } from '../jobs/install.js';
import { enablePgliteCopy, enablePostgresCopy } from './copy-in.js';
import { lockDataDir } from './data-dir-lock.js';
import { migrate } from './migrate.js';
import { preparedReads } from './prepared-reads.js';
import type { Tables } from './tables.js';
import { enableStatementBatches } from './tenant.js';

export type DatabaseKind = 'pglite' | 'postgres';

/** One statement with parameters, or several without: pg-boss's way of reaching the database. */
export type ExecuteSql = (text: string, values?: unknown[]) => Promise<{ rows: Record<string, unknown>[] }>;

export interface Database {
  db: Kysely<Tables>;
  kind: DatabaseKind;
  /** Migrations applied while opening (empty when the schema was current). */
  applied: string[];
  /**
   * The job queue's connection, as the application role. On the embedded database it waits for
   * Kysely's one connection, so it must not be called inside a transaction (that would wait for itself).
   */
  jobSql: ExecuteSql;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  /** `postgres://…`; without it the embedded PGlite is used. */
  url?: string;
  /** PGlite data folder; `undefined` keeps the database in memory (tests). */
  dataDir?: string;
  /** Connections to the PostgreSQL server (default: twice the cores, plus one, at least 4). */
  poolSize?: number;
  /** Hold an exclusive lock on the data folder (the server does; short CLI commands too). */
  lock?: boolean;
  /**
   * Refuse a data folder that holds no database instead of creating an empty one: commands that read
   * or change existing data, run by someone who forgot CLM_DATA_DIR, should say where they looked.
   */
  existing?: boolean;
  /**
   * PostgreSQL: the longest any statement may run, in milliseconds (0 or unset: no limit). The
   * embedded database cannot stop a statement once started (its WebAssembly build has no timer to
   * cancel it with), so there it is bounded by indexes and short transactions instead.
   */
  statementTimeoutMs?: number;
  /**
   * Embedded database: a dump of a data folder (PGlite's `dumpDataDir`) that a new database starts
   * from instead of being created empty; ignored when the folder already holds one. Tests start from
   * a migrated one, which costs a fraction of creating and migrating each.
   */
  template?: Blob;
  /**
   * Embedded database: the size of its buffer pool (PostgreSQL's shared_buffers, `32MB`; default 128MB).
   * It lives in this process's WebAssembly memory, which never shrinks, and caches pages that the
   * operating system caches too: a command that writes much and reads little keeps its memory small
   * with a small one.
   */
  sharedBuffers?: `${number}MB`;
}

/**
 * The extensions CLM's migrations create (pg_trgm: trigram indexes for the customer search). The
 * embedded database loads each from its own bundle, and must on every open of a database that has
 * them, since their indexes are written with every row.
 */
export const PGLITE_EXTENSIONS = { pg_trgm };

// The application never runs as the owner of the tables: this role cannot bypass row-level security.
export const APP_ROLE = 'clm_app';

// Same JavaScript values from both drivers: numeric stays a string (no float), bigint counts become
// numbers (they stay far below 2^53), and dates stay `YYYY-MM-DD` instead of a midnight in local time.
const NUMERIC = 1700;
const INT8 = 20;
const DATE = 1082;
pg.types.setTypeParser(INT8, (v) => Number(v));
pg.types.setTypeParser(DATE, (v) => v);
pg.types.setTypeParser(NUMERIC, (v) => v);

/**
 * Opens the database, applies pending migrations as the owner, then hands out a Kysely instance whose
 * every query runs as the unprivileged application role.
 */
export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  return options.url
    ? openPostgres(options.url, options.poolSize, options.statementTimeoutMs)
    : openPglite(options);
}

/**
 * A few connections per core keep PostgreSQL's processes busy without making them queue for the CPU:
 * on a 2-core machine, 16 connections answered a quarter fewer reads per second than 5.
 */
const defaultPoolSize = () => Math.max(4, 2 * availableParallelism() + 1);

async function openPglite(options: DatabaseOptions): Promise<Database> {
  let release: (() => Promise<void>) | undefined;
  let dataDir: string | undefined;
  let exists = false;
  if (options.dataDir) {
    dataDir = resolve(options.dataDir);
    exists = existsSync(join(dataDir, 'pg', 'PG_VERSION'));
    if (options.existing && !exists)
      throw new ConfigError(
        `no database in ${dataDir}: set CLM_DATA_DIR to the server's data folder (or CLM_DATABASE_URL), or create one with clm migrate`,
      );
    mkdirSync(dataDir, { recursive: true });
    if (options.lock !== false) release = await lockDataDir(dataDir);
  }
  try {
    const pglite = new PGlite({
      dataDir: dataDir ? `${dataDir}/pg` : undefined,
      extensions: PGLITE_EXTENSIONS,
      loadDataDir: exists ? undefined : options.template,
      ...(options.sharedBuffers && {
        startParams: [...PGlite.defaultStartParams, '-c', `shared_buffers=${options.sharedBuffers}`],
      }),
    });
    await pglite.waitReady;
    // PGlite 0.4 drops the `parsers` constructor option (its defaults win), so they are set once ready.
    Object.assign(pglite.parsers, {
      [INT8]: (v: string) => Number(v),
      [DATE]: (v: string) => v,
      [NUMERIC]: (v: string) => v,
    });
    const run = async (sql: string) => (await pglite.exec(sql)).at(-1)?.rows ?? [];
    const applied = await migrate(run);
    await installJobSchema(run, APP_ROLE);
    await pglite.exec(`set role ${APP_ROLE}`);
    const db = new Kysely<Tables>({ dialect: new PGliteDialect(pglite) });
    enablePgliteCopy(db, pglite);
    // Holding a Kysely connection keeps pg-boss's statements out of any transaction under way; its
    // maintenance sends several statements at once, which only the simple protocol (exec) carries.
    const jobSql: ExecuteSql = (text, values) =>
      db
        .connection()
        .execute(async () =>
          values?.length
            ? pglite.query<Record<string, unknown>>(text, values)
            : ((await pglite.exec(text)).at(-1) ?? { rows: [] }),
        );
    return {
      db,
      kind: 'pglite',
      applied,
      jobSql,
      async close() {
        await db.destroy(); // also closes PGlite
        await release?.();
      },
    };
  } catch (error) {
    await release?.();
    throw error;
  }
}

async function openPostgres(
  url: string,
  poolSize = defaultPoolSize(),
  statementTimeoutMs = 0,
): Promise<Database> {
  const owner = new pg.Client({ connectionString: url });
  await owner.connect();
  let applied: string[];
  try {
    const run = async (sql: string) => {
      const result: pg.QueryResult | pg.QueryResult[] = await owner.query(sql);
      return (Array.isArray(result) ? result.at(-1) : result)?.rows ?? [];
    };
    applied = await migrate(run);
    await installJobSchema(run, APP_ROLE);
  } finally {
    await owner.end();
  }
  // The role is a start-up parameter of each connection, so no query can ever run before it is set.
  // No JIT: CLM's large statements (refresh, import merge) run once each, and compiling them cost more
  // than it saved (a full refresh of 100,000 customers: 34 s with it, 24 s without).
  const pool = new pg.Pool({
    connectionString: url,
    max: poolSize,
    options: `-c role=${APP_ROLE} -c jit=off -c statement_timeout=${statementTimeoutMs}`,
  });
  const db = new Kysely<Tables>({ dialect: new PostgresDialect({ pool }) });
  enablePostgresCopy(db, pool);
  enableStatementBatches(db, preparedReads(pool));
  // The job queue's own few connections: its polling and maintenance never wait behind requests.
  const jobPool = new pg.Pool({
    connectionString: url,
    max: 3,
    application_name: 'clm-jobs',
    options: `-c role=${APP_ROLE} -c statement_timeout=${statementTimeoutMs}`,
  });
  // An idle connection the server ends (a restart, an administrator's termination) is dropped by its
  // pool, and the next query opens another; unheard, the pool's error event would end the process.
  for (const each of [pool, jobPool]) each.on('error', () => undefined);
  return {
    db,
    kind: 'postgres',
    applied,
    jobSql: (text, values) => jobPool.query(text, values),
    async close() {
      await db.destroy();
      await jobPool.end();
    },
  };
}
