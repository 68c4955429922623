/**
 * `npm run bench -- import [--rows N] [--runs R] [--pglite-rows N] [--keys orders|content]`:
 * `clm import transactions` of a generated CSV (1M rows of BG/NBD customers by default, see
 * transactions-csv.ts; `order_id,customer_id,date,amount` with shop codes for customers, or without
 * the order id with `--keys content`) into a fresh PostgreSQL database, which creates the customers;
 * then the same import again (which adds nothing). Beside them psql's `\copy` of the same file into a
 * bare table of the same columns (issue 25's targets: the first import at least 0.05 of its rows/s
 * with order ids, 0.03 without; the re-import within a third of the first's time). Then the same
 * import into the embedded PGlite (target: 0.04 of PGlite's own COPY; `--pglite-rows 0` skips it).
 * Every run is a child process on an empty database; prints medians of R runs (default 3), the peak
 * RSS of the imports (bound: 512 MiB) and the load average. Beside each, the floor: the least any
 * import of the file into CLM's tables takes (see postgresFloor).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { PGlite } from '@electric-sql/pglite';
import { createRandom } from '../src/analytics/random.js';
import { openDatabase, PGLITE_EXTENSIONS } from '../src/db/database.js';
import { createUser } from '../src/users/service.js';
import { createWorkspace } from '../src/workspaces/service.js';
import { customerIdTexts } from './customer-id-shapes.js';
import { generateTransactionsCsv, simulateTransactions } from './transactions-csv.js';

const OUT = new URL('out/', import.meta.url).pathname;
const ROOT = new URL('../', import.meta.url).pathname;
const TIME = '/usr/bin/time';
const SERVER = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432';
const DB = 'clm_bench_import';
const RSS_BOUND = 512 * 1024 ** 2;

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

const clmImport = (csv: string, workspaceId: string, keys: Keys) => [
  'bin/clm.js',
  'import',
  'transactions',
  csv,
  '--workspace',
  workspaceId,
  '--map',
  'customer_id=customerExternalId',
  ...(keys === 'orders' ? ['--map', 'order_id=externalId'] : []),
];

type Keys = 'orders' | 'content';

/**
 * The simulated transactions as a shop's order export: `order_id,customer_id,date,amount`, order ids
 * numbered in date order (`SO-00000001`), customers by their shop codes (`C0001582`, `VIP-20931`).
 * With `content` keys, the plain `customer_id,date,amount` of transactions-csv.ts.
 */
function generateFile(rows: number, keys: Keys): string {
  if (keys === 'content') {
    const path = `${OUT}transactions-${rows}-bgnbd.csv`;
    generateTransactionsCsv(path, rows);
    return path;
  }
  const path = `${OUT}orders-${rows}-bgnbd.csv`;
  if (existsSync(path)) return path;
  const plain = `${OUT}transactions-${rows}-bgnbd.csv`;
  generateTransactionsCsv(plain, rows);
  const sim = simulateTransactions(rows);
  const codes = customerIdTexts('code', sim.customers, createRandom(7));
  const byNumber = new Map<string, string>();
  for (let c = 0; c < sim.customers; c++) byNumber.set(String(sim.ids[c]), codes[sim.ids[c]]);
  const lines = readFileSync(plain, 'utf8').split('\n');
  const out = ['order_id,customer_id,date,amount'];
  for (let i = 1; i < lines.length; i++) {
    if (!lines[i]) continue;
    const comma = lines[i].indexOf(',');
    const code = byNumber.get(lines[i].slice(0, comma));
    out.push(`SO-${String(i).padStart(8, '0')},${code},${lines[i].slice(comma + 1)}`);
  }
  writeFileSync(`${path}.tmp`, `${out.join('\n')}\n`);
  renameSync(`${path}.tmp`, path);
  return path;
}

export async function run(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      rows: { type: 'string', default: '1000000' },
      runs: { type: 'string', default: '3' },
      'pglite-rows': { type: 'string' },
      keys: { type: 'string', default: 'orders' },
    },
  });
  const rows = Number(values.rows);
  const runs = Number(values.runs);
  const pgliteRows = Number(values['pglite-rows'] ?? rows);
  if (values.keys !== 'orders' && values.keys !== 'content') throw new Error('--keys: orders or content');
  const keys: Keys = values.keys;
  const csv = generateFile(rows, keys);
  const pgliteCsv = pgliteRows ? generateFile(pgliteRows, keys) : '';
  console.log(`import: ${csv} (${rows} rows; load average ${loadText()})`);
  const columns = `${keys === 'orders' ? 'order_id text, ' : ''}customer_id text, date date, amount numeric(14, 2)`;

  const copy: Run[] = [];
  const clm: Run[] = [];
  const again: Run[] = [];
  const lite: Run[] = [];
  const floor: number[] = [];
  const liteCopy: number[] = [];
  // Interleaved, so that a change in machine load falls on every side alike.
  for (let i = 0; i < runs; i++) {
    psql('postgres', '-c', `drop database if exists ${DB}`, '-c', `create database ${DB}`);
    psql(DB, '-c', `create table bare (${columns})`);
    copy.push(
      measure('psql', [`${SERVER}/${DB}`, '-qc', `\\copy bare from '${csv}' with (format csv, header)`]),
    );

    psql('postgres', '-c', `drop database ${DB}`, '-c', `create database ${DB}`);
    const url = `${SERVER}/${DB}`;
    const workspace = await freshWorkspace({ url });
    clm.push(measure(process.execPath, clmImport(csv, workspace, keys), { DATABASE_URL: url }));
    again.push(measure(process.execPath, clmImport(csv, workspace, keys), { DATABASE_URL: url }));
    floor.push(postgresFloor(url, csv, columns));

    if (!pgliteRows) continue;
    const dataDir = mkdtempSync(join(tmpdir(), 'clm-bench-import-'));
    try {
      const liteWorkspace = await freshWorkspace({ dataDir });
      lite.push(
        measure(process.execPath, clmImport(pgliteCsv, liteWorkspace, keys), {
          CLM_DATA_DIR: dataDir,
          DATABASE_URL: '',
        }),
      );
      liteCopy.push(await pgliteFloor(dataDir, pgliteCsv, columns));
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  }
  psql('postgres', '-c', `drop database if exists ${DB}`);

  const rate = (runs: Run[], n: number) => median(runs.map((r) => n / r.seconds));
  const copyRate = rate(copy, rows);
  const clmRate = rate(clm, rows);
  const againRate = rate(again, rows);
  const target = keys === 'orders' ? 0.05 : 0.03;
  const seconds = (r: Run[]) => r.map((x) => x.seconds.toFixed(2)).join(', ');
  console.log(`  psql \\copy into a bare table:     ${fmt(copyRate)} rows/s (s: ${seconds(copy)})`);
  console.log(
    `  clm import into PostgreSQL:       ${fmt(clmRate)} rows/s, ${(clmRate / copyRate).toFixed(4)} of \\copy (s: ${seconds(clm)}; target ≥ ${target})`,
  );
  console.log(
    `  the same import again:            ${fmt(againRate)} rows/s, ${(againRate / clmRate).toFixed(2)}× the first (s: ${seconds(again)}; target ≥ 3×)`,
  );
  const floorRate = median(floor.map((s) => rows / s));
  console.log(
    `  floor into PostgreSQL:            ${fmt(floorRate)} rows/s (ratio ${(floorRate / copyRate).toFixed(3)}; s: ${floor.map((s) => s.toFixed(2)).join(', ')})`,
  );
  const peak = Math.max(...clm.map((r) => r.maxRss), ...again.map((r) => r.maxRss));
  console.log(`  peak RSS of the PostgreSQL imports: ${(peak / 1048576).toFixed(0)} MiB`);
  if (pgliteRows) {
    const liteRate = rate(lite, pgliteRows);
    const liteCopyRate = median(liteCopy.map((f) => pgliteRows / f));
    console.log(
      `  clm import into PGlite:           ${fmt(liteRate)} rows/s of ${pgliteRows} rows, ${(liteRate / liteCopyRate).toFixed(4)} of its COPY (s: ${seconds(lite)}; target ≥ 0.04)`,
    );
    console.log(`  PGlite's COPY into a bare table:  ${fmt(liteCopyRate)} rows/s`);
    const litePeak = Math.max(...lite.map((r) => r.maxRss));
    console.log(
      `  peak RSS of the PGlite imports:   ${(litePeak / 1048576).toFixed(0)} MiB (bound ${RSS_BOUND / 1048576} MiB)`,
    );
  }
  console.log(`  load average after:               ${loadText()}`);
}

const loadText = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');

/**
 * What any import of the file must at least do, timed after clm's import has created the customers:
 * COPY the file into a staging table, then one INSERT … SELECT of its rows into transactions with
 * their keys and indexes, the customer resolved by a join, and no triggers (so neither the
 * customer_stats upkeep nor foreign-key checks). Answers the seconds of both.
 */
const floorStage = (columns: string) => `create table floor_stage (${columns})`;
const FLOOR_INSERT = `set session_replication_role = replica;
  insert into transactions (workspace_id, customer_id, occurred_at, amount, currency, import_key)
  select c.workspace_id, c.id, s.date, s.amount, 'CNY', md5(s::text) || ':' || s.n
  from (select *, row_number() over () as n from floor_stage) s
  join customers c on c.external_id = s.customer_id`;

function postgresFloor(url: string, csv: string, columns: string): number {
  const db = url.slice(SERVER.length + 1);
  psql(db, '-c', 'truncate transactions', '-c', floorStage(columns));
  const stage = measure('psql', [url, '-qc', `\\copy floor_stage from '${csv}' with (format csv, header)`]);
  const insert = measure('psql', [url, '-qc', FLOOR_INSERT]);
  return stage.seconds + insert.seconds;
}

/** PGlite's own COPY of the file into a bare table of its columns: the seconds it takes. */
async function pgliteFloor(dataDir: string, csv: string, columns: string): Promise<number> {
  const pglite = new PGlite({ dataDir: `${dataDir}/pg`, extensions: PGLITE_EXTENSIONS });
  try {
    await pglite.exec(floorStage(columns));
    const blob = new Blob([readFileSync(csv)]);
    const start = process.hrtime.bigint();
    await pglite.query(`copy floor_stage from '/dev/blob' with (format csv, header)`, [], { blob });
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
