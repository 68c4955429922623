import type { Worker } from 'node:worker_threads';
import {
  type CustomerSummary,
  customerSummaries,
  type SummaryOptions,
  type TransactionColumns,
} from '../analytics/summaries.js';
import type { HelperJob } from './helper-jobs.js';
import { nextMessage } from './worker-thread.js';

/**
 * Customer summaries computed by two threads, the first half of the customers here and the second
 * on the helper, which reads the same transactions in shared memory. Every customer's row depends
 * on that customer's transactions alone, so the two shares joined are the summary of all.
 */
export async function summariesInParallel(
  helper: Worker,
  tx: TransactionColumns,
  options: SummaryOptions,
): Promise<CustomerSummary> {
  // The helper, measured, summarises its share somewhat more slowly than this thread: it takes less.
  const half = Math.floor((tx.customers * 17) / 32);
  const job: HelperJob = { kind: 'summaries', tx, options: { ...options, customers: [half, tx.customers] } };
  const second = nextMessage<CustomerSummary>(helper, job);
  second.catch(() => undefined);
  // Room for every customer, so that the helper's rows are appended where they go; in shared
  // memory, so that the helper reads the joined summary's columns for its later jobs in place.
  const first = customerSummaries(tx, {
    ...options,
    customers: [0, half],
    capacity: tx.customers,
    shared: true,
  });
  return joinSummaries(first, await second);
}

/** Whether the columns are in shared memory, where another thread reads them without a copy. */
export function isShared(tx: TransactionColumns): boolean {
  return [tx.customer, tx.time, tx.amount].every((a) => a.buffer instanceof SharedArrayBuffer);
}

/** The second share's rows appended in place to the first's, whose columns have room for them. */
function joinSummaries(a: CustomerSummary, b: CustomerSummary): CustomerSummary {
  const f = (key: FloatColumn) => append(a[key], b[key]);
  return {
    customer: appendInts(a.customer, b.customer),
    transactions: appendInts(a.transactions, b.transactions),
    frequency: f('frequency'),
    recency: f('recency'),
    T: f('T'),
    monetaryValue: f('monetaryValue'),
    total: f('total'),
    first: f('first'),
    last: f('last'),
    medianInterval: f('medianInterval'),
    recentSpend: f('recentSpend'),
    previousSpend: f('previousSpend'),
    holdoutFrequency: f('holdoutFrequency'),
    holdoutSpend: f('holdoutSpend'),
    holdoutDuration: a.holdoutDuration,
    negativeAmounts: a.negativeAmounts + b.negativeAmounts,
    returnsOnly: a.returnsOnly + b.returnsOnly,
  };
}

type FloatColumn = {
  [K in keyof CustomerSummary]: CustomerSummary[K] extends Float64Array ? K : never;
}[keyof CustomerSummary];

// A view of the same buffer, longer: subarray() cannot reach past the end of the view it is called on.
function append(x: Float64Array, y: Float64Array): Float64Array {
  const joined = new Float64Array(x.buffer, x.byteOffset, x.length + y.length);
  joined.set(y, x.length);
  return joined;
}

function appendInts(x: Int32Array, y: Int32Array): Int32Array {
  const joined = new Int32Array(x.buffer, x.byteOffset, x.length + y.length);
  joined.set(y, x.length);
  return joined;
}
