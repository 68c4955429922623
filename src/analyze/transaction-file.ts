import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import type { Worker } from 'node:worker_threads';
import type { TransactionColumns } from '../analytics/summaries.js';
import { UsageError } from '../errors.js';
import { compileDateFormat, type DateParser, parseCommonDate } from './date-parser.js';
import type { HelperJob } from './helper-jobs.js';
import type { IdInterner } from './id-interner.js';
import { sharedChunks, takeFront } from './shared-chunks.js';
import { resolveColumns } from './transaction-header.js';
import { readBuffer, scanRange } from './transaction-range.js';
import type { RangeReply, RangeRequest } from './transaction-range-worker.js';
import { copyPartRows, type SinkPart, type TransactionSink } from './transaction-sink.js';
import { nextMessage, startWorker } from './worker-thread.js';

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
  /** Files from this many bytes on are scanned by two threads, half each (see defaultParallelFrom). */
  parallelFrom?: number;
  /**
   * Size of the chunks the two threads share: the worker, done with its half, takes chunks of
   * this size from the end of the first half while any are left. Default 4 MiB.
   */
  shareBytes?: number;
}

export interface TransactionFile {
  /** In shared memory when a helper thread is there to read them too. */
  columns: TransactionColumns;
  ids: IdInterner;
  /** Whether the first line was taken as a header. */
  header: boolean;
  negativeAmounts: number;
  /** The latest day of a transaction. */
  lastDay: number;
  /** The thread that read the second part of a large file, idle now and ready for more work. */
  helper?: Worker;
}

export interface BadLine {
  line: number;
  column: string;
  value: string;
  problem: string;
}

const NEWLINE = 10;

/**
 * Reads a delimited transaction file into columns, scanning bytes directly: customer ids are
 * interned to dense indices, dates become day numbers, amounts are parsed from their digits.
 * Large files are split in two at a line boundary and the second half is scanned by a worker
 * thread, which then takes chunks from the end of the first half while this thread works on it.
 * Bad lines are collected (the first 20, with line numbers) and reported together as one
 * UsageError; so are missing columns and a file without transactions.
 */
export async function readTransactionFile(
  path: string,
  options: TransactionFileOptions,
): Promise<TransactionFile> {
  const fd = openFile(path);
  try {
    return await scanFile(fd, path, options);
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

async function scanFile(fd: number, path: string, options: TransactionFileOptions): Promise<TransactionFile> {
  const size = fstatSync(fd).size;
  const whitespace = options.delimiter === 'whitespace';
  const separator = whitespace ? 32 : delimiterByte(options.delimiter ?? ',');
  const parseDate = options.dateFormat ? compileDateParser(options.dateFormat) : parseCommonDate;
  const head = readHead(fd, size);
  if (!head) throw new UsageError(`${path}: no transactions (the file is empty)`);
  const first = firstLine(head.buf, head.end);
  const { columns, header } = resolveColumns(
    head.buf,
    first.start,
    first.end,
    options,
    parseDate,
    whitespace,
    separator,
    path,
  );
  const bodyStart = header ? first.next : 0;
  const linesBefore = header ? first.lines : 0;
  const scan = { fd, columns, parseDate, whitespace, separator };
  const parallel = size - bodyStart >= (options.parallelFrom ?? defaultParallelFrom());
  if (!parallel) {
    const sink = scanRange({
      ...scan,
      from: bodyStart,
      to: size,
      linesBefore,
      onProgress: (done) => options.onProgress?.(bodyStart + done, size),
    });
    return finish(sink, path, header);
  }
  const split = lineStartAfter(fd, splitOffset(bodyStart, size), size);
  const chunkStarts = lineStarts(fd, bodyStart, split, size, options.shareBytes ?? SHARE_BYTES);
  const chunks = sharedChunks(0, chunkStarts.length - 1);
  const request: RangeRequest = {
    path,
    from: split,
    to: size,
    columns,
    whitespace,
    separator,
    dateFormat: options.dateFormat,
    chunkStarts,
    chunks,
  };
  const helper = startWorker(new URL('./transaction-range-worker', import.meta.url), request);
  try {
    const second = nextMessage<RangeReply>(helper);
    // Should this thread fail first, the worker's outcome no longer matters.
    second.catch(() => undefined);
    let sink: TransactionSink | undefined;
    let done = 0;
    const buffer = readBuffer();
    for (let c = takeFront(chunks); c >= 0; c = takeFront(chunks)) {
      const from = chunkStarts[c];
      sink = scanRange(
        {
          ...scan,
          from,
          to: chunkStarts[c + 1],
          linesBefore,
          buffer,
          // Room for the worker's rows too, so that appending them copies nothing twice.
          capacityBytes: size - bodyStart,
          shared: true,
          // The worker keeps pace with this thread: its half is reported as done in step.
          onProgress: (bytes) =>
            options.onProgress?.(
              Math.min(
                size,
                bodyStart + Math.round(((done + bytes) * (size - bodyStart)) / (split - bodyStart)),
              ),
              size,
            ),
        },
        sink,
      );
      done += chunkStarts[c + 1] - from;
    }
    // The worker took every chunk of this thread's range: start from an empty sink.
    sink ??= scanRange({
      ...scan,
      from: bodyStart,
      to: bodyStart,
      linesBefore,
      capacityBytes: size - bodyStart,
      shared: true,
    });
    for (const part of (await second).parts) await adoptPart(sink, part, helper);
    return { ...finish(sink, path, header), helper };
  } catch (error) {
    void helper.terminate();
    throw error;
  }
}

/** The worker's rows joined to this thread's, copied half by each thread. */
async function adoptPart(sink: TransactionSink, part: SinkPart, helper: Worker): Promise<void> {
  const { ids, at, target } = sink.adoptPart(part);
  const rows = part.customer.length;
  const half = rows >> 1;
  const rowsOnly = { customer: part.customer, time: part.time, amount: part.amount };
  const job: HelperJob = { kind: 'copy-rows', part: rowsOnly, ids, target, at, from: half, to: rows };
  const theirs = nextMessage(helper, job);
  theirs.catch(() => undefined);
  copyPartRows(part, ids, target, at, 0, half);
  await theirs;
}

/** Granularity of the work the two threads share at the end of the scan. */
const SHARE_BYTES = 4 << 20;

/**
 * Starts of the lines that begin first at or after each multiple of `step` from `from` on, up to
 * `to` (itself a line start, and the last entry): chunks of whole lines.
 */
function lineStarts(fd: number, from: number, to: number, size: number, step: number): number[] {
  // At most 65,535 chunks (see shared-chunks.ts).
  const width = Math.max(step, Math.ceil((to - from) / 60_000));
  const starts = [from];
  for (let offset = from + width; offset < to; offset += width) {
    const start = lineStartAfter(fd, offset - 1, size);
    if (start > starts.at(-1)! && start < to) starts.push(start);
  }
  starts.push(to);
  return starts;
}

/**
 * Files from 32 MiB on are read by two threads when the process may use two cores. The load
 * average is no guide: it lags by a minute, so a program that ran just before (a benchmark's other
 * side) would keep the second thread off on an otherwise idle machine.
 */
function defaultParallelFrom(): number {
  return availableParallelism() >= 2 ? 32 << 20 : Number.POSITIVE_INFINITY;
}

/**
 * How much more of the file this thread starts with: the worker, which starts later, should still
 * finish its half first, since only it takes chunks from the other's range (see shareBytes).
 */
const WORKER_START_BYTES = 32 << 20;

/** Where the worker's range begins: past the middle by half that lead, leaving it a quarter at least. */
function splitOffset(from: number, to: number): number {
  const length = to - from;
  return from + Math.floor(Math.min((length * 3) / 4, (length + WORKER_START_BYTES) / 2));
}

/** The start of the first line that begins after `offset`. */
function lineStartAfter(fd: number, offset: number, size: number): number {
  const buf = Buffer.allocUnsafe(1 << 16);
  for (let position = offset; position < size; position += buf.length) {
    const read = readSync(fd, buf, 0, buf.length, position);
    const newline = buf.subarray(0, read).indexOf(NEWLINE);
    if (newline >= 0) return position + newline + 1;
  }
  return size;
}

/** The opening bytes of the file, up to the end of its first non-blank line; undefined when blank. */
function readHead(fd: number, size: number): { buf: Buffer; end: number } | undefined {
  let buf = Buffer.allocUnsafe(Math.min(size, 1 << 16) + 1);
  let filled = 0;
  for (;;) {
    if (filled === buf.length - 1 && filled < size) {
      const bigger = Buffer.allocUnsafe(Math.min(size, buf.length * 4) + 1);
      buf.copy(bigger, 0, 0, filled);
      buf = bigger;
    }
    filled += readSync(fd, buf, filled, buf.length - 1 - filled, filled);
    if (filled === size && buf[filled - 1] !== NEWLINE) buf[filled++] = NEWLINE;
    const end = buf.lastIndexOf(NEWLINE, filled - 1) + 1;
    if (end > 0 && buf.toString('latin1', 0, end).trim().length > 0) return { buf, end };
    if (filled >= size) return undefined;
  }
}

function finish(sink: TransactionSink, path: string, header: boolean): TransactionFile {
  if (sink.bad.length > 0) throw new UsageError(describeBadLines(path, sink.bad, sink.badCount));
  if (sink.rows === 0)
    throw new UsageError(`${path}: no transactions (the file is empty or has only a header)`);
  return {
    columns: sink.columns(),
    ids: sink.ids,
    header,
    negativeAmounts: sink.negativeAmounts,
    lastDay: Math.floor(sink.lastDay),
  };
}

/** One line: the first problem in full, then how many lines are bad and which (up to 20). */
function describeBadLines(path: string, bad: BadLine[], count: number): string {
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
