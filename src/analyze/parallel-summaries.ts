import type { Worker } from 'node:worker_threads';
import {
  type CustomerSummary,
  customerSummaries,
  lastDayOfRows,
  type SummaryOptions,
  type TransactionColumns,
} from '../analytics/summaries.js';
import {
  blockFills,
  blockPlan,
  countRowsByBlock,
  orderBlocks,
  stageRows,
  stagingArea,
} from '../analytics/transaction-order.js';
import type { HelperJob } from './helper-jobs.js';
import { nextMessage } from './worker-thread.js';

/**
 * Customer summaries computed by two threads, which read the same transactions in shared memory.
 * Each counts and stages half of the rows into one staging area grouped by blocks of customers
 * (see orderBlocks), then orders and summarises the customers of its own blocks: the first ones
 * here, the others on the helper. Every customer's row depends on that customer's transactions
 * alone, so the two shares joined are the summary of all.
 */
export async function summariesInParallel(
  helper: Worker,
  tx: TransactionColumns,
  options: SummaryOptions,
): Promise<CustomerSummary> {
  const plan = blockPlan(tx, lastDayOfRows(options), 0, tx.customers, PARALLEL_BLOCKS);
  const rows = tx.customer.length;
  const mid = rows >> 1;
  const counting: HelperJob = { kind: 'count-rows', tx, plan, from: mid, to: rows };
  const theirCounts = nextMessage<Int32Array>(helper, counting);
  theirCounts.catch(() => undefined);
  const ourCounts = countRowsByBlock(tx, plan, 0, mid);
  const { blockStart, fills } = blockFills([ourCounts, await theirCounts]);
  const staged = stagingArea(blockStart[plan.blocks], true);
  const staging: HelperJob = { kind: 'stage-rows', tx, plan, from: mid, to: rows, fill: fills[1], staged };
  const theirStaging = nextMessage(helper, staging);
  theirStaging.catch(() => undefined);
  stageRows(tx, plan, 0, mid, fills[0], staged);
  await theirStaging;
  // Shares by rows: customers are numbered in order of first appearance, so the later ones have
  // fewer rows. This thread, measured, orders and summarises its rows more slowly than the helper
  // and then joins the two shares: it takes somewhat less than half.
  let split = 0;
  while (split < plan.blocks && blockStart[split] < blockStart[plan.blocks] * MAIN_SHARE) split++;
  const half = Math.min(split << plan.shift, tx.customers);
  const job: HelperJob = {
    kind: 'summaries',
    tx,
    options: { ...options, customers: [half, tx.customers] },
    staged: { area: staged, blockStart, plan, blocks: [split, plan.blocks] },
  };
  const second = nextMessage<CustomerSummary>(helper, job);
  second.catch(() => undefined);
  // Room for every customer, so that the helper's rows are appended where they go; in shared
  // memory, so that the helper reads the joined summary's columns for its later jobs in place.
  const first = customerSummaries(tx, {
    ...options,
    customers: [0, half],
    capacity: tx.customers,
    shared: true,
    order: orderBlocks(staged, blockStart, plan, 0, split),
  });
  return joinSummaries(first, await second);
}

const MAIN_SHARE = 0.45;

/** Blocks of the shared staging area: as many per thread as one thread alone would use. */
const PARALLEL_BLOCKS = 512;

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
    firstAmount: f('firstAmount'),
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
