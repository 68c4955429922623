/**
 * `npm run bench -- analyze [--rows N] [--runs R]`: `clm analyze` on a generated transaction CSV
 * (10M rows of about a million BG/NBD customers, made once into bench/out/; see
 * transactions-csv.ts), each run a child process:
 *   (a) `--no-models` against DuckDB doing read_csv and the per-customer RFM group-by on the same
 *       file (target: at most 1.5× DuckDB's time, peak RSS under 2 GiB);
 *   (c) the full analysis with models, CLV and churn scoring (target: under 15 s).
 * Prints the median of R runs (default 3) and writes the figures to a JSON file in the temp folder.
 * Its ids are plain numbers in date order; `analyze-matrix` measures the other shapes and orders.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { generateTransactionsCsv } from './transactions-csv.js';

const OUT = new URL('out/', import.meta.url).pathname;
// Reports go outside the source tree, where the formatter would check them.
const REPORTS = join(tmpdir(), 'clm-bench-analyze');
const ROOT = new URL('../', import.meta.url).pathname;
const TIME = '/usr/bin/time';
const GIB = 1024 ** 3;

interface Run {
  seconds: number;
  /** Peak resident set of the child in bytes, when /usr/bin/time can tell. */
  maxRss: number;
}

export async function run(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      rows: { type: 'string', default: '10000000' },
      runs: { type: 'string', default: '3' },
    },
  });
  const rows = Number(values.rows);
  const runs = Number(values.runs);
  const csv = `${OUT}transactions-${rows}-bgnbd.csv`;
  const made = Date.now();
  generateTransactionsCsv(csv, rows);
  console.log(`analyze: ${csv} (${rows} rows; ${Date.now() - made} ms to prepare)`);

  mkdirSync(REPORTS, { recursive: true });
  const flags = [
    '--transactions',
    csv,
    '--customer-col',
    'customer_id',
    '--date-col',
    'date',
    '--amount-col',
    'amount',
  ];
  const clm = (...extra: string[]) => ['bin/clm.js', 'analyze', ...flags, ...extra];
  const duck: Run[] = [];
  const fast: Run[] = [];
  // Interleaved, so that a change in machine load falls on both sides alike.
  for (let i = 0; i < runs; i++) {
    duck.push(measure(['bench/duckdb-rfm.js', csv, `${OUT}analyze-duckdb.csv`]));
    fast.push(measure(clm('--no-models', '--out', `${OUT}analyze-no-models.csv`)));
  }
  const full: Run[] = [];
  for (let i = 0; i < runs; i++) {
    full.push(measure(clm('--out', `${OUT}analyze-full.csv`, '--report', `${REPORTS}/analyze-report.json`)));
  }
  const report = JSON.parse(readFileSync(`${REPORTS}/analyze-report.json`, 'utf8'));
  const figures = {
    rows,
    customers: report.customers,
    bgnbd: report.models?.bgnbd,
    runs,
    duckdb: summary(duck),
    noModels: summary(fast),
    full: summary(full),
    ratioToDuckdb: median(fast.map((r) => r.seconds)) / median(duck.map((r) => r.seconds)),
  };
  console.log(`  ${figures.customers} customers; BG/NBD converged: ${figures.bgnbd?.converged}`);
  console.log(`  (a) DuckDB read_csv + RFM group-by:   ${line(figures.duckdb)}`);
  console.log(`      clm analyze --no-models:         ${line(figures.noModels)}`);
  console.log(`      ratio clm / DuckDB:              ${figures.ratioToDuckdb.toFixed(2)} (target ≤ 1.5)`);
  console.log(`      peak RSS under 2 GiB:            ${figures.noModels.maxRss < 2 * GIB ? 'yes' : 'NO'}`);
  console.log(`  (c) clm analyze with models:         ${line(figures.full)} (target ≤ 15 s)`);
  writeFileSync(`${REPORTS}/analyze.json`, `${JSON.stringify(figures, null, 2)}\n`);
  console.log(`  figures in ${REPORTS}/analyze.json`);
}

/** Runs one child to completion; its wall time, and its peak RSS through /usr/bin/time -f %M. */
function measure(args: string[]): Run {
  const timed = existsSync(TIME);
  const command = timed ? TIME : process.execPath;
  const argv = timed ? ['-f', 'maxrss_kb=%M', process.execPath, ...args] : args;
  const start = process.hrtime.bigint();
  const child = spawnSync(command, argv, { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 26 });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (child.status !== 0) throw new Error(`bench analyze: ${args.join(' ')} failed:\n${child.stderr}`);
  const kb = /maxrss_kb=(\d+)/.exec(child.stderr)?.[1];
  return { seconds, maxRss: kb ? Number(kb) * 1024 : Number.NaN };
}

function summary(runs: Run[]) {
  return {
    medianSeconds: median(runs.map((r) => r.seconds)),
    seconds: runs.map((r) => r.seconds),
    maxRss: Math.max(...runs.map((r) => r.maxRss)),
  };
}

function line(s: ReturnType<typeof summary>): string {
  const all = s.seconds.map((x) => x.toFixed(2)).join(', ');
  return `${s.medianSeconds.toFixed(2)} s median (${all}), peak RSS ${(s.maxRss / 1048576).toFixed(0)} MiB`;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}
