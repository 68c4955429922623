import type { ChurnSignals } from '../analytics/churn-model.js';
import type { TransactionColumns } from '../analytics/summaries.js';
import { nextMessage, startWorker } from '../analyze/worker-thread.js';
import type { WorkspaceModel } from '../scoring/workspace-model.js';
import { type ChurnBandBounds, type CustomerValues, computeCustomerValues } from './customer-values.js';
import type { ValueScales } from './value-cutoffs.js';

/** Everything a recomputation of every customer's value needs, and nothing of the database. */
export interface ValueJob {
  columns: TransactionColumns;
  asOf: number;
  /** The workspace's fit: every prediction comes from it. */
  model: WorkspaceModel;
  /** The workspace's churn bands (see churn-band-settings.ts). */
  churnBands: ChurnBandBounds;
  /** The customers' service signals at the as-of, where the churn model uses them. */
  signals?: ChurnSignals;
  /** The workspace's RFM bins and ABC shares (see value-scales.ts); the defaults without. */
  scales?: ValueScales;
}

/** Every customer's value and risk. */
export function computeValues(job: ValueJob): Promise<CustomerValues> {
  return computeCustomerValues(job.columns, job.asOf, job.model, job.churnBands, job.signals, job.scales);
}

/**
 * The same computation on a thread of its own, so that this one can go on writing (a large
 * workspace's refresh writes its stages meanwhile). The columns are copied to the thread, the
 * figures copied back.
 */
export function computeValuesInThread(job: ValueJob): Promise<CustomerValues> {
  return nextMessage<CustomerValues>(startWorker(new URL('./value-thread', import.meta.url), job));
}
