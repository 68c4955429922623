import { readSync } from 'node:fs';
import type { DateParser } from './date-parser.js';
import type { ColumnSpec } from './transaction-header.js';
import { TransactionSink } from './transaction-sink.js';

const CHUNK = 8 << 20;
const NEWLINE = 10;

export interface RangeScan {
  fd: number;
  /** Byte range; `from` is the start of a line, `to` the start of a line or the end of the file. */
  from: number;
  to: number;
  /** Lines before `from`, so that messages carry line numbers of the whole file (for a new sink). */
  linesBefore: number;
  columns: ColumnSpec;
  parseDate: DateParser;
  whitespace: boolean;
  separator: number;
  onProgress?: (bytesDone: number) => void;
  /** Bytes whose rows the sink should have room for; default the range. */
  capacityBytes?: number;
  /** Columns in shared memory, for other threads to read. */
  shared?: boolean;
  /** A read buffer to use, from {@link readBuffer}: ranges scanned one after another share one. */
  buffer?: Buffer;
}

/** A buffer for scanRange to read into. */
export const readBuffer = () => Buffer.allocUnsafe(CHUNK);

/**
 * Scans the lines of one byte range of a file, in chunks of a few megabytes, into a new sink or
 * after the rows of `into` (whose range ends where this one begins).
 */
export function scanRange(scan: RangeScan, into?: TransactionSink): TransactionSink {
  const { fd, to, columns, whitespace, separator } = scan;
  const sink = into ?? newSink(scan);
  let buf: Buffer = scan.buffer ?? readBuffer();
  let filled = 0;
  let position = scan.from;
  while (position < to || filled > 0) {
    if (filled === buf.length) buf = grow(buf);
    const read =
      position < to ? readSync(fd, buf, filled, Math.min(buf.length - filled, to - position), position) : 0;
    position += read;
    filled += read;
    const last = read === 0;
    if (last && buf[filled - 1] !== NEWLINE) {
      // The last line of a file without a final newline.
      if (filled === buf.length) buf = grow(buf);
      buf[filled++] = NEWLINE;
    }
    const end = buf.lastIndexOf(NEWLINE, filled - 1) + 1;
    if (end > 0) sink.scan(buf, 0, end, columns, whitespace, separator);
    scan.onProgress?.(position - scan.from);
    buf.copy(buf, 0, end, filled);
    filled -= end;
    if (last) break;
  }
  return sink;
}

function newSink(scan: RangeScan): TransactionSink {
  // Room for lines of 16 bytes on average: growing means copying every column, while capacity
  // that is never written costs no memory (untouched pages of a zeroed buffer are not resident).
  const bytes = scan.capacityBytes ?? scan.to - scan.from;
  const sink = new TransactionSink(Math.max(1024, Math.ceil(bytes / 16)), scan.parseDate, scan.shared);
  sink.lines = scan.linesBefore;
  return sink;
}

function grow(buf: Buffer): Buffer {
  const bigger = Buffer.allocUnsafe(buf.length * 2);
  buf.copy(bigger);
  return bigger;
}
