/**
 * `npm run bench -- import [--rows N] [--runs R] [--pglite-rows N]`: `clm import transactions` of a
 * generated CSV (`customer_id,date,amount`, 1M rows of BG/NBD customers by default; see
 * transactions-csv.ts) into a fresh PostgreSQL database, beside psql's `\copy` of the same file into a
 * bare table of the same columns (target: at least 1/3 of its rows/s); then the same import into the
 * embedded PGlite (target: 100,000 rows/s). Every run is a child process on an empty database; prints
 * medians of R runs (default 3) and the peak RSS of the imports (bound: 1 GiB). Beside each, the floor:
 * the least any import of the file into CLM's tables takes (see postgresFloor).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { PGlite } from '@electric-sql/pglite';
import { openDatabase, PGLITE_EXTENSIONS } from '../src/db/database.js';
import { createUser } from '../src/users/service.js';
import { createWorkspace } from '../src/workspaces/service.js';
import { generateTransactionsCsv } from './transactions-csv.js';

const OUT = new URL('out/', import.meta.url).pathname;
const ROOT = new URL('../', import.meta.url).pathname;
const TIME = '/usr/bin/time';
const SERVER = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432';
const DB = 'clm_bench_import';
const GIB = 1024 ** 3;

interface Run {
  seconds: number;
  maxRss: number;
}

const psql = (db: string, ...args: string[]) =>
  execFileSync('psql', [`${SERVER}/${db}`, '-q', '-v', 'ON_ERROR_STOP=1', ...args], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });

/** A new database (or data folder) with one workspace; answers the workspace id. */
async function freshWorkspace(target: { url?: string; dataDir?: string }): Promise<string> {
  const database = await openDatabase(target);
  try {
    const user = await createUser(database.db, {
      email: 'bench@example.com',
      password: 'correct horse battery',
    });
    return (await createWorkspace(database.db, user.id, { name: 'Bench' })).id;
  } finally {
    await database.close();
  }
}

function measure(command: string, args: string[], env: NodeJS.ProcessEnv = {}): Run {
  const timed = existsSync(TIME);
  const start = process.hrtime.bigint();
  const child = spawnSync(timed ? TIME : command, timed ? ['-f', 'maxrss_kb=%M', command, ...args] : args, {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, LOG_LEVEL: 'silent', ...env },
    maxBuffer: 1 << 26,
  });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (child.status !== 0)
    throw new Error(`bench import: ${command} ${args.join(' ')} failed:\n${child.stderr}`);
  const kb = /maxrss_kb=(\d+)/.exec(child.stderr)?.[1];
  return { seconds, maxRss: kb ? Number(kb) * 1024 : Number.NaN };
}

const clmImport = (csv: string, workspaceId: string) => [
  'bin/clm.js',
  'import',
  'transactions',
  csv,
  '--workspace',
  workspaceId,
  '--map',
  'customer_id=customerExternalId',
];

export async function run(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      rows: { type: 'string', default: '1000000' },
      runs: { type: 'string', default: '3' },
      'pglite-rows': { type: 'string' },
    },
  });
  const rows = Number(values.rows);
  const runs = Number(values.runs);
  const pgliteRows = Number(values['pglite-rows'] ?? rows);
  const csv = `${OUT}transactions-${rows}-bgnbd.csv`;
  generateTransactionsCsv(csv, rows);
  const pgliteCsv = `${OUT}transactions-${pgliteRows}-bgnbd.csv`;
  generateTransactionsCsv(pgliteCsv, pgliteRows);
  console.log(`import: ${csv} (${rows} rows)`);

  const copy: Run[] = [];
  const clm: Run[] = [];
  const lite: Run[] = [];
  const floor: number[] = [];
  const liteFloor: number[] = [];
  // Interleaved, so that a change in machine load falls on every side alike.
  for (let i = 0; i < runs; i++) {
    psql('postgres', '-c', `drop database if exists ${DB}`, '-c', `create database ${DB}`);
    psql(DB, '-c', 'create table bare (customer_id text, date date, amount numeric(14, 2))');
    copy.push(
      measure('psql', [`${SERVER}/${DB}`, '-qc', `\\copy bare from '${csv}' with (format csv, header)`]),
    );

    psql('postgres', '-c', `drop database ${DB}`, '-c', `create database ${DB}`);
    const url = `${SERVER}/${DB}`;
    const workspace = await freshWorkspace({ url });
    clm.push(measure(process.execPath, clmImport(csv, workspace), { DATABASE_URL: url }));
    floor.push(postgresFloor(url, csv));

    const dataDir = mkdtempSync(join(tmpdir(), 'clm-bench-import-'));
    try {
      const liteWorkspace = await freshWorkspace({ dataDir });
      lite.push(
        measure(process.execPath, clmImport(pgliteCsv, liteWorkspace), {
          CLM_DATA_DIR: dataDir,
          DATABASE_URL: '',
        }),
      );
      liteFloor.push(await pgliteFloor(dataDir, pgliteCsv));
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  }
  psql('postgres', '-c', `drop database if exists ${DB}`);

  const rate = (runs: Run[], n: number) => median(runs.map((r) => n / r.seconds));
  const copyRate = rate(copy, rows);
  const clmRate = rate(clm, rows);
  const liteRate = rate(lite, pgliteRows);
  const peak = Math.max(...clm.map((r) => r.maxRss), ...lite.map((r) => r.maxRss));
  const seconds = (r: Run[]) => r.map((x) => x.seconds.toFixed(2)).join(', ');
  console.log(`  psql \\copy into a bare table:     ${fmt(copyRate)} rows/s (s: ${seconds(copy)})`);
  console.log(`  clm import into PostgreSQL:       ${fmt(clmRate)} rows/s (s: ${seconds(clm)})`);
  console.log(`  ratio clm / \\copy:                ${(clmRate / copyRate).toFixed(3)} (target ≥ 0.333)`);
  const floorRate = median(floor.map((s) => rows / s));
  console.log(
    `  floor into PostgreSQL:            ${fmt(floorRate)} rows/s (ratio ${(floorRate / copyRate).toFixed(3)}; s: ${floor.map((s) => s.toFixed(2)).join(', ')})`,
  );
  console.log(
    `  clm import into PGlite:           ${fmt(liteRate)} rows/s of ${pgliteRows} rows (s: ${seconds(lite)}; target ≥ 100,000)`,
  );
  console.log(
    `  floor into PGlite:                ${fmt(median(liteFloor.map((s) => pgliteRows / s)))} rows/s`,
  );
  console.log(
    `  peak RSS of the imports:          ${(peak / 1048576).toFixed(0)} MiB (bound ${GIB / 1048576} MiB)`,
  );
}

/**
 * What any import of the file must at least do, timed after clm's import has created the customers:
 * COPY the file into a staging table, then one INSERT … SELECT of its rows into transactions with
 * their keys and indexes, the customer resolved by a join, and no triggers (so neither the
 * customer_stats upkeep nor foreign-key checks). Answers the seconds of both.
 */
const FLOOR_STAGE = 'create table floor_stage (customer_id text, date date, amount numeric(14, 2))';
const FLOOR_INSERT = `set session_replication_role = replica;
  insert into transactions (workspace_id, customer_id, occurred_at, amount, currency, import_key)
  select c.workspace_id, c.id, s.date, s.amount, 'CNY', md5(s::text) || ':' || s.n
  from (select *, row_number() over () as n from floor_stage) s
  join customers c on c.external_id = s.customer_id`;

function postgresFloor(url: string, csv: string): number {
  const db = url.slice(SERVER.length + 1);
  psql(db, '-c', 'truncate transactions', '-c', FLOOR_STAGE);
  const stage = measure('psql', [url, '-qc', `\\copy floor_stage from '${csv}' with (format csv, header)`]);
  const insert = measure('psql', [url, '-qc', FLOOR_INSERT]);
  return stage.seconds + insert.seconds;
}

async function pgliteFloor(dataDir: string, csv: string): Promise<number> {
  const pglite = new PGlite({ dataDir: `${dataDir}/pg`, extensions: PGLITE_EXTENSIONS });
  try {
    await pglite.exec(`truncate transactions; ${FLOOR_STAGE}`);
    const blob = new Blob([readFileSync(csv)]);
    const start = process.hrtime.bigint();
    await pglite.query(`copy floor_stage from '/dev/blob' with (format csv, header)`, [], { blob });
    await pglite.exec(FLOOR_INSERT);
    return Number(process.hrtime.bigint() - start) / 1e9;
  } finally {
    await pglite.close();
  }
}

const fmt = (n: number) => Math.round(n).toLocaleString('en');

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}
