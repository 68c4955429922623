import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import type { TransactionColumns } from '../analytics/summaries.js';
import { UsageError } from '../errors.js';
import { compileDateFormat, type DateParser, parseCommonDate } from './date-parser.js';
import type { IdInterner } from './id-interner.js';
import { type ColumnSpec, resolveColumns } from './transaction-header.js';
import { TransactionSink } from './transaction-sink.js';

export interface TransactionFileOptions {
  /** Header name or 1-based index of each column. */
  customer: string;
  date: string;
  amount: string;
  /** A single character, or `whitespace` (runs of spaces and tabs, as in CDNOW_master.txt). Default `,`. */
  delimiter?: string;
  /** strftime-like date format; without it the common formats are recognised (see parseCommonDate). */
  dateFormat?: string;
  /** Called after every chunk read. */
  onProgress?: (bytesDone: number, bytesTotal: number) => void;
}

export interface TransactionFile {
  columns: TransactionColumns;
  ids: IdInterner;
  /** Whether the first line was taken as a header. */
  header: boolean;
  negativeAmounts: number;
}

export interface BadLine {
  line: number;
  column: string;
  value: string;
  problem: string;
}

const CHUNK = 8 << 20;
const NEWLINE = 10;

/**
 * Reads a delimited transaction file into columns, scanning bytes directly: customer ids are
 * interned to dense indices, dates become day numbers, amounts are parsed from their digits.
 * Bad lines are collected (the first 20, with line numbers) and reported together as one
 * UsageError; so are missing columns and a file without transactions.
 */
export function readTransactionFile(path: string, options: TransactionFileOptions): TransactionFile {
  const fd = openFile(path);
  try {
    return scanFile(fd, path, options);
  } finally {
    closeSync(fd);
  }
}

function openFile(path: string): number {
  try {
    return openSync(path, 'r');
  } catch (error) {
    throw new UsageError(`${path}: ${(error as NodeJS.ErrnoException).code ?? 'cannot open'}`);
  }
}

function scanFile(fd: number, path: string, options: TransactionFileOptions): TransactionFile {
  const total = fstatSync(fd).size;
  const whitespace = options.delimiter === 'whitespace';
  const separator = whitespace ? 32 : delimiterByte(options.delimiter ?? ',');
  const parseDate = options.dateFormat ? compileDateParser(options.dateFormat) : parseCommonDate;
  const sink = new TransactionSink(Math.max(1024, Math.ceil(total / 24)), parseDate);
  let buf: Buffer = Buffer.allocUnsafe(CHUNK);
  let filled = 0;
  let done = 0;
  let columns: ColumnSpec | undefined;
  let header = false;
  for (;;) {
    if (filled === buf.length) buf = grow(buf);
    const read = readSync(fd, buf, filled, buf.length - filled, null);
    done += read;
    filled += read;
    const eof = read === 0;
    if (eof && filled > 0 && buf[filled - 1] !== NEWLINE) {
      if (filled === buf.length) buf = grow(buf);
      buf[filled++] = NEWLINE;
    }
    const end = filled === 0 ? 0 : buf.lastIndexOf(NEWLINE, filled - 1) + 1;
    let from = 0;
    if (!columns && end > 0) {
      const first = firstLine(buf, end);
      ({ columns, header } = resolveColumns(
        buf,
        first.start,
        first.end,
        options,
        parseDate,
        whitespace,
        separator,
        path,
      ));
      if (header) {
        from = first.next;
        sink.lines = first.lines;
      }
    }
    if (columns && end > from) sink.scan(buf, from, end, columns, whitespace, separator);
    options.onProgress?.(done, total);
    if (eof) break;
    buf.copy(buf, 0, end, filled);
    filled -= end;
  }
  return finish(sink, path, header);
}

function finish(sink: TransactionSink, path: string, header: boolean): TransactionFile {
  if (sink.bad.length > 0) throw new UsageError(describeBadLines(path, sink.bad, sink.badCount));
  if (sink.rows === 0)
    throw new UsageError(`${path}: no transactions (the file is empty or has only a header)`);
  return { columns: sink.columns(), ids: sink.ids, header, negativeAmounts: sink.negativeAmounts };
}

/** One line: the first problem in full, then how many lines are bad and which (up to 20). */
export function describeBadLines(path: string, bad: BadLine[], count: number): string {
  const [first] = bad;
  const lines = bad.map((b) => b.line).join(', ');
  const more = count > bad.length ? `, … (${count} in all)` : '';
  return (
    `${path}: line ${first.line}, column ${first.column}: ${first.problem} '${first.value}'` +
    (count > 1 ? `; bad lines: ${lines}${more}` : '')
  );
}

function compileDateParser(format: string): DateParser {
  try {
    return compileDateFormat(format);
  } catch (error) {
    throw new UsageError(`--date-format: ${(error as Error).message}`);
  }
}

function delimiterByte(delimiter: string): number {
  const named: Record<string, string> = { tab: '\t', comma: ',', semicolon: ';', pipe: '|', '\\t': '\t' };
  const char = named[delimiter] ?? delimiter;
  if (char.length !== 1 || char.charCodeAt(0) > 127) {
    throw new UsageError(`--delimiter must be one ASCII character, tab or whitespace, not '${delimiter}'`);
  }
  return char.charCodeAt(0);
}

/** The first non-blank line of the buffer, with the number of lines up to and including it. */
function firstLine(buf: Buffer, end: number) {
  let start = 0;
  let lines = 0;
  for (;;) {
    const newline = buf.indexOf(NEWLINE, start);
    lines++;
    const text = buf.toString('latin1', start, newline).trim();
    if (text.length > 0 || newline + 1 >= end) {
      const stop = newline > start && buf[newline - 1] === 13 ? newline - 1 : newline;
      return { start, end: stop, next: newline + 1, lines };
    }
    start = newline + 1;
  }
}

function grow(buf: Buffer): Buffer {
  const bigger = Buffer.allocUnsafe(buf.length * 2);
  buf.copy(bigger);
  return bigger;
}
