/**
 * What the workspace's repeat model looks like against its own data, computed once with the fit and
 * stored with it for the Value models page: P(alive) and expected purchases over frequency × recency,
 * the frequency histogram against the model's, and weekly tracking of repeat purchases by the model
 * fitted on the training split, through the holdout to the as-of day.
 */
import { formatDay } from '../analytics/civil-days.js';
import {
  type FrequencyHistogram,
  type FrequencyRecencyMatrices,
  frequencyHistogram,
  frequencyRecencyMatrices,
} from '../analytics/model-diagnostics.js';
import type { RepeatModel, RepeatModelKind } from '../analytics/repeat-model.js';
import {
  type CustomerSummary,
  customerSummaries,
  fittableRows,
  type TransactionColumns,
} from '../analytics/summaries.js';
import { trackingSeries } from '../analytics/tracking-series.js';

export interface TrackingWeek {
  weekEnd: string;
  /** Cumulative repeat purchases by the end of the week, seen and expected. */
  actual: number;
  model: number;
  /** The week's own repeat purchases, seen and expected (FHL 2005, fig. 4). */
  actualWeekly: number;
  modelWeekly: number;
}

export interface FitDiagnostics {
  /** Of the chosen model refitted up to the as-of, over the customers it was fitted to; time in days. */
  frequencyRecency: FrequencyRecencyMatrices;
  frequencyHistogram: FrequencyHistogram;
  /** The customers of the training split, by the chosen model as fitted on that split. */
  tracking: { kind: RepeatModelKind; trainingCutoff: string; weeks: TrackingWeek[] };
}

/** The diagnostics' inputs: the fit up to the as-of and the chosen model's fit on the training split. */
export interface DiagnosticsInput {
  columns: TransactionColumns;
  asOf: number;
  /** The customers at the as-of, in days. */
  summary: CustomerSummary;
  horizonDays: number;
  model: RepeatModel;
  trainingCutoff: number;
  trainingModel: RepeatModel;
}

const round = (v: number, digits: number) => Number(v.toFixed(digits));
const rounded = (rows: number[][]) => rows.map((row) => row.map((v) => round(v, 4)));

export function fitDiagnostics(input: DiagnosticsInput): FitDiagnostics {
  const { columns, asOf, model } = input;
  const rows = fittableRows(input.summary);
  const matrices = frequencyRecencyMatrices(model, rows, input.horizonDays);
  const histogram = frequencyHistogram(model, rows);
  const training = customerSummaries(columns, { asOf: input.trainingCutoff, period: 'day', unit: 'day' });
  const t = trackingSeries(columns, training, input.trainingModel, asOf, 1, 'day');
  return {
    frequencyRecency: {
      ...matrices,
      pAlive: rounded(matrices.pAlive),
      expectedPurchases: rounded(matrices.expectedPurchases),
    },
    frequencyHistogram: { ...histogram, model: histogram.model.map((v) => round(v, 2)) },
    tracking: {
      kind: input.trainingModel.kind,
      trainingCutoff: formatDay(input.trainingCutoff),
      weeks: Array.from(t.weekEnd, (day, w) => ({
        weekEnd: formatDay(day),
        actual: t.actual[w],
        model: round(t.model[w], 2),
        actualWeekly: t.actual[w] - (w > 0 ? t.actual[w - 1] : 0),
        modelWeekly: round(t.model[w] - (w > 0 ? t.model[w - 1] : 0), 2),
      })),
    },
  };
}
