import type { TransactionColumns } from '../analytics/summaries.js';
import { nextMessage, startWorker } from '../analyze/worker-thread.js';
import { type CustomerValues, computeCustomerValues, type PredictionParams } from './customer-values.js';
import { fitValueModels, usableParams, type ValueModels } from './value-models.js';

/** Everything a recomputation of every customer's value needs, and nothing of the database. */
export interface ValueJob {
  columns: TransactionColumns;
  asOf: number;
  /** Fit the models anew; otherwise predict with `stored`. */
  refit: boolean;
  stored: PredictionParams;
  /** The holdout end of the stored backtest, if any. */
  backtestEnd: number | null;
}

export interface ComputedValues {
  values: CustomerValues;
  /** The new fit, to store; null when the stored one was used. */
  models: ValueModels | null;
}

/** Every customer's value and risk, with a new fit when the job asks for one. */
export async function computeValues(job: ValueJob): Promise<ComputedValues> {
  let models: ValueModels | null = null;
  const values = await computeCustomerValues(job.columns, job.asOf, async (summary) => {
    if (!job.refit) return job.stored;
    const fitted = fitValueModels(job.columns, summary, job.asOf, job.backtestEnd);
    models = fitted;
    const bgnbd = usableParams(fitted.bgnbd);
    return { bgnbd, gammaGamma: bgnbd && usableParams(fitted.gammaGamma) };
  });
  return { values, models };
}

/**
 * The same computation on a thread of its own, so that this one can go on writing (a large
 * workspace's refresh writes its stages meanwhile). The columns are copied to the thread, the
 * figures copied back.
 */
export function computeValuesInThread(job: ValueJob): Promise<ComputedValues> {
  return nextMessage<ComputedValues>(startWorker(new URL('./value-thread', import.meta.url), job));
}
