import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { stringify } from 'csv-stringify';
import ExcelJS from 'exceljs';
import { safeText } from './cells.js';
import type { Column } from './columns.js';

export type ExportFormat = 'csv' | 'xlsx';

export const CONTENT_TYPES: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

const textOf = <R>(column: Column<R>, row: R) => {
  const value = column.cell(row);
  return value === null ? '' : column.numeric ? value : safeText(value);
};

/**
 * CSV in UTF-8 with a byte order mark, without which Excel reads Chinese as mojibake. Each write waits
 * for the reader when its buffer is full, so memory stays flat whatever the number of rows.
 */
export async function writeCsv<R>(pages: AsyncIterable<R[]>, columns: Column<R>[], out: Writable) {
  const csv = stringify({ bom: true, record_delimiter: 'windows' });
  const piped = pipeline(csv, out);
  const write = async (record: string[]) => {
    if (!csv.write(record)) await Promise.race([once(csv, 'drain'), piped]);
  };
  try {
    await write(columns.map((c) => c.header));
    for await (const rows of pages) for (const row of rows) await write(columns.map((c) => textOf(c, row)));
    csv.end();
  } catch (error) {
    csv.destroy(error as Error);
  }
  await piped;
}

/**
 * XLSX written as a stream (ExcelJS's WorkbookWriter, inline strings): rows leave as they are
 * committed, and the next page is read only once the reader has caught up.
 */
export async function writeXlsx<R>(
  pages: AsyncIterable<R[]>,
  columns: Column<R>[],
  out: Writable,
  sheetName: string,
) {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream: out,
    useStyles: true,
    useSharedStrings: false,
  });
  const sheet = workbook.addWorksheet(sheetName, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = columns.map((c) => ({
    header: c.header,
    width: Math.max(12, c.header.length + 2),
    ...(c.numeric ? { style: { numFmt: '0.00' } } : {}),
  }));
  for await (const rows of pages) {
    for (const row of rows)
      sheet
        .addRow(
          columns.map((c) => {
            const value = c.cell(row);
            return value === null ? null : c.numeric ? Number(value) : safeText(value);
          }),
        )
        .commit();
    if (out.writableNeedDrain) await once(out, 'drain');
  }
  sheet.commit();
  await workbook.commit();
}
