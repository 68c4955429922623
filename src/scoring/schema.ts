import { z } from 'zod';
import { REPEAT_MODELS } from '../analytics/repeat-model.js';
import { isoDate } from '../http/dates.js';
import { MODEL_ABSENT_REASONS } from './workspace-model.js';

const params = z.record(z.string(), z.number());
const fitJson = z.object({
  params,
  logLikelihood: z.number().nullable(),
  n: z.number().int(),
  converged: z.boolean(),
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
