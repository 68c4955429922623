import { z } from 'zod';
import { REPEAT_MODELS } from '../analytics/repeat-model.js';
import { isoDate } from '../http/dates.js';
import { MODEL_ABSENT_REASONS } from './workspace-model.js';

const params = z.record(z.string(), z.number());

/** As `clm fit` prints it: from the Hessian of the log-likelihood, intervals symmetric on the log scale. */
const uncertaintyJson = z.object({
  level: z.number(),
  scale: z.literal('log'),
  standardErrors: params,
  /** [lower, upper] of each parameter. */
  intervals: z.record(z.string(), z.array(z.number()).length(2)),
});

const fitJson = z.object({
  params,
  logLikelihood: z.number().nullable(),
  n: z.number().int(),
  converged: z.boolean(),
  /** Null when the optimum is no proper maximum, or for a fit made before it was kept. */
  uncertainty: uncertaintyJson.nullable(),
});

const grid = z.array(z.array(z.number()));

/** The chosen repeat model against the workspace's data, as the BTYD literature plots it. */
const diagnosticsJson = z.object({
  /** For a customer of the longest age T (days); rows by recency, columns by frequency. */
  frequencyRecency: z.object({
    T: z.number(),
    horizon: z.number(),
    frequencies: z.array(z.number()),
    recencies: z.array(z.number()),
    pAlive: grid,
    /** Purchases expected over `horizon` days. */
    expectedPurchases: grid,
  }),
  /** Customers by repeat purchases up to the as-of ("0" … "7+"), seen and by the model. */
  frequencyHistogram: z.object({
    frequency: z.array(z.string()),
    actual: z.array(z.number()),
    model: z.array(z.number()),
  }),
  /** Repeat purchases of the training split's customers by week, seen and by its fit on that split. */
  tracking: z.object({
    kind: z.enum(REPEAT_MODELS),
    trainingCutoff: isoDate,
    weeks: z.array(
      z.object({
        weekEnd: isoDate,
        actual: z.number(),
        model: z.number(),
        actualWeekly: z.number(),
        modelWeekly: z.number(),
      }),
    ),
  }),
});

const scoreJson = z.object({ auc: z.number().nullable(), brier: z.number().nullable() });

/** `GET /analytics/models`: the workspace's fit, the candidates it was chosen from, and the data behind it. */
export const modelsJson = z.object({
  fittedAsOf: isoDate.nullable(),
  fittedAt: z.string().nullable(),
  /** Why there is no repeat model (and no prediction that needs one); null when there is one. */
  reason: z.enum(MODEL_ABSENT_REASONS).nullable(),
  /** Why there is no churn model (and no churn risk anywhere); null when there is one. */
  churnReason: z.enum(MODEL_ABSENT_REASONS).nullable(),
  minimums: z.object({
    customers: z.number().int(),
    repeatBuyers: z.number().int(),
    historyDays: z.number().int(),
  }),
  data: z
    .object({ customers: z.number().int(), repeatBuyers: z.number().int(), historyDays: z.number().int() })
    .nullable(),
  criterion: z.literal('holdout-log-likelihood'),
  chosen: z.enum(REPEAT_MODELS).nullable(),
  /** The day the candidates' training split ends; their holdout runs from it to the as-of. */
  trainingCutoff: isoDate.nullable(),
  candidates: z.array(
    z.object({
      kind: z.enum(REPEAT_MODELS),
      params: params.nullable(),
      converged: z.boolean(),
      holdoutLogLikelihood: z.number().nullable(),
      holdoutMae: z.number().nullable(),
      reason: z.string().nullable(),
    }),
  ),
  /** The chosen model refitted on everything up to the as-of; time unit: days. */
  repeatModel: fitJson.extend({ kind: z.enum(REPEAT_MODELS) }).nullable(),
  gammaGamma: fitJson.nullable(),
  /**
   * How the 90 % intervals of each customer's expected purchases and CLV (GET /customers/:id/value)
   * are made: the delta method on the parameters' covariance. They show the uncertainty of the fit,
   * not the randomness of the customer's own future.
   */
  customerIntervals: z.object({ level: z.number(), method: z.literal('delta-method') }),
  /** Null without a repeat model, or for a fit made before they were kept. */
  diagnostics: diagnosticsJson.nullable(),
  churn: z
    .object({
      horizonDays: z.number().int(),
      terms: z.array(z.object({ feature: z.string(), coefficient: z.number() })),
      intercept: z.number(),
      trainingRows: z.number().int(),
      trainingRate: z.number().nullable(),
      converged: z.boolean(),
      /** The forecast made HORIZON_DAYS before the fit's as-of, checked on the days since. */
      backtest: z
        .object({
          calibrationEnd: isoDate,
          holdoutEnd: isoDate,
          customers: z.number().int(),
          lapsedRate: z.number(),
          churnModel: scoreJson,
          daysSinceLast: scoreJson,
          modelNoPurchase: scoreJson.extend({ kind: z.enum(REPEAT_MODELS) }).nullable(),
        })
        .nullable(),
    })
    .nullable(),
});
