import assert from 'node:assert/strict';
import { closeSync, mkdtempSync, openSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import fc from 'fast-check';
import { parseCommonDate } from './date-parser.js';
import type { ColumnSpec } from './transaction-header.js';
import { scanRange } from './transaction-range.js';
import { copyPartRows, parseAmount, TransactionSink } from './transaction-sink.js';

const columns: ColumnSpec = {
  customer: 0,
  date: 1,
  amount: 2,
  maxField: 2,
  names: { customer: 'c', date: 'd', amount: 'a' },
};

test('parts scanned apart and adopted in file order give the rows, ids, last day and bad lines of one scan', () => {
  const lines = ['c,d,a'];
  for (let i = 0; i < 3000; i++) {
    const id = i % 5 === 0 ? `"c-${i % 97}"` : String((i * 7919) % 1300).padStart(i % 3 === 0 ? 6 : 1, '0');
    const date =
      i === 700 || i === 2500 ? 'later' : `2024-${String(1 + (i % 12)).padStart(2, '0')}-1${i % 10}`;
    lines.push(`${id},${date},${(i % 211) - 20}.5`);
  }
  const text = `${lines.join('\n')}\n`;
  const path = join(mkdtempSync(join(tmpdir(), 'clm-sink-')), 'rows.csv');
  writeFileSync(path, text);
  const fd = openSync(path, 'r');
  try {
    const lineStart = (n: number) => Buffer.byteLength(lines.slice(0, n).join('\n')) + 1;
    const scan = { fd, columns, parseDate: parseCommonDate, whitespace: false, separator: 44 };
    const size = Buffer.byteLength(text);
    const body = lineStart(1);
    const one = scanRange({ ...scan, from: body, to: size, linesBefore: 1 });
    // This thread's range, then two chunks the other thread took from its end, then the other's range.
    const cuts = [body, lineStart(400), lineStart(1200), lineStart(2000), size];
    const first = scanRange({ ...scan, from: cuts[0], to: cuts[1], linesBefore: 1, capacityBytes: size });
    for (let k = 1; k < cuts.length - 1; k++) {
      const part = scanRange({ ...scan, from: cuts[k], to: cuts[k + 1], linesBefore: 0 }).exportPart();
      const { ids, at, target } = first.adoptPart(part);
      // In two slices, as two threads copy them.
      const half = part.customer.length >> 1;
      copyPartRows(part, ids, target, at, half, part.customer.length);
      copyPartRows(part, ids, target, at, 0, half);
    }
    assert.deepEqual(first.columns(), one.columns());
    const idsOf = (s: typeof one) => Array.from({ length: s.ids.size }, (_, i) => s.ids.idOf(i));
    assert.deepEqual(idsOf(first), idsOf(one));
    assert.equal(first.lastDay, one.lastDay);
    assert.deepEqual(first.bad, one.bad);
    assert.deepEqual(
      first.bad.map((b) => b.line),
      [702, 2502],
    );
    assert.equal(first.lines, one.lines);
  } finally {
    closeSync(fd);
  }
});

test('the fast scan reads dates and amounts as the parsers do, across buffers and line endings', () => {
  const dates = ['2024-01-05', '2024-01-06', '20240107', '2024/1/8', '2024-01-05 10:00', '2024-13-01'];
  const amounts = [
    '20.17',
    '-3.5',
    '+4',
    '0',
    '-0',
    '.5',
    '7.',
    '1e3',
    '12345678901234567',
    '1.2.3',
    '-',
    '9.999',
  ];
  const line = fc.record({
    id: fc.integer({ min: 0, max: 50 }),
    date: fc.constantFrom(...dates),
    amount: fc.oneof(
      fc.constantFrom(...amounts),
      fc.double({ min: -1e6, max: 1e6, noNaN: true }).map(String),
    ),
    crlf: fc.boolean(),
  });
  fc.assert(
    fc.property(fc.array(fc.array(line, { maxLength: 20 }), { minLength: 1, maxLength: 4 }), (buffers) => {
      const sink = new TransactionSink(4, parseCommonDate);
      const expected: { day: number; amount: number }[] = [];
      for (const lines of buffers) {
        const text = lines.map((l) => `${l.id},${l.date},${l.amount}${l.crlf ? '\r\n' : '\n'}`).join('');
        // Some room before the lines, so that positions differ from one buffer to the next.
        const buf = Buffer.from(`${'x\n'.repeat(lines.length % 3)}${text}`);
        sink.scan(buf, (lines.length % 3) * 2, buf.length, columns, false, 44);
        for (const l of lines) {
          const day = parseCommonDate(Buffer.from(l.date), 0, l.date.length);
          const amount = parseAmount(Buffer.from(l.amount), 0, l.amount.length);
          if (!Number.isNaN(day) && !Number.isNaN(amount)) expected.push({ day, amount });
        }
      }
      const got = sink.columns();
      assert.deepEqual(
        Array.from(got.time),
        expected.map((e) => e.day),
      );
      assert.deepEqual(
        Array.from(got.amount),
        expected.map((e) => e.amount),
      );
      assert.equal(sink.negativeAmounts, expected.filter((e) => e.amount < 0).length);
    }),
    { numRuns: 300 },
  );
});
