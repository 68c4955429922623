/**
 * `npm run bench -- analyze-matrix [--rows N] [--runs R] [--shapes …] [--orders …]`: `clm analyze
 * --no-models` against DuckDB's read_csv + per-customer group-by (bench/duckdb-rfm.js) on the same
 * transactions written with each shape of customer id and in each row order (see HELP).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ID_SHAPES, type IdShape } from './customer-id-shapes.js';
import {
  ROW_ORDERS,
  type RowOrder,
  type SimulatedTransactions,
  simulateTransactions,
  writeShapedTransactionsCsv,
} from './transactions-csv.js';

const HELP = `npm run bench -- analyze-matrix [options]

For each id shape × row order, a seeded CSV of the same BG/NBD transactions
(customer_id,date,product,amount; products quoted where they hold a comma or a
quote, an eighth of the ids quoted) is written once to bench/out/ and read by
DuckDB (read_csv + count, sum, min and max date per customer, to a CSV) and by
\`clm analyze --no-models\`, each a child process, interleaved R times. Per cell:
medians of both, their ratio (target ≤ 1.0) and clm's peak RSS (/usr/bin/time;
target < 1 GiB). Figures also go to a JSON file in the temp folder.

  --rows N      transactions per file (default 10000000: about a million customers)
  --runs R      interleaved runs per cell (default 3)
  --shapes L    comma-separated, of: ${ID_SHAPES.join(', ')} (default all)
  --orders L    comma-separated, of: ${ROW_ORDERS.join(', ')} (default all)
  --seed S      generator seed (default 42)
  --baseline D  also run the clm of another checkout D (say a worktree of main, its
                dependencies installed), interleaved: its medians and ratio beside
                this one's, measured in the same run
  --help        this text

The files take disk: at 10M rows 0.3–0.6 GB each, about 8 GB for the matrix.
Compare ratios within one run only: on a shared machine both sides' times drift.`;

const OUT = new URL('out/', import.meta.url).pathname;
const REPORTS = join(tmpdir(), 'clm-bench-analyze');
const ROOT = new URL('../', import.meta.url).pathname;
const TIME = '/usr/bin/time';
const GIB = 1024 ** 3;

interface Run {
  seconds: number;
  maxRss: number;
}

interface Cell {
  shape: IdShape;
  order: RowOrder;
  duckdb: number[];
  clm: number[];
  ratio: number;
  clmMaxRss: number;
  /** The other checkout's clm (--baseline). */
  baseline?: number[];
  baselineRatio?: number;
}

export async function run(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      rows: { type: 'string', default: '10000000' },
      runs: { type: 'string', default: '3' },
      shapes: { type: 'string', default: ID_SHAPES.join(',') },
      orders: { type: 'string', default: ROW_ORDERS.join(',') },
      seed: { type: 'string', default: '42' },
      baseline: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(HELP);
    return;
  }
  const rows = Number(values.rows);
  const runs = Number(values.runs);
  const seed = Number(values.seed);
  const shapes = pick(values.shapes, ID_SHAPES, '--shapes');
  const orders = pick(values.orders, ROW_ORDERS, '--orders');
  mkdirSync(REPORTS, { recursive: true });

  const file = (shape: IdShape, order: RowOrder) => `${OUT}matrix-${rows}-${seed}-${shape}-${order}.csv`;
  let sim: SimulatedTransactions | undefined;
  for (const shape of shapes) {
    for (const order of orders) {
      if (existsSync(file(shape, order))) continue;
      const made = Date.now();
      sim ??= simulateTransactions(rows, seed);
      writeShapedTransactionsCsv(file(shape, order), sim, shape, order, seed);
      console.log(`analyze-matrix: wrote ${file(shape, order)} in ${Date.now() - made} ms`);
    }
  }
  sim = undefined;

  console.log(`analyze-matrix: ${rows} rows, ${runs} interleaved runs per cell, medians`);
  const baseline = values.baseline;
  if (baseline) console.log(`analyze-matrix: baseline clm from ${baseline}`);
  const extra = baseline ? ' baseline s | baseline / DuckDB |' : '';
  console.log(`| ids | order | DuckDB s | clm s | clm / DuckDB | clm peak RSS MiB |${extra}`);
  console.log(`|---|---|---|---|---|---|${baseline ? '---|---|' : ''}`);
  const cells: Cell[] = [];
  for (const shape of shapes) {
    for (const order of orders) {
      const csv = file(shape, order);
      const duck: Run[] = [];
      const clm: Run[] = [];
      const base: Run[] = [];
      for (let i = 0; i < runs; i++) {
        duck.push(measure(['bench/duckdb-rfm.js', csv, `${OUT}matrix-duckdb.csv`]));
        // The two clm take turns at running right after DuckDB, whose exit leaves the kernel
        // reclaiming its memory: the one after it would otherwise be the slower every time.
        const ours = () => clm.push(measure(clmArgs(csv)));
        const theirs = () => baseline && base.push(measure(clmArgs(csv, 'matrix-baseline.csv'), baseline));
        if (i % 2 === 0) {
          ours();
          theirs();
        } else {
          theirs();
          ours();
        }
      }
      const cell: Cell = {
        shape,
        order,
        duckdb: duck.map((r) => r.seconds),
        clm: clm.map((r) => r.seconds),
        ratio: median(clm.map((r) => r.seconds)) / median(duck.map((r) => r.seconds)),
        clmMaxRss: Math.max(...clm.map((r) => r.maxRss)),
      };
      if (baseline) {
        cell.baseline = base.map((r) => r.seconds);
        cell.baselineRatio = median(cell.baseline) / median(cell.duckdb);
      }
      cells.push(cell);
      const mib = (cell.clmMaxRss / 1048576).toFixed(0);
      const flag = cell.clmMaxRss < GIB ? '' : ' (over 1 GiB)';
      console.log(
        `| ${shape} | ${order} | ${median(cell.duckdb).toFixed(2)} | ${median(cell.clm).toFixed(2)} | ` +
          `${cell.ratio.toFixed(2)} | ${mib}${flag} |` +
          (cell.baseline ? ` ${median(cell.baseline).toFixed(2)} | ${cell.baselineRatio!.toFixed(2)} |` : ''),
      );
    }
  }
  const worst = cells.reduce((a, b) => (b.ratio > a.ratio ? b : a));
  console.log(`worst ratio ${worst.ratio.toFixed(2)} (${worst.shape}, by ${worst.order}; target ≤ 1.0)`);
  writeFileSync(
    `${REPORTS}/analyze-matrix.json`,
    `${JSON.stringify({ rows, runs, seed, cells }, null, 2)}\n`,
  );
  console.log(`  figures in ${REPORTS}/analyze-matrix.json`);
}

function clmArgs(csv: string, out = 'matrix-clm.csv'): string[] {
  const columns = ['--customer-col', 'customer_id', '--date-col', 'date', '--amount-col', 'amount'];
  return ['bin/clm.js', 'analyze', '--transactions', csv, ...columns, '--no-models', '--out', `${OUT}${out}`];
}

function pick<T extends string>(list: string, allowed: readonly T[], flag: string): T[] {
  const picked = list.split(',').filter(Boolean);
  const unknown = picked.filter((p) => !allowed.includes(p as T));
  if (unknown.length > 0)
    throw new Error(`${flag}: unknown ${unknown.join(', ')} (have: ${allowed.join(', ')})`);
  return picked as T[];
}

/**
 * Runs one child to completion in `cwd` (a checkout), its wall time, and its peak RSS through
 * /usr/bin/time -f %M.
 */
function measure(args: string[], cwd = ROOT): Run {
  const timed = existsSync(TIME);
  const command = timed ? TIME : process.execPath;
  const argv = timed ? ['-f', 'maxrss_kb=%M', process.execPath, ...args] : args;
  const start = process.hrtime.bigint();
  const child = spawnSync(command, argv, { cwd, encoding: 'utf8', maxBuffer: 1 << 26 });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (child.status !== 0) throw new Error(`bench analyze-matrix: ${args.join(' ')} failed:\n${child.stderr}`);
  const kb = /maxrss_kb=(\d+)/.exec(child.stderr)?.[1];
  return { seconds, maxRss: kb ? Number(kb) * 1024 : Number.NaN };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}
