/**
 * The CDNOW data set of the customer-base literature (time in weeks for the summaries), from the
 * repository's fixtures (test/fixtures/cdnow, with its source and licence), for tests that
 * reproduce published fits.
 */
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { daysFromCivil } from './civil-days.js';
import type { RepeatSummary } from './fit-result.js';
import type { TransactionColumns } from './summaries.js';

const DIR = new URL('../../test/fixtures/cdnow/', import.meta.url);

/** Path of a file of the CDNOW fixtures. */
export const cdnowPath = (name: string): string => new URL(name, DIR).pathname;

let unpacked: string | undefined;

/**
 * A directory (with a trailing slash) holding the CDNOW files as readers meet them in the wild: the
 * master file and its ISO-dated CSV unpacked, the sample as it is. Made once per process.
 */
export function unpackedCdnow(): string {
  if (unpacked) return unpacked;
  const dir = mkdtempSync(join(tmpdir(), 'clm-cdnow-'));
  for (const name of ['CDNOW_master.txt', 'cdnow_master_transactions.csv'])
    writeFileSync(join(dir, name), gunzipSync(readFileSync(cdnowPath(`${name}.gz`))));
  copyFileSync(cdnowPath('CDNOW_sample.txt'), join(dir, 'CDNOW_sample.txt'));
  unpacked = `${dir}/`;
  return unpacked;
}

function readColumns(name: string, columns: string[]): Float64Array[] {
  const [header, ...rows] = readFileSync(cdnowPath(name), 'utf8').trim().split('\n');
  const names = header.trim().split(',');
  return columns.map((c) => {
    const j = names.indexOf(c);
    return Float64Array.from(rows, (line) => Number(line.split(',')[j]));
  });
}

/** `cdnow_customers_summary.csv`: the calibration-period repeat summary of FHL 2005. */
export function loadCdnowSummary(): RepeatSummary {
  const [frequency, recency, T] = readColumns('cdnow_customers_summary.csv', ['frequency', 'recency', 'T']);
  return { frequency, recency, T };
}

/** `cdnow_customers_summary_with_transactions.csv`: x and zbar (mean repeat spend, 0 without one). */
export function loadCdnowSpend(): { frequency: Float64Array; monetaryValue: Float64Array } {
  const [frequency, monetaryValue] = readColumns('cdnow_customers_summary_with_transactions.csv', [
    'x',
    'zbar',
  ]);
  return { frequency, monetaryValue };
}

const dayOf = (yyyymmdd: string) =>
  daysFromCivil(+yyyymmdd.slice(0, 4), +yyyymmdd.slice(4, 6), +yyyymmdd.slice(6, 8));

/**
 * The purchases of the 1/10 sample (`sample`, 2,357 customers) or of the master file (`master`,
 * 23,570 customers) as transaction columns, customers numbered from 0 in the file's id order.
 */
export function loadCdnowTransactions(file: 'sample' | 'master'): TransactionColumns {
  const text =
    file === 'sample'
      ? readFileSync(cdnowPath('CDNOW_sample.txt'), 'utf8')
      : gunzipSync(readFileSync(cdnowPath('CDNOW_master.txt.gz'))).toString('utf8');
  const lines = text.trim().split(/\r?\n/);
  if (file === 'master') lines.shift();
  // Sample rows: master id, sample id, date, CDs, value; master rows: id, date, CDs, value.
  const [idAt, dateAt, valueAt] = file === 'sample' ? [1, 2, 4] : [0, 1, 3];
  const n = lines.length;
  const tx: TransactionColumns = {
    customer: new Int32Array(n),
    time: new Float64Array(n),
    amount: new Float64Array(n),
    customers: 0,
  };
  for (let i = 0; i < n; i++) {
    const fields = lines[i].trim().split(/\s+/);
    const id = Number(fields[idAt]) - 1;
    tx.customer[i] = id;
    tx.time[i] = dayOf(fields[dateAt]);
    tx.amount[i] = Number(fields[valueAt]);
    if (id + 1 > tx.customers) tx.customers = id + 1;
  }
  return tx;
}
