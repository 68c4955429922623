import type { Worker } from 'node:worker_threads';
import { type Column, columnBuffers, type RowWriter, sliceRows } from './customer-table.js';
import type { HelperJob } from './helper-jobs.js';
import type { IdInterner } from './id-interner.js';
import { nextMessage } from './worker-thread.js';

/** A row writer on the helper thread: it gets a copy of its rows and the ids, and sends back bytes. */
export function helperRowWriter(helper: Worker, ids: IdInterner): RowWriter {
  return (columns, from, to) => writeIn(helper, ids, columns, from, to);
}

function writeIn(helper: Worker, ids: IdInterner, columns: Column[], from: number, to: number) {
  const rows = sliceRows(columns, from, to);
  const { keys, strings } = ids.exportIds();
  const job: HelperJob = { kind: 'rows', columns: rows, keys, strings, rows: to - from };
  return nextMessage<Uint8Array[]>(helper, job, [...columnBuffers(rows), keys.buffer]);
}
