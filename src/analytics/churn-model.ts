/**
 * Churn risk as a calibrated probability: P(no purchase in the next N days), from a logistic
 * regression on a few features of each customer, fitted where the outcome is already known (features
 * at an earlier cutoff, label = no purchase in the window after it) and applied today. Every feature
 * is standardised with the training mean and deviation, so a customer's reason is the term
 * coefficient × standardised value: its push on the log-odds against an average customer.
 */
import { AppError } from '../errors.js';
import { fitLogisticRegression, type LogisticOptions, sigmoid } from './logistic-regression.js';
import { medianInPlace } from './median.js';

export const CHURN_FEATURES = [
  /** logit of the repeat-purchase model's P(no purchase in the window). */
  'model_no_purchase',
  /** ln(1 + days since the last purchase). */
  'days_since_last',
  /** ln((days since last + 1) / (own median gap + 1)); the population's gap for one-time buyers. */
  'overdue_ratio',
  /** ln(1 + repeat purchases). */
  'frequency',
  /** ln(1 + mean net spend per purchase). */
  'monetary',
  /** (recent − usual) / (recent + usual) spend per trend window, in [−1, 1]; 0 without spend. */
  'spend_trend',
  /** ln(1 + days since the first purchase). */
  'tenure',
  /** 1 for a customer without a repeat purchase. */
  'one_time_buyer',
  /** ln(1 + interactions in the 90 days up to the day), when the caller has them. */
  'recent_interactions',
  /** ln(1 + complaints opened by the day and not resolved by it), when the caller has them. */
  'open_complaints',
  /** ln(1 + SLA breaches on the customer's tickets in the 90 days up to the day), when the caller has them. */
  'sla_breaches',
  /** How much of their satisfaction the latest answer lost against the one before, in [0, 1], when the caller has it. */
  'satisfaction_drop',
] as const;
export type ChurnFeature = (typeof CHURN_FEATURES)[number];

/**
 * What the service desk, the surveys and the follow-ups say of each customer at one day (see
 * scoring/churn-signals.ts for their definitions), by the caller's customer index; a signal the
 * caller does not have is absent.
 */
export interface ChurnSignals {
  interactions?: Float64Array;
  openComplaints?: Float64Array;
  slaBreaches?: Float64Array;
  satisfactionDrop?: Float64Array;
}

/** The features the signals feed: a workspace where one does not vary learns without it. */
export const SIGNAL_FEATURES: readonly ChurnFeature[] = [
  'recent_interactions',
  'open_complaints',
  'sla_breaches',
  'satisfaction_drop',
];

/** Per-customer inputs at one as-of day; all columns have one value per customer. */
export interface ChurnFeatureInput extends ChurnSignals {
  daysSinceLast: Float64Array;
  /** Own median gap between purchase days; NaN with fewer than two purchase days. */
  medianInterval: Float64Array;
  /** Repeat purchases (x) and net spend in total. */
  frequency: Float64Array;
  total: Float64Array;
  /** Net spend in the recent trend window and the customer's usual spend per window before it. */
  recentSpend: Float64Array;
  previousSpend: Float64Array;
  tenureDays: Float64Array;
  /** The repeat-purchase model's P(no purchase in the window); omit when no model could be fitted. */
  pNoPurchase?: Float64Array;
}

export interface ChurnFeatures {
  names: ChurnFeature[];
  columns: Float64Array[];
  /** The gap used for customers without one of their own (the median of the own medians). */
  populationInterval: number;
}

/** The feature columns of the inputs present; `populationInterval` from the training set when scoring. */
export function churnFeatures(input: ChurnFeatureInput, populationInterval?: number): ChurnFeatures {
  const n = input.daysSinceLast.length;
  const gap = populationInterval ?? medianOfPositive(input.medianInterval);
  const column = (f: (i: number) => number) => {
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) out[i] = f(i);
    return out;
  };
  const names: ChurnFeature[] = [];
  const columns: Float64Array[] = [];
  const add = (name: ChurnFeature, values: Float64Array) => {
    names.push(name);
    columns.push(values);
  };
  const pNone = input.pNoPurchase;
  if (pNone)
    add(
      'model_no_purchase',
      column((i) => logit(pNone[i])),
    );
  add(
    'days_since_last',
    column((i) => Math.log1p(input.daysSinceLast[i])),
  );
  add(
    'overdue_ratio',
    column((i) => {
      const own = input.medianInterval[i];
      const interval = own > 0 ? own : gap > 0 ? gap : 1;
      return Math.log((input.daysSinceLast[i] + 1) / (interval + 1));
    }),
  );
  add(
    'frequency',
    column((i) => Math.log1p(input.frequency[i])),
  );
  add(
    'monetary',
    column((i) => Math.log1p(Math.max(0, input.total[i] / (input.frequency[i] + 1)))),
  );
  add(
    'spend_trend',
    column((i) => {
      const recent = Math.max(0, input.recentSpend[i]);
      const usual = Math.max(0, input.previousSpend[i]);
      return recent + usual > 0 ? (recent - usual) / (recent + usual) : 0;
    }),
  );
  add(
    'tenure',
    column((i) => Math.log1p(input.tenureDays[i])),
  );
  add(
    'one_time_buyer',
    column((i) => (input.frequency[i] === 0 ? 1 : 0)),
  );
  const counts: [ChurnFeature, Float64Array | undefined][] = [
    ['recent_interactions', input.interactions],
    ['open_complaints', input.openComplaints],
    ['sla_breaches', input.slaBreaches],
  ];
  for (const [name, values] of counts)
    if (values)
      add(
        name,
        column((i) => Math.log1p(Math.max(0, values[i]))),
      );
  const drop = input.satisfactionDrop;
  if (drop)
    add(
      'satisfaction_drop',
      column((i) => Math.min(1, Math.max(0, drop[i]))),
    );
  return { names, columns, populationInterval: gap };
}

/** A fitted churn model: what scoring needs, as plain data (it can be stored as JSON). */
export interface ChurnModel {
  features: ChurnFeature[];
  /** Training mean and standard deviation of each feature (deviation 1 for a constant one). */
  mean: number[];
  sd: number[];
  intercept: number;
  coefficients: number[];
  populationInterval: number;
  /** Training rows and their share with no purchase in the window. */
  trainingRows: number;
  trainingRate: number;
  converged: boolean;
}

/** The code of the error fitChurnModel throws when every training label is the same. */
export const ONE_OUTCOME = 'one-outcome';

/**
 * Fits the model on features at an earlier cutoff and labels 1 = no purchase in the window after it.
 * The default ridge penalty λ = 1 on standardised features barely moves a fit on thousands of
 * customers and keeps a constant or separated feature from running off. A signal that is the same
 * for every training row (a workspace without tickets, surveys or follow-ups) is left out, so such a
 * workspace's model is the one it would have without the signal.
 */
export function fitChurnModel(
  all: ChurnFeatures,
  labels: Uint8Array,
  options: LogisticOptions = {},
): ChurnModel {
  let positives = 0;
  for (const y of labels) positives += y;
  // Every training customer stopped buying, or none did: nothing tells the two apart.
  if (positives === 0 || positives === labels.length)
    throw new AppError(
      422,
      ONE_OUTCOME,
      positives === 0
        ? 'every customer of the training period bought again in its window: no one to learn churn from'
        : 'no customer of the training period bought again in its window: no one to learn churn from',
    );
  const features = withoutConstantSignals(all);
  const mean: number[] = [];
  const sd: number[] = [];
  const standardised = features.columns.map((values) => {
    const [m, s] = meanAndDeviation(values);
    mean.push(m);
    sd.push(s);
    return values.map((v) => (v - m) / s);
  });
  const fit = fitLogisticRegression(standardised, labels, options);
  return {
    features: features.names,
    mean,
    sd,
    intercept: fit.intercept,
    coefficients: Array.from(fit.coefficients),
    populationInterval: features.populationInterval,
    trainingRows: labels.length,
    trainingRate: positives / labels.length,
    converged: fit.converged,
  };
}

export interface ChurnPrediction {
  /** P(no purchase in the window) per customer. */
  probability: Float64Array;
  /** Per feature (in model.features order), each customer's term coefficient × standardised value. */
  contributions: Float64Array[];
}

/** Scores customers: their features must be built as in training (same names, the model's interval). */
export function predictChurn(model: ChurnModel, features: ChurnFeatures): ChurnPrediction {
  const n = features.columns[0]?.length ?? 0;
  const contributions = model.features.map((name, j) => {
    const at = features.names.indexOf(name);
    if (at < 0) throw new RangeError(`the churn model needs the feature ${name}`);
    const values = features.columns[at];
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) out[i] = (model.coefficients[j] * (values[i] - model.mean[j])) / model.sd[j];
    return out;
  });
  const probability = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let eta = model.intercept;
    for (const c of contributions) eta += c[i];
    probability[i] = sigmoid(eta);
  }
  return { probability, contributions };
}

export const CHURN_BANDS = ['low', 'medium', 'high', 'critical'] as const;
export type ChurnBand = (typeof CHURN_BANDS)[number];

/**
 * Lower bounds of medium, high and critical on P(no purchase in the window). The defaults read: more
 * likely than not to stay away (0.5), two in three (0.67), nine in ten (0.9). They are data: a
 * workspace edits them.
 */
export const DEFAULT_CHURN_BANDS: readonly [number, number, number] = [0.5, 0.67, 0.9];

/** Band index of each probability into {@link CHURN_BANDS}. */
export function churnBands(
  probability: Float64Array,
  bounds: readonly [number, number, number] = DEFAULT_CHURN_BANDS,
): Uint8Array {
  const [medium, high, critical] = bounds;
  if (!(medium <= high && high <= critical)) throw new RangeError('churn band bounds must be ascending');
  const band = new Uint8Array(probability.length);
  for (let i = 0; i < probability.length; i++) {
    const p = probability[i];
    band[i] = p >= critical ? 3 : p >= high ? 2 : p >= medium ? 1 : 0;
  }
  return band;
}

export interface ChurnReasonTerm {
  feature: ChurnFeature;
  /** Push on the log-odds of no purchase: positive raises the risk. */
  contribution: number;
}

/** Customer i's terms, largest push first. */
export function churnContributions(
  model: ChurnModel,
  prediction: ChurnPrediction,
  i: number,
): ChurnReasonTerm[] {
  return model.features
    .map((feature, j) => ({ feature, contribution: prediction.contributions[j][i] }))
    .sort((a, b) => Math.abs(b.contribution) - Math.abs(a.contribution));
}

function withoutConstantSignals(features: ChurnFeatures): ChurnFeatures {
  const keep = features.names.map(
    (name, j) =>
      !SIGNAL_FEATURES.includes(name) || features.columns[j].some((v) => v !== features.columns[j][0]),
  );
  return {
    names: features.names.filter((_, j) => keep[j]),
    columns: features.columns.filter((_, j) => keep[j]),
    populationInterval: features.populationInterval,
  };
}

// A probability of exactly 0 or 1 (a model's limit) would give an infinite feature.
const logit = (p: number) => {
  const q = Math.min(1 - 1e-9, Math.max(1e-9, p));
  return Math.log(q / (1 - q));
};

function meanAndDeviation(values: Float64Array): [number, number] {
  let sum = 0;
  for (const v of values) sum += v;
  const mean = values.length > 0 ? sum / values.length : 0;
  let squares = 0;
  for (const v of values) squares += (v - mean) ** 2;
  const sd = Math.sqrt(squares / Math.max(1, values.length));
  return [mean, sd > 1e-12 ? sd : 1];
}

function medianOfPositive(values: Float64Array): number {
  const kept = new Float64Array(values.length);
  let n = 0;
  for (const v of values) if (v > 0) kept[n++] = v;
  return n > 0 ? medianInPlace(kept, n) : Number.NaN;
}
