import { z } from 'zod';
import { isoDate } from '../http/dates.js';
import { stageModelSchema } from './stage-model.js';

export const metricsJson = z.object({
  n: z.number().int(),
  gap: z.number().int().nullable(),
  rhythm: z.number().nullable(),
  tenure: z.number().int().nullable(),
  rev90: z.number(),
  prev90: z.number(),
  pAlive: z.number().nullable(),
  hasOwner: z.boolean(),
  openOpportunity: z.boolean(),
  recentInteraction: z.boolean(),
  terminatedByUser: z.boolean(),
  /** Days the longest-open complaint had stood open; absent without one. */
  openComplaintDays: z.number().int().optional(),
  /** The share of satisfaction the latest survey answer lost; absent without a drop. */
  satisfactionDrop: z.number().optional(),
});

export const churnReasonInput = z.strictObject({
  category: z.enum(['company', 'competitor', 'customer']),
  detail: z.string().trim().min(1).max(1000).optional(),
});

/** Why a customer is in a stage: a rule and the metrics it saw, or a person and their reason. */
export const causeJson = z.discriminatedUnion('type', [
  z.object({ type: z.literal('rule'), rule: z.string(), metrics: metricsJson }),
  z.object({
    type: z.literal('manual'),
    userId: z.uuid().nullable(),
    reason: z.string(),
    until: isoDate.nullable(),
    churnReason: churnReasonInput.optional(),
  }),
]);
export type CauseJson = z.infer<typeof causeJson>;

const placementJson = { stage: z.string(), since: isoDate, cause: causeJson };

export const lifecycleJson = z.object({
  model: z.string(),
  ...placementJson,
  /** Present when the workspace has business lines: the stage in each line the customer bought in. */
  byBusinessLine: z.array(z.object({ businessLineId: z.uuid(), ...placementJson })).optional(),
  /** The customer's metrics at the last refresh's as-of (the cause keeps those of the day of entry). */
  now: z.object({ asOf: isoDate, metrics: metricsJson }).optional(),
});
export type LifecycleJson = z.infer<typeof lifecycleJson>;

export const historyJson = z.object({
  data: z.array(
    z.object({
      from: z.string().nullable(),
      to: z.string(),
      at: isoDate,
      businessLineId: z.uuid().nullable(),
      cause: causeJson,
    }),
  ),
});

export const historyQuery = z.object({ businessLineId: z.uuid().optional() });

export const overrideInput = z.strictObject({
  stage: z.string().min(1).max(40),
  reason: z.string().trim().min(1).max(1000),
  /** Holds through this day (workspace time zone); without it, until the next purchase. */
  until: isoDate.optional(),
  /** Why the customer declined or left; only with a stage of the decline or termination phase. */
  churnReason: churnReasonInput.optional(),
});
export type OverrideInput = z.infer<typeof overrideInput>;

export const refreshInput = z.strictObject({ asOf: isoDate });
export const refreshJson = z.object({ evaluated: z.number().int(), changed: z.number().int() });

export const distributionQuery = z.object({ asOf: isoDate.optional() });
export const distributionJson = z.object({
  model: z.string(),
  asOf: isoDate.nullable(),
  stages: z.array(
    z.object({
      stage: z.string(),
      labels: z.object({ en: z.string(), 'zh-CN': z.string() }).nullable(),
      colour: z.string().nullable(),
      count: z.number().int(),
      /** Net revenue of these customers up to asOf (all time without it), a decimal string. */
      revenue: z.string(),
      /** Their stored CLV, a decimal string; null for a past day (no past values are kept). */
      clv: z.string().nullable(),
    }),
  ),
});

export const modelsJson = z.object({
  current: z.string(),
  /** The current model with the workspace's threshold changes applied: what the rules run with. */
  effective: stageModelSchema,
  data: z.array(z.object({ preset: z.boolean(), model: stageModelSchema })),
});

const labelsJson = z.object({ en: z.string(), 'zh-CN': z.string() }).nullable();
const shownStage = { labels: labelsJson, colour: z.string().nullable() };

export const periodQuery = z.object({ from: isoDate.optional(), to: isoDate.optional() });

const stagePairJson = z.object({ from: z.string().nullable(), to: z.string(), count: z.number().int() });
export const transitionsJson = z.object({
  model: z.string(),
  from: isoDate,
  to: isoDate,
  /** Customers by their stage at `from` (null: not yet placed) and at `to`. */
  matrix: z.array(stagePairJson),
  /** Stage changes recorded in (from, to], by their from and to stages. */
  changes: z.array(stagePairJson),
  /** Sankey: a node per stage on each side, links from the `from` side to the `to` side. */
  nodes: z.array(
    z.object({ id: z.string(), side: z.enum(['from', 'to']), stage: z.string().nullable(), ...shownStage }),
  ),
  links: z.array(z.object({ source: z.string(), target: z.string(), value: z.number().int() })),
});

export const durationsJson = z.object({
  model: z.string(),
  stages: z.array(
    z.object({
      stage: z.string(),
      ...shownStage,
      completed: z.number().int(),
      medianDays: z.number().nullable(),
      ongoing: z.number().int(),
      ongoingMedianDays: z.number().nullable(),
    }),
  ),
});

export const funnelJson = z.object({
  model: z.string(),
  steps: z.array(
    z.object({
      stage: z.string(),
      ...shownStage,
      reached: z.number().int(),
      conversion: z.number().nullable(),
    }),
  ),
});

export const kpisJson = z.object({
  model: z.string(),
  from: isoDate,
  to: isoDate,
  series: z.array(
    z.object({
      month: z.string(),
      explorationDays: z.number().nullable(),
      formationDays: z.number().nullable(),
      stabilityDays: z.number().nullable(),
      declineRate: z.number().nullable(),
      recoveryRate: z.number().nullable(),
      counts: z.object({
        explorationExits: z.number().int(),
        formed: z.number().int(),
        stabilityExits: z.number().int(),
        active: z.number().int(),
        declines: z.number().int(),
        inDecline: z.number().int(),
        recoveries: z.number().int(),
      }),
    }),
  ),
});

export const churnReasonsJson = z.object({
  from: isoDate,
  to: isoDate,
  /** Manual decline and termination entries in [from, to] by reason category and stage. */
  data: z.array(
    z.object({
      category: z.enum(['company', 'competitor', 'customer']),
      stage: z.string(),
      count: z.number().int(),
    }),
  ),
});
