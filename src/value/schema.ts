import { z } from 'zod';
import { CHURN_BANDS } from '../analytics/churn-model.js';
import { isoDate } from '../http/dates.js';
import { listJson, pageQuery } from '../http/list.js';
import { MODEL_ABSENT_REASONS } from '../scoring/workspace-model.js';

/** Money as a decimal string, as everywhere in the API: no amount passes through a float. */
const money = z.string();

export const churnReasonJson = z.object({
  code: z.string(),
  points: z.number(),
  metrics: z.record(z.string(), z.number().nullable()),
});

/**
 * A customer's churn risk: the churn model's P(no purchase in the next 90 days) × 100, its level and
 * CLV × risk, all null when the workspace has no churn model, with the reason (see GET /analytics/models).
 */
const churnRisk = {
  churnRisk: z.number().nullable(),
  churnLevel: z.enum(CHURN_BANDS).nullable(),
  valueAtRisk: money.nullable(),
  churnAbsentReason: z.enum(MODEL_ABSENT_REASONS).nullable(),
};

export const customerValueJson = z.object({
  customerId: z.uuid(),
  asOf: isoDate,
  computedAt: z.string(),
  purchaseDays: z.number().int(),
  daysSinceLast: z.number().int(),
  revenue: money,
  rfm: z.object({ r: z.number().int(), f: z.number().int(), m: z.number().int(), segment: z.string() }),
  cnClass: z.string(),
  abcClass: z.enum(['A', 'B', 'C']),
  pAlive: z.number().nullable(),
  expectedPurchases90d: z.number().nullable(),
  expectedAvgSpend: money.nullable(),
  clv: money.nullable(),
  /**
   * Why P(alive), the expected purchases, spend or CLV are null: the workspace's fit is below a
   * minimum or did not converge (see GET /analytics/models), or it has no spend model.
   */
  absentReason: z.enum([...MODEL_ABSENT_REASONS, 'no-spend-model']).nullable(),
  ...churnRisk,
  churnReasons: z.array(churnReasonJson),
});
export type CustomerValueJson = z.infer<typeof customerValueJson>;

/**
 * 90 % intervals of the expected purchases and CLV from the uncertainty of the workspace's fit, by the
 * delta method (see GET /analytics/models): how sure the model is, not how the customer's own future
 * may vary.
 */
const valueIntervalsJson = z.object({
  level: z.number(),
  method: z.literal('delta-method'),
  /** [lower, upper]. */
  expectedPurchases90d: z.array(z.number()).length(2),
  /** [lower, upper]; null without a CLV or without the spend fit's uncertainty. */
  clv: z.array(money).length(2).nullable(),
});
export type ValueIntervalsJson = z.infer<typeof valueIntervalsJson>;

/** `GET /customers/:id/value`: the stored value and the intervals of its predictions. */
export const customerValueResponseJson = customerValueJson.extend({
  /** Null when there is no prediction, the fit has no uncertainty, or the value predates the fit. */
  intervals: valueIntervalsJson.nullable(),
});

/** The part of a customer's value shown with the customer itself; the rest is at /customers/:id/value. */
export const customerValueSummaryJson = z.object({
  asOf: isoDate,
  rfmSegment: z.string(),
  cnClass: z.string(),
  abcClass: z.enum(['A', 'B', 'C']),
  pAlive: z.number().nullable(),
  clv: money.nullable(),
  ...churnRisk,
});
export type CustomerValueSummaryJson = z.infer<typeof customerValueSummaryJson>;

const countAndRevenue = { count: z.number().int(), revenue: money };

export const rfmJson = z.object({
  asOf: isoDate.nullable(),
  customers: z.number().int(),
  /** Scores run 1…bins: the workspace's RFM bins (value-scales.ts). */
  bins: z.number().int(),
  segments: z.array(z.object({ segment: z.string(), ...countAndRevenue })),
  cnClasses: z.array(z.object({ class: z.string(), ...countAndRevenue })),
  /** bins × bins cells, R = 1…bins by F = 1…bins. */
  grid: z.array(z.object({ r: z.number().int(), f: z.number().int(), ...countAndRevenue })),
});

export const abcJson = z.object({
  asOf: isoDate.nullable(),
  /** The workspace's shares of revenue covered by A and by B next (value-scales.ts). */
  thresholds: z.object({ a: z.number(), b: z.number() }),
  classes: z.array(
    z.object({
      class: z.enum(['A', 'B', 'C']),
      ...countAndRevenue,
      customerShare: z.number(),
      revenueShare: z.number(),
    }),
  ),
  /** Customers by revenue, largest first: the share of customers against the share of revenue they bring. */
  pareto: z.array(z.object({ customerShare: z.number(), revenueShare: z.number() })),
});

export const clvQuery = z.object({ buckets: z.coerce.number().int().min(1).max(100).default(20) });
export const clvJson = z.object({
  asOf: isoDate.nullable(),
  customers: z.number().int(),
  total: money,
  quantiles: z.array(z.object({ p: z.number(), value: money })),
  histogram: z.array(z.object({ from: money, to: money, count: z.number().int() })),
});

export const warningsQuery = pageQuery.extend({
  ownerId: z.uuid().optional(),
  /** The lowest churn level listed. */
  minLevel: z.enum(['low', 'medium', 'high', 'critical']).default('medium'),
});
export const warningsJson = listJson(
  z.object({
    customerId: z.uuid(),
    name: z.string(),
    ownerId: z.uuid().nullable(),
    churnRisk: z.number(),
    churnLevel: z.string(),
    clv: money.nullable(),
    valueAtRisk: money,
    reasons: z.array(churnReasonJson),
  }),
);
