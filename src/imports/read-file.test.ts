import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { test } from 'node:test';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { mapColumns } from './fields.js';
import { readRows, type SourceRow, sniff, WHITESPACE } from './read-file.js';
import { rowConverter } from './rows.js';

const opener = (data: Buffer) => () => Readable.from([data]);

async function read(data: Buffer) {
  const format = await sniff(opener(data));
  const rows: SourceRow[] = [];
  for await (const row of readRows(opener(data)(), format)) rows.push(row);
  return { format, rows };
}

const CHINESE =
  '客户编号,姓名,手机,日期,金额\r\nC1,张伟,13812345678,2024年3月5日,"￥1,234.50"\r\nC2,李娜,13900001111,2024/3/6,99\r\n';

test('a GBK file written by Excel in China is recognised and decoded', async () => {
  const { format, rows } = await read(iconv.encode(CHINESE, 'gbk'));
  assert.deepEqual(format, { type: 'csv', encoding: 'gb18030', delimiter: ',', quote: '"' });
  assert.deepEqual(rows[0].cells, ['客户编号', '姓名', '手机', '日期', '金额']);
  assert.deepEqual(rows[1], { line: 2, cells: ['C1', '张伟', '13812345678', '2024年3月5日', '￥1,234.50'] });
});

test('GB18030 characters beyond GBK survive', async () => {
  const { rows } = await read(iconv.encode('name\r\n𠀀家\r\n', 'gb18030'));
  assert.deepEqual(rows[1].cells, ['𠀀家']);
});

test('UTF-8 with a BOM, tabs, semicolons and pipes as delimiters', async () => {
  for (const delimiter of ['\t', ';', '|']) {
    const text = `\uFEFFname${delimiter}phone\nAnn, Jr.${delimiter}123\n`;
    const { format, rows } = await read(Buffer.from(text));
    assert.equal(format.encoding, 'utf8');
    assert.equal(format.delimiter, delimiter);
    assert.deepEqual(rows[0].cells, ['name', 'phone']);
    assert.deepEqual(rows[1].cells, ['Ann, Jr.', '123']);
  }
});

test('UTF-16 text with a BOM (Excel\'s "Unicode text") is read as tab-separated', async () => {
  const data = Buffer.concat([
    Buffer.from([0xff, 0xfe]),
    iconv.encode('姓名\t手机\r\n王芳\t13700000000\r\n', 'utf16le'),
  ]);
  const { format, rows } = await read(data);
  assert.equal(format.encoding, 'utf16le');
  assert.deepEqual(rows[1].cells, ['王芳', '13700000000']);
});

test('quoted fields with delimiters, quotes and line breaks inside', async () => {
  const { rows } = await read(Buffer.from('a,b\n"x, ""y""","line\nbreak"\n\nc,d\n'));
  // A row is numbered by the line it ends on; the empty line counts.
  assert.deepEqual(
    rows.map((r) => [r.line, r.cells]),
    [
      [1, ['a', 'b']],
      [3, ['x, "y"', 'line\nbreak']],
      [5, ['c', 'd']],
    ],
  );
});

test('mixed encodings: a GBK line in a UTF-8 file is refused, the others are read', async () => {
  const data = Buffer.concat([
    Buffer.from('客户编号,姓名,日期,金额\nC1,张伟,2024-03-05,1\n'),
    iconv.encode('C2,李娜,2024-03-06,2\n', 'gbk'),
    Buffer.from('C3,王芳,2024-03-07,3\n'),
  ]);
  const { format, rows } = await read(data);
  assert.equal(format.encoding, 'utf8');
  const convert = rowConverter('transactions', mapColumns('transactions', rows[0].cells), 'CN');
  const results = rows.slice(1).map((r) => convert(r.cells));
  assert.ok('values' in results[0] && 'values' in results[2]);
  assert.deepEqual(
    'errors' in results[1] && results[1].errors[0].reason,
    'has characters that are not valid in the encoding of the file',
  );
});

test('binary data and old .xls workbooks are refused as a whole', async () => {
  await assert.rejects(
    sniff(opener(Buffer.from([0x00, 0x01, 0x02, 0x7f, 0x00, 0x10]))),
    /neither a CSV or TSV text file nor an XLSX workbook/,
  );
  await assert.rejects(
    sniff(opener(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1]))),
    /\.xls\) are not read/,
  );
  await assert.rejects(sniff(opener(Buffer.alloc(0))), /the file is empty/);
});

test('an XLSX workbook is read as a stream: strings, numbers, dates, rich text and formulas as the user sees them', async () => {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('订单');
  sheet.addRow(['客户编号', '日期', '金额', '备注']);
  sheet.addRow([
    'C1',
    new Date(Date.UTC(2024, 2, 5)),
    1234.5,
    { richText: [{ text: '很' }, { text: '好' }] },
  ]);
  sheet.addRow(['C2', new Date(Date.UTC(2024, 2, 6, 14, 30)), { formula: '1+1', result: 2 }, null]);
  sheet.addRow([]);
  sheet.addRow(['C3', 45356, '¥12', 'x']);
  workbook.addWorksheet('second').addRow(['ignored']);
  const data = Buffer.from(await workbook.xlsx.writeBuffer());
  const { format, rows } = await read(data);
  assert.deepEqual(format, { type: 'xlsx' });
  assert.deepEqual(
    rows.map((r) => [r.line, r.cells]),
    [
      [1, ['客户编号', '日期', '金额', '备注']],
      [2, ['C1', '2024-03-05', '1234.5', '很好']],
      [3, ['C2', '2024-03-06 14:30:00', '2']],
      [5, ['C3', '45356', '¥12', 'x']],
    ],
  );
});

test('a truncated quote refuses the rest of the file as one row with the reason', async () => {
  const { rows } = await read(Buffer.from('a,b\n1,2\n3,"4\n5,6\n'));
  assert.deepEqual(rows[1], { line: 2, cells: ['1', '2'] });
  assert.equal(rows.length, 3);
  assert.equal(rows[2].error?.reason, 'a quoted field is not closed before the end of the file');
});

/** The same bytes, a few at a time: a CRLF may be cut between two chunks. */
const inPieces = (data: Buffer, size: number) => () => {
  const pieces: Buffer[] = [];
  for (let i = 0; i < data.length; i += size) pieces.push(data.subarray(i, i + size));
  return Readable.from(pieces);
};

const ALIGNED =
  ' customer_id date number_of_cds dollar_value\r\n 00001 19970101  1   11.77\r\n\r\n 00002 19970112  1   12.00\r\n 00003 19970102  2   20.76\r\n';

test('text in columns separated by runs of blanks (CDNOW_master.txt) is read as whitespace-separated', async () => {
  const { format, rows } = await read(Buffer.from(ALIGNED));
  assert.deepEqual(format, { type: 'csv', encoding: 'utf8', delimiter: WHITESPACE });
  const expected = [
    [1, ['customer_id', 'date', 'number_of_cds', 'dollar_value']],
    [2, ['00001', '19970101', '1', '11.77']],
    [4, ['00002', '19970112', '1', '12.00']],
    [5, ['00003', '19970102', '2', '20.76']],
  ];
  assert.deepEqual(
    rows.map((r) => [r.line, r.cells]),
    expected,
  );
  for (const size of [1, 2, 3, 7]) {
    const pieces: SourceRow[] = [];
    for await (const row of readRows(inPieces(Buffer.from(ALIGNED), size)(), format)) pieces.push(row);
    assert.deepEqual(
      pieces.map((r) => [r.line, r.cells]),
      expected,
      `chunks of ${size} bytes`,
    );
  }
});

test('tabs and single spaces may separate too, and lines end in LF, CRLF or CR alike', async () => {
  const { format, rows } = await read(Buffer.from('id date amount\r4 2024-01-01 5\n5 2024-01-02\t 6\r\n'));
  assert.equal(format.delimiter, WHITESPACE);
  assert.deepEqual(
    rows.map((r) => [r.line, r.cells]),
    [
      [1, ['id', 'date', 'amount']],
      [2, ['4', '2024-01-01', '5']],
      [3, ['5', '2024-01-02', '6']],
    ],
  );
});

test('a CSV with blanks in quoted fields stays a CSV, a TSV with blanks in its cells stays a TSV', async () => {
  const csv = await read(Buffer.from('name,note\n"Ann Lee","paid  in cash"\n"Bob Stone","two words"\n'));
  assert.equal(csv.format.delimiter, ',');
  assert.deepEqual(csv.rows[1].cells, ['Ann Lee', 'paid  in cash']);
  const tsv = await read(Buffer.from('name\tnote\nAnn Lee\tpaid  in cash\nBob Stone\ttwo words\n'));
  assert.equal(tsv.format.delimiter, '\t');
  assert.deepEqual(tsv.rows[1].cells, ['Ann Lee', 'paid  in cash']);
});

test('a one-column list of two-word names is not taken for two blank-separated columns', async () => {
  const { format, rows } = await read(Buffer.from('Full Name\nAnn Lee\nBob Stone\n'));
  assert.equal(format.delimiter, ',');
  assert.deepEqual(rows[1].cells, ['Ann Lee']);
  const ragged = await read(Buffer.from('customer  name\nA1  Ann Lee\nB2  Bob\n'));
  assert.equal(ragged.format.delimiter, ',', 'the number of fields differs from line to line');
});
