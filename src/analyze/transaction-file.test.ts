import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { unpackedCdnow } from '../analytics/cdnow-sample.fixture.js';
import { daysFromCivil } from '../analytics/civil-days.js';
import { UsageError } from '../errors.js';
import { readTransactionFile } from './transaction-file.js';

const CDNOW = unpackedCdnow();
const dir = mkdtempSync(join(tmpdir(), 'clm-transactions-'));
let n = 0;
function file(text: string): string {
  const path = join(dir, `t${n++}.csv`);
  writeFileSync(path, text);
  return path;
}

test('CDNOW master: whitespace columns by index, header line detected, CRLF', async () => {
  const f = await readTransactionFile(`${CDNOW}CDNOW_master.txt`, {
    customer: '1',
    date: '2',
    amount: '4',
    delimiter: 'whitespace',
  });
  assert.equal(f.header, true);
  assert.equal(f.columns.customer.length, 69659);
  assert.equal(f.columns.customers, 23570);
  assert.equal(f.ids.idOf(0), '00001');
  assert.equal(f.columns.time[0], daysFromCivil(1997, 1, 1));
  assert.equal(f.columns.amount[0], 11.77);
});

test('CDNOW sample has no header: its first line is data', async () => {
  const f = await readTransactionFile(`${CDNOW}CDNOW_sample.txt`, {
    customer: '2',
    date: '3',
    amount: '5',
    delimiter: 'whitespace',
  });
  assert.equal(f.header, false);
  assert.equal(f.columns.customer.length, 6919);
  assert.equal(f.columns.customers, 2357);
});

test('CSV by header names: the ISO copy of CDNOW master gives the same columns', async () => {
  const csv = await readTransactionFile(`${CDNOW}cdnow_master_transactions.csv`, {
    customer: 'customer_id',
    date: 'date',
    amount: 'dollar_value',
  });
  const txt = await readTransactionFile(`${CDNOW}CDNOW_master.txt`, {
    customer: '1',
    date: '2',
    amount: '4',
    delimiter: 'whitespace',
  });
  assert.deepEqual(csv.columns.time, txt.columns.time);
  assert.deepEqual(csv.columns.amount, txt.columns.amount);
  assert.deepEqual(csv.columns.customer, txt.columns.customer);
});

test('two threads read the same columns as one, and number bad lines across the split', async () => {
  const flags = { customer: '1', date: '2', amount: '4', delimiter: 'whitespace' };
  const one = await readTransactionFile(`${CDNOW}CDNOW_master.txt`, flags);
  const two = await readTransactionFile(`${CDNOW}CDNOW_master.txt`, { ...flags, parallelFrom: 0 });
  assert.deepEqual(two.columns, one.columns);
  assert.deepEqual(
    Array.from({ length: one.columns.customers }, (_, i) => two.ids.idOf(i)),
    Array.from({ length: one.columns.customers }, (_, i) => one.ids.idOf(i)),
  );
  const lines = ['c,d,a'];
  for (let i = 2; i <= 1000; i++) lines.push(i === 3 || i === 900 ? `x${i},bad,1` : `x${i % 7},2024-01-01,1`);
  await assert.rejects(
    () =>
      readTransactionFile(file(lines.join('\n')), { customer: 'c', date: 'd', amount: 'a', parallelFrom: 0 }),
    {
      message: /line 3, column d: cannot parse date 'bad'; bad lines: 3, 900$/,
    },
  );
});

test('quoted fields, semicolons, string ids, blank lines, a last line without newline', async () => {
  const path = file(
    '"id";"when";"amount"\r\n"a;1";2024/1/5;"10.5"\r\n\r\nb;2024/12/31;-3\r\n"a;1";2024-01-06;7',
  );
  const f = await readTransactionFile(path, {
    customer: 'id',
    date: 'when',
    amount: 'amount',
    delimiter: ';',
  });
  assert.deepEqual(Array.from(f.columns.customer), [0, 1, 0]);
  assert.deepEqual(Array.from(f.columns.amount), [10.5, -3, 7]);
  assert.equal(f.ids.idOf(0), 'a;1');
  assert.equal(f.negativeAmounts, 1);
});

test('CRLF lines and blanks around fields are trimmed', async () => {
  const f = await readTransactionFile(
    file('c,d,a\r\n1,2024-01-01,5\r\n 2 , 2024-01-02 , 6 \r\n1,2024-01-03,-1.5\r\n'),
    {
      customer: 'c',
      date: 'd',
      amount: 'a',
    },
  );
  assert.deepEqual(Array.from(f.columns.customer), [0, 1, 0]);
  assert.deepEqual(Array.from(f.columns.amount), [5, 6, -1.5]);
  assert.equal(f.ids.idOf(1), '2');
  assert.equal(f.negativeAmounts, 1);
});

test('by column numbers, a first line with only a bad date is a bad line, not a header', async () => {
  await assert.rejects(
    () =>
      readTransactionFile(file('1,2024-02-31,5\n2,2024-01-01,6\n'), {
        customer: '1',
        date: '2',
        amount: '3',
      }),
    {
      message: /line 1, column 2: cannot parse date '2024-02-31'$/,
    },
  );
});

test('ids keep their leading zeros apart: 007 and 7 are two customers', async () => {
  const f = await readTransactionFile(file('c,d,a\n007,20240101,1\n7,20240101,1\n007,20240102,1\n'), {
    customer: 'c',
    date: 'd',
    amount: 'a',
  });
  assert.deepEqual(Array.from(f.columns.customer), [0, 1, 0]);
  assert.deepEqual([f.ids.idOf(0), f.ids.idOf(1)], ['007', '7']);
});

test('--date-format reads day-first dates and times', async () => {
  const f = await readTransactionFile(file('1,31.12.1999 23:59,5\n2,1.2.2000 00:00,6\n'), {
    customer: '1',
    date: '2',
    amount: '3',
    dateFormat: '%d.%m.%Y %H:%M',
  });
  assert.deepEqual(Array.from(f.columns.time), [daysFromCivil(1999, 12, 31), daysFromCivil(2000, 2, 1)]);
});

test('bad lines are reported together on one line with their numbers', async () => {
  const lines = ['c,d,a'];
  for (let i = 0; i < 50; i++) lines.push(i % 2 ? `x,2024-01-01,${i}` : `x,2024-02-30,${i}`);
  lines.push('y,2024-01-01,12abc');
  const error = await captureError(() =>
    readTransactionFile(file(lines.join('\n')), { customer: 'c', date: 'd', amount: 'a' }),
  );
  assert.match(
    error.message,
    /line 2, column d: cannot parse date '2024-02-30'; bad lines: 2, 4, 6,.* \(26 in all\)$/,
  );
  assert.equal(error.message.split(', ').length > 20, true);
  assert.doesNotMatch(error.message, /\n/);
});

test('empty file, missing column, short line', async () => {
  const flags = { customer: 'c', date: 'd', amount: 'a' };
  await assert.rejects(() => readTransactionFile(file(''), flags), { message: /no transactions/ });
  await assert.rejects(() => readTransactionFile(file('c,d,a\n'), flags), { message: /no transactions/ });
  await assert.rejects(() => readTransactionFile(file('c,d\n1,2024-01-01\n'), flags), {
    message: /no amount column 'a' in the header \(columns: c, d\)/,
  });
  await assert.rejects(() => readTransactionFile(file('c,d,a\n1,2024-01-01\n'), flags), {
    message: /line 2, column a: missing column/,
  });
  await assert.rejects(() => readTransactionFile(join(dir, 'nope.csv'), flags), {
    message: /nope.csv: ENOENT/,
  });
});

async function captureError(fn: () => Promise<unknown>): Promise<UsageError> {
  try {
    await fn();
  } catch (error) {
    if (error instanceof UsageError) return error;
    throw error;
  }
  throw new Error('expected a UsageError');
}
