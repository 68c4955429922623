import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { type AnalysisOptions, analyzeCustomers } from './customer-analysis.js';
import { readTransactionFile } from './transaction-file.js';

const ROOT = new URL('../../', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'clm-id-shapes-'));

/** Deterministic pseudo-random integers below n (Park–Miller). */
function generator(seed: number) {
  return (n: number) => {
    seed = (seed * 48271) % 2147483647;
    return seed % n;
  };
}

interface Sale {
  customer: number;
  date: string;
  amount: string;
}

/** 3,000 customers, 40,000 sales with returns; numbers 1…3000 in no order of first purchase. */
function sales(): Sale[] {
  const next = generator(11);
  return Array.from({ length: 40_000 }, () => ({
    customer: 1 + next(3000),
    date: `2024-${String(1 + next(12)).padStart(2, '0')}-${String(1 + next(28)).padStart(2, '0')}`,
    amount: ((next(30_000) - 1_500) / 100).toFixed(2),
  }));
}

/** Three names for every customer: a number, a shop code (some with a comma or quote), a UUID. */
const SHAPES: Record<string, (n: number) => string> = {
  numeric: (n) => String(n),
  code: (n) => (n % 97 === 0 ? `VIP, "${n}"` : n % 10 === 0 ? `VIP-${n}` : `C${String(n).padStart(7, '0')}`),
  uuid: (n) => {
    const hex = (v: number) => (Math.imul(v, 0x9e3779b1) >>> 0).toString(16).padStart(8, '0');
    return `${hex(n)}-${hex(n + 7).slice(0, 4)}-4${hex(n + 9).slice(0, 3)}-8${hex(n + 13).slice(0, 3)}-${hex(n + 17)}${hex(n + 19).slice(0, 4)}`;
  },
};

const quote = (text: string) => `"${text.replaceAll('"', '""')}"`;

/**
 * The sales as a file with ids of one shape, rows in the given order, a quoted product column, an
 * id quoted on every fifth line (always where it must be), and the given line ends.
 */
function file(name: string, shape: string, rows: Sale[], newline: string): string {
  const next = generator(5);
  const lines = [`customer_id,date,product,amount`];
  for (const [i, sale] of rows.entries()) {
    const id = SHAPES[shape](sale.customer);
    const text = /[",]/.test(id) || next(5) === 0 ? quote(id) : id;
    const product = i % 3 === 0 ? quote('tea, "green"') : i % 3 === 1 ? quote('mug') : 'rice';
    lines.push(`${text},${sale.date},${product},${sale.amount}`);
  }
  const path = join(dir, name);
  writeFileSync(path, `${lines.join(newline)}${newline}`);
  return path;
}

function shuffled<T>(rows: T[]): T[] {
  const next = generator(3);
  const copy = [...rows];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = next(i + 1);
    [copy[i], copy[j]] = [copy[j], copy[i]];
  }
  return copy;
}

const byCustomer = (rows: Sale[]) => [...rows].sort((a, b) => a.customer - b.customer);

/** The same sales three times: numbers by date (LF), codes shuffled (CRLF), UUIDs by customer (CRLF). */
function files(): { path: string; shape: string }[] {
  const all = sales();
  const byDate = [...all].sort((a, b) => a.date.localeCompare(b.date));
  return [
    { path: file('numeric-date.csv', 'numeric', byDate, '\n'), shape: 'numeric' },
    { path: file('code-random.csv', 'code', shuffled(all), '\r\n'), shape: 'code' },
    { path: file('uuid-customer.csv', 'uuid', byCustomer(all), '\r\n'), shape: 'uuid' },
  ];
}

const options: AnalysisOptions = {
  unit: 'week',
  horizon: 52,
  clvPeriods: 12,
  discountRate: 0.008,
  models: false,
};

test('numbers, codes and UUIDs for the same sales, in any order, quoted or not, give the same summaries on two threads', async () => {
  const summaries: Map<number, string>[] = [];
  for (const { path, shape } of files()) {
    const read = await readTransactionFile(path, {
      customer: 'customer_id',
      date: 'date',
      amount: 'amount',
      // Two threads and small shared chunks: text ids interned apart are joined.
      parallelFrom: 0,
      shareBytes: 1 << 16,
    });
    try {
      const numberOf = new Map(Array.from({ length: 3000 }, (_, i) => [SHAPES[shape](i + 1), i + 1]));
      const { summary } = await analyzeCustomers(read.columns, options);
      const rows = new Map<number, string>();
      for (let r = 0; r < summary.customer.length; r++) {
        const customer = numberOf.get(read.ids.idOf(summary.customer[r]));
        assert.ok(customer, `unknown id ${read.ids.idOf(summary.customer[r])}`);
        const { transactions, frequency, total, first, last } = summary;
        rows.set(customer, [transactions[r], frequency[r], total[r], first[r], last[r]].join(','));
      }
      summaries.push(rows);
    } finally {
      await read.helper?.terminate();
    }
  }
  assert.equal(summaries[0].size, 3000);
  assert.deepEqual(summaries[1], summaries[0]);
  assert.deepEqual(summaries[2], summaries[0]);
});

// Without models: a fit sums over customers in order of first appearance, which the row order sets,
// so fitted parameters may differ in their last bits between orders.
test('clm analyze --no-models writes the same customers and the same report for each shape and order', () => {
  const outputs = files().map(({ path, shape }) => {
    const out = `${path}.out.csv`;
    const report = `${path}.report.json`;
    const columns = ['--customer-col', 'customer_id', '--date-col', 'date', '--amount-col', 'amount'];
    const run = spawnSync(
      process.execPath,
      [
        'bin/clm.js',
        'analyze',
        '--transactions',
        path,
        ...columns,
        '--no-models',
        '--out',
        out,
        '--report',
        report,
      ],
      { cwd: ROOT, encoding: 'utf8' },
    );
    assert.equal(run.status, 0, run.stderr);
    const numberOf = new Map(Array.from({ length: 3000 }, (_, i) => [SHAPES[shape](i + 1), i + 1]));
    const [header, ...lines] = readFileSync(out, 'utf8').trimEnd().split('\n');
    // Each line again with the customer's number for its id: the id is the first field.
    const rows = lines
      .map((line) => {
        const quoted = line.startsWith('"');
        const end = quoted ? line.indexOf('",') + 1 : line.indexOf(',');
        const id = quoted ? line.slice(1, end - 1).replaceAll('""', '"') : line.slice(0, end);
        const customer = numberOf.get(id);
        assert.ok(customer, `unknown id ${id}`);
        return `${customer}${line.slice(end)}`;
      })
      .sort();
    const { file: _, ...figures } = JSON.parse(readFileSync(report, 'utf8'));
    return { header, rows, report: figures };
  });
  assert.equal(outputs[0].rows.length, 3000);
  for (const other of outputs.slice(1)) {
    assert.equal(other.header, outputs[0].header);
    assert.deepEqual(other.rows, outputs[0].rows);
    assert.deepEqual(other.report, outputs[0].report);
  }
});
