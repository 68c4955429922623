/**
 * Worker entry: scans one byte range of a transaction file and posts back its columns (in shared
 * memory, not copied), its interned ids and its bad lines. It then stays to take
 * further jobs (see helper-jobs.ts), having paid its start-up already.
 */
import { closeSync, openSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { compileDateFormat, parseCommonDate } from './date-parser.js';
import type { HelperJob } from './helper-jobs.js';
import type { ColumnSpec } from './transaction-header.js';
import { scanRange } from './transaction-range.js';

export interface RangeRequest {
  path: string;
  from: number;
  to: number;
  columns: ColumnSpec;
  whitespace: boolean;
  separator: number;
  dateFormat?: string;
}

const request = workerData as RangeRequest;
const fd = openSync(request.path, 'r');
try {
  const sink = scanRange({
    fd,
    from: request.from,
    to: request.to,
    linesBefore: 0,
    columns: request.columns,
    parseDate: request.dateFormat ? compileDateFormat(request.dateFormat) : parseCommonDate,
    whitespace: request.whitespace,
    separator: request.separator,
    // Shared, so that this thread can still read its rows when it helps to copy them over.
    shared: true,
  });
  const part = sink.exportPart();
  parentPort!.postMessage(part, [part.keys.buffer as ArrayBuffer]);
} finally {
  closeSync(fd);
}

// Loaded after the scan: the modules of the later jobs are no part of the reading time.
const { runJob } = await import('./helper-jobs.js');
parentPort!.on('message', (job: HelperJob) => {
  const { reply, transfer } = runJob(job);
  parentPort!.postMessage(reply, transfer);
});
