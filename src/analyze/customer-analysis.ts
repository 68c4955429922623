import type { Worker } from 'node:worker_threads';
import { abcClasses } from '../analytics/abc.js';
import type { ChurnInput } from '../analytics/churn.js';
import type { RepeatModelKind } from '../analytics/repeat-model.js';
import {
  cnClasses,
  monetaryScores,
  type RfmScores,
  recencyFrequencyScores,
  rfmSegments,
} from '../analytics/rfm.js';
import {
  type CustomerSummary,
  customerSummaries,
  lastDay,
  type Period,
  type SummaryOptions,
  type TransactionColumns,
} from '../analytics/summaries.js';
import { type ChurnScores, churnScores } from './churn-scores.js';
import type { HelperJob } from './helper-jobs.js';
import type { ModelPredictions } from './model-predictions.js';
import { isShared, summariesInParallel } from './parallel-summaries.js';
import { nextMessage } from './worker-thread.js';

export interface AnalysisOptions {
  /** As-of day (inclusive); default the last day in the data. */
  asOf?: number;
  /** Purchases in the same period count once. Default day. */
  period?: Period;
  /** Time unit of the models and of recency and T: the period, or any unit for a daily merge. */
  unit: Period;
  /** Prediction horizon in units, with its discounting steps and rate per step. */
  horizon: number;
  clvPeriods: number;
  discountRate: number;
  models: boolean;
  /** The repeat-purchase model of the predictions. Default BG/NBD. */
  model?: RepeatModelKind;
  bins?: number;
  /** Shares of revenue of ABC classes A and B (see abcClasses); 80 % and 15 % by default. */
  abc?: { a: number; b: number };
  /** Spend-trend window of the churn score in days. Default 90. */
  trendDays?: number;
  /** An idle thread to compute half of the summaries, when the transactions are in shared memory. */
  helper?: Worker;
  /**
   * Called once the summary is ready and the helper has its scoring jobs: what the caller posts to
   * the helper from here runs after them, while this thread scores RFM and ABC.
   */
  onSummary?: (summary: CustomerSummary, daysSinceLast: Float64Array) => void;
}

export interface CustomerAnalysis {
  asOf: number;
  summary: CustomerSummary;
  daysSinceLast: Float64Array;
  rfm: RfmScores;
  segment: Uint8Array;
  cnClass: Uint8Array;
  abc: Uint8Array;
  predictions?: ModelPredictions;
  churn: ChurnScores;
  warnings: string[];
}

/**
 * A sorted copy of the values, the second half sorted by the helper: posts that job at once and
 * returns the function that sorts the first half here and merges the two.
 */
function sortedInTwo(helper: Worker, values: Float64Array): () => Promise<Float64Array> {
  const half = values.length >> 1;
  const second = values.slice(half);
  const job: HelperJob = { kind: 'sort', values: second };
  const theirs = nextMessage<Float64Array>(helper, job, [second.buffer]);
  theirs.catch(() => undefined);
  return async () => {
    const first = values.slice(0, half).sort();
    const other = await theirs;
    const merged = new Float64Array(values.length);
    let i = 0;
    let j = 0;
    for (let k = 0; k < merged.length; k++)
      merged[k] = j >= other.length || (i < first.length && first[i] <= other[j]) ? first[i++] : other[j++];
    return merged;
  };
}

/** Churn scores computed by the helper thread; input columns in shared memory are read in place. */
function churnOn(helper: Worker, input: ChurnInput): Promise<ChurnScores> {
  const job: HelperJob = { kind: 'churn', input };
  return nextMessage<ChurnScores>(helper, job);
}

/**
 * Every per-customer figure of `clm analyze`: the summary at the as-of day, RFM scores and
 * segments, ABC by net spend, model predictions when asked for and possible, and churn risk.
 */
export async function analyzeCustomers(
  tx: TransactionColumns,
  options: AnalysisOptions,
): Promise<CustomerAnalysis> {
  const asOf = options.asOf ?? lastDay(tx);
  const summaryOptions: SummaryOptions = {
    asOf,
    period: options.period ?? 'day',
    unit: options.unit,
    trendDays: options.trendDays,
  };
  const summary =
    options.helper && isShared(tx)
      ? await summariesInParallel(options.helper, tx, summaryOptions)
      : customerSummaries(tx, summaryOptions);
  // Loops rather than map(), whose callback per row adds up over a million customers.
  const rows = summary.last.length;
  const daysSinceLast = new Float64Array(
    options.helper ? new SharedArrayBuffer(rows * 8) : new ArrayBuffer(rows * 8),
  );
  const purchases = new Float64Array(summary.frequency.length);
  for (let i = 0; i < daysSinceLast.length; i++) {
    daysSinceLast[i] = asOf - summary.last[i];
    purchases[i] = summary.frequency[i] + 1;
  }
  const rfmInput = { recency: daysSinceLast, frequency: purchases, monetary: summary.total };
  const warnings: string[] = [];
  let predictions: ModelPredictions | undefined;
  if (options.models) {
    // Loaded on demand: without models, their modules are start-up time for nothing.
    const { predictWithModels } = await import('./model-predictions.js');
    const fitted = predictWithModels(summary, options);
    predictions = fitted.predictions;
    warnings.push(...fitted.warnings);
  }
  const churnInput: ChurnInput = {
    daysSinceLast,
    medianInterval: summary.medianInterval,
    pAlive: predictions?.pAlive,
    pNoPurchase: predictions?.pNoPurchase,
    recentSpend: summary.recentSpend,
    previousSpend: summary.previousSpend,
  };
  // Spend is sorted once, for the M score and for ABC: half by the helper, if any, which then
  // scores churn while this thread does RFM and ABC.
  const sorting = options.helper ? sortedInTwo(options.helper, summary.total) : undefined;
  const scoring = options.helper ? churnOn(options.helper, churnInput) : undefined;
  scoring?.catch(() => undefined);
  options.onSummary?.(summary, daysSinceLast);
  const cnClass = cnClasses(rfmInput);
  const { r, f } = recencyFrequencyScores(rfmInput, options.bins);
  const sortedTotal = sorting ? await sorting() : Float64Array.from(summary.total).sort();
  const rfm: RfmScores = { r, f, m: monetaryScores(summary.total, options.bins, sortedTotal) };
  const segment = rfmSegments(rfm, options.bins);
  const abc = abcClasses(summary.total, { ...options.abc, sorted: sortedTotal });
  const churn = scoring ? await scoring : churnScores(churnInput);
  return { asOf, summary, daysSinceLast, rfm, segment, cnClass, abc, predictions, churn, warnings };
}
