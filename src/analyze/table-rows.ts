import type { Worker } from 'node:worker_threads';
import type { CustomerSummary } from '../analytics/summaries.js';
import type { RowWriter, SummaryColumns } from './customer-table.js';
import type { HelperJob } from './helper-jobs.js';
import { IdInterner } from './id-interner.js';
import { nextMessage } from './worker-thread.js';

/**
 * A row writer on the helper thread: it gets the columns (those in shared memory read in place,
 * the others copied) and the ids, and sends back bytes.
 */
export function helperRowWriter(helper: Worker, ids: IdInterner): RowWriter {
  return (columns, chunks, chunkRows, rows) => {
    const exported = ids.exportIds();
    const job: HelperJob = { kind: 'rows', columns, chunks, chunkRows, rows, ids: exported };
    return nextMessage<Uint8Array[]>(helper, job, IdInterner.transferList(exported));
  };
}

/** The columns converted from the summary (see summaryColumns), converted on the helper thread. */
export function summaryColumnsOn(
  helper: Worker,
  summary: CustomerSummary,
  daysSinceLast: Float64Array,
): Promise<SummaryColumns> {
  const job: HelperJob = { kind: 'summary-columns', summary, daysSinceLast };
  return nextMessage<SummaryColumns>(helper, job);
}
