/**
 * Worker entry: scans one byte range of a transaction file, then chunks from the end of the other
 * thread's range while any are left, and posts back their columns (in shared memory, not copied),
 * interned ids and bad lines. It then stays to take
 * further jobs (see helper-jobs.ts), having paid its start-up already.
 */
import { closeSync, openSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { compileDateFormat, parseCommonDate } from './date-parser.js';
import type { HelperJob } from './helper-jobs.js';
import { IdInterner } from './id-interner.js';
import { type SharedChunks, takeBack } from './shared-chunks.js';
import type { ColumnSpec } from './transaction-header.js';
import { readBuffer, scanRange } from './transaction-range.js';
import type { SinkPart } from './transaction-sink.js';

export interface RangeRequest {
  path: string;
  from: number;
  to: number;
  columns: ColumnSpec;
  whitespace: boolean;
  separator: number;
  dateFormat?: string;
  /**
   * The other thread's range as chunks (line starts, the last one its end) that it takes from the
   * front; done with its own range, this thread takes what is left from the back.
   */
  chunkStarts: number[];
  chunks: SharedChunks;
}

/** What this thread read: parts in file order, the chunks taken from the other thread first. */
export interface RangeReply {
  parts: SinkPart[];
}

const request = workerData as RangeRequest;
const fd = openSync(request.path, 'r');
try {
  const buffer = readBuffer();
  const range = (from: number, to: number) =>
    scanRange({
      fd,
      from,
      to,
      linesBefore: 0,
      columns: request.columns,
      parseDate: request.dateFormat ? compileDateFormat(request.dateFormat) : parseCommonDate,
      whitespace: request.whitespace,
      separator: request.separator,
      // Shared, so that this thread can still read its rows when it helps to copy them over.
      shared: true,
      buffer,
    }).exportPart();
  const own = range(request.from, request.to);
  const taken: SinkPart[] = [];
  const starts = request.chunkStarts;
  for (let c = takeBack(request.chunks); c >= 0; c = takeBack(request.chunks)) {
    taken.unshift(range(starts[c], starts[c + 1]));
  }
  const parts = [...taken, own];
  const reply: RangeReply = { parts };
  parentPort!.postMessage(
    reply,
    parts.flatMap((p) => IdInterner.transferList(p.ids)),
  );
} finally {
  closeSync(fd);
}

// Loaded after the scan: the modules of the later jobs are no part of the reading time.
const { runJob } = await import('./helper-jobs.js');
parentPort!.on('message', (job: HelperJob) => {
  const { reply, transfer } = runJob(job);
  parentPort!.postMessage(reply, transfer);
});
