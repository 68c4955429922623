import assert from 'node:assert/strict';
import { closeSync, mkdtempSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { ByteWriter } from './byte-writer.js';
import { type AnalysisOptions, analyzeCustomers } from './customer-analysis.js';
import {
  type Column,
  customerColumns,
  keyed,
  type RowWriter,
  rowLayout,
  type SummaryColumns,
  wholeNumbers,
  writeCsvRows,
  writeCustomerTable,
} from './customer-table.js';
import { runJob } from './helper-jobs.js';
import type { IdInterner } from './id-interner.js';
import { sharedChunks, takeFront } from './shared-chunks.js';
import { helperRowWriter, summaryColumnsOn } from './table-rows.js';
import { readTransactionFile } from './transaction-file.js';

const dir = mkdtempSync(join(tmpdir(), 'clm-parallel-'));
const options: AnalysisOptions = {
  unit: 'week',
  horizon: 52,
  clvPeriods: 12,
  discountRate: 0.008,
  models: false,
};

/** Enough customers for the row writer to take a part, text ids among them, returns and ties. */
function transactions(): string {
  const lines = ['id,date,amount'];
  let seed = 7;
  const next = (n: number) => {
    seed = (seed * 48271) % 2147483647;
    return seed % n;
  };
  for (let i = 0; i < 240_000; i++) {
    const customer = next(4) === 0 ? `c-${next(20_000)}` : String(next(60_000)).padStart(6, '0');
    const day = String(1 + next(28)).padStart(2, '0');
    const month = String(1 + next(12)).padStart(2, '0');
    lines.push(`${customer},2024-${month}-${day},${(next(20_000) - 1_000) / 100}`);
  }
  return `${lines.join('\n')}\n`;
}

function table(
  path: string,
  columns: ReturnType<typeof customerColumns>,
  ids: IdInterner,
  rows: number,
  helper?: RowWriter,
) {
  const fd = openSync(path, 'w');
  return writeCustomerTable(fd, columns, ids, rows, 'csv', helper).finally(() => closeSync(fd));
}

test('two threads read, summarise, score and write the same table as one', async () => {
  const path = join(dir, 'transactions.csv');
  writeFileSync(path, transactions());
  const flags = { customer: 'id', date: 'date', amount: 'amount' };
  const one = await readTransactionFile(path, { ...flags, parallelFrom: Number.POSITIVE_INFINITY });
  const two = await readTransactionFile(path, { ...flags, parallelFrom: 0 });
  assert.ok(two.helper && !one.helper);
  try {
    const serial = await analyzeCustomers(one.columns, options);
    let fromSummary: Promise<SummaryColumns> | undefined;
    const parallel = await analyzeCustomers(two.columns, {
      ...options,
      helper: two.helper,
      onSummary: (summary, daysSinceLast) => {
        fromSummary = summaryColumnsOn(two.helper!, summary, daysSinceLast);
      },
    });
    assert.deepEqual(parallel.summary, serial.summary);
    assert.deepEqual(parallel.rfm, serial.rfm);
    assert.deepEqual(parallel.abc, serial.abc);
    // Scored on the helper thread, as a copy.
    assert.deepEqual(parallel.churn.risk, serial.churn.risk);
    assert.deepEqual(parallel.churn.reasons, serial.churn.reasons);
    const rows = serial.summary.customer.length;
    assert.ok(rows > 50_000);
    await table(join(dir, 'one.csv'), customerColumns(serial), one.ids, rows);
    const writer = helperRowWriter(two.helper, two.ids);
    // The columns converted from the summary on the helper thread.
    assert.ok(fromSummary);
    await table(join(dir, 'two.csv'), customerColumns(parallel, await fromSummary), two.ids, rows, writer);
    assert.equal(readFileSync(join(dir, 'two.csv'), 'utf8'), readFileSync(join(dir, 'one.csv'), 'utf8'));
  } finally {
    await two.helper.terminate();
  }
});

test('the writing job takes chunks from the back and returns their bytes in the order of the rows', async () => {
  const path = join(dir, 'small.csv');
  writeFileSync(path, transactions().split('\n').slice(0, 5001).join('\n'));
  const file = await readTransactionFile(path, { customer: 'id', date: 'date', amount: 'amount' });
  const analysis = await analyzeCustomers(file.columns, options);
  const columns = customerColumns(analysis);
  const rows = analysis.summary.customer.length;
  const whole: Uint8Array[] = [];
  const out = new ByteWriter((bytes) => whole.push(bytes));
  writeCsvRows(out, rowLayout(columns), file.ids, 0, rows);
  out.flush();
  // Chunks 0 and 1 taken by the other thread; this job takes 4, 3 and 2, in that order.
  const chunkRows = Math.ceil(rows / 5);
  const chunks = sharedChunks(0, 5);
  takeFront(chunks);
  takeFront(chunks);
  const { reply } = runJob({ kind: 'rows', columns, chunks, chunkRows, rows, ids: file.ids.exportIds() });
  const text = (parts: Uint8Array[]) => Buffer.concat(parts).toString('utf8');
  const lines = text(whole).split('\n');
  assert.equal(text(reply as Uint8Array[]), `${lines.slice(2 * chunkRows, rows).join('\n')}\n`);
});

/** Ids that are all one-digit numbers. */
const numericIds = {
  idOf: String,
  digitsOf: () => 1,
  numericValue: Number,
  putText: () => -1,
  textLengthOf: () => 0,
};

test('a number column keyed by an integer is written from one text per key, and as numbers otherwise', () => {
  const key = Int32Array.of(0, 2, 0, 2, 1);
  const byKey = keyed('T', 2, Float64Array.of(1.5, 7, 1.5, 7, Number.NaN), key, 3);
  assert.equal(byKey.kind, 'code');
  const notByKey = keyed('T', 2, Float64Array.of(1.5, 7, 1.25, 7, 0), key, 3);
  assert.equal(notByKey.kind, 'number');
  const text = (column: Column) => {
    const parts: Uint8Array[] = [];
    const out = new ByteWriter((bytes) => parts.push(bytes));
    writeCsvRows(out, rowLayout([column]), numericIds, 0, 5);
    out.flush();
    return Buffer.concat(parts).toString();
  };
  assert.equal(text(byKey), '1.50\n7.00\n1.50\n7.00\n\n');
  assert.equal(text(notByKey), '1.50\n7.00\n1.25\n7.00\n0.00\n');
});

test('whole numbers below the table size are written from their texts, any other column as numbers', () => {
  const ids = numericIds;
  const text = (column: Column) => {
    const parts: Uint8Array[] = [];
    const out = new ByteWriter((bytes) => parts.push(bytes));
    writeCsvRows(out, rowLayout([column]), ids, 0, 4);
    out.flush();
    return Buffer.concat(parts).toString();
  };
  const counts = wholeNumbers('transactions', Int32Array.of(3, 0, 12345, 3));
  assert.equal(counts.kind, 'code');
  assert.equal(text(counts), '3\n0\n12345\n3\n');
  assert.equal(wholeNumbers('r', Uint8Array.of(5, 1, 0, 2)).kind, 'code');
  for (const values of [
    Float64Array.of(1, 2.5, 3, 4),
    Float64Array.of(1, 70000, 3, 4),
    Float64Array.of(-1, 0, 1, 2),
  ]) {
    const column = wholeNumbers('x', values);
    assert.equal(column.kind, 'number');
    assert.equal(text(column), `${Array.from(values, (v) => v.toFixed(0)).join('\n')}\n`);
  }
});
