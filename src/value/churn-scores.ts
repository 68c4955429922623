import { churnFeatureInput } from '../analytics/churn-forecast.js';
import {
  type ChurnFeature,
  type ChurnModel,
  type ChurnPrediction,
  type ChurnSignals,
  churnBands,
  churnContributions,
  churnFeatures,
  predictChurn,
} from '../analytics/churn-model.js';
import type { CustomerSummary } from '../analytics/summaries.js';
import type { CustomerPredictions } from './predict-customers.js';

/** Each customer's P(no purchase in the next 90 days), its band, and the model terms behind it. */
export interface ChurnScores {
  probability: Float64Array;
  /** Index into CHURN_BANDS. */
  band: Uint8Array;
  prediction: ChurnPrediction;
  model: ChurnModel;
  /** The service signals the customers were scored with, row by row: the reasons' figures. */
  signals: ChurnSignals;
}

/**
 * The workspace's churn model (scoring/workspace-model.ts) applied to the customers at `asOf`: features
 * built as in training, with the repeat model's P(no purchase) where the model learnt with one, and
 * the customers' service signals at `asOf` (scoring/churn-signals.ts) where it learnt with them.
 */
export function churnScores(
  model: ChurnModel,
  summary: CustomerSummary,
  asOf: number,
  predictions: CustomerPredictions | null,
  bands: readonly [number, number, number],
  signals?: ChurnSignals,
): ChurnScores {
  const input = churnFeatureInput(summary, asOf, predictions ?? undefined, signals);
  const prediction = predictChurn(model, churnFeatures(input, model.populationInterval));
  return {
    probability: prediction.probability,
    band: churnBands(prediction.probability, bands),
    prediction,
    model,
    signals: {
      interactions: input.interactions,
      openComplaints: input.openComplaints,
      slaBreaches: input.slaBreaches,
      satisfactionDrop: input.satisfactionDrop,
    },
  };
}

// The figure behind each service signal's reason, under the name the reason shows it by.
const SIGNAL_METRICS: Partial<Record<ChurnFeature, keyof ChurnSignals>> = {
  recent_interactions: 'interactions',
  open_complaints: 'openComplaints',
  sla_breaches: 'slaBreaches',
  satisfaction_drop: 'satisfactionDrop',
};

/**
 * Customer i's reasons as stored with the value: each model term's push on the log-odds of no purchase
 * (positive raises the risk), largest first, leaving out pushes below 0.1 (a tenth of a log-odds unit).
 * A service signal's reason carries the customer's figure (e.g. `{openComplaints: 2}`).
 */
export function churnModelReasons(scores: ChurnScores, i: number) {
  return churnContributions(scores.model, scores.prediction, i)
    .filter((t) => Math.abs(t.contribution) >= 0.1)
    .map((t) => {
      const metric = SIGNAL_METRICS[t.feature];
      const value = metric && scores.signals[metric]?.[i];
      return {
        code: t.feature,
        points: Math.round(t.contribution * 100) / 100,
        metrics: metric && value !== undefined ? { [metric]: Math.round(value * 10_000) / 10_000 } : {},
      };
    });
}
