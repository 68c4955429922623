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
  const half = tx.customers >> 1;
  const job: HelperJob = { kind: 'summaries', tx, options: { ...options, customers: [half, tx.customers] } };
  const second = nextMessage<CustomerSummary>(helper, job);
  second.catch(() => undefined);
  const first = customerSummaries(tx, { ...options, customers: [0, half] });
  return joinSummaries(first, await second);
}

/** Whether the columns are in shared memory, where another thread reads them without a copy. */
export function isShared(tx: TransactionColumns): boolean {
  return [tx.customer, tx.time, tx.amount].every((a) => a.buffer instanceof SharedArrayBuffer);
}

function joinSummaries(a: CustomerSummary, b: CustomerSummary): CustomerSummary {
  const f = (key: FloatColumn) => joinFloats(a[key], b[key]);
  const customer = new Int32Array(a.customer.length + b.customer.length);
  customer.set(a.customer);
  customer.set(b.customer, a.customer.length);
  const transactions = new Int32Array(customer.length);
  transactions.set(a.transactions);
  transactions.set(b.transactions, a.transactions.length);
  return {
    customer,
    transactions,
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

function joinFloats(x: Float64Array, y: Float64Array): Float64Array {
  const out = new Float64Array(x.length + y.length);
  out.set(x);
  out.set(y, x.length);
  return out;
}
