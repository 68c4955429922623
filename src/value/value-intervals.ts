import { parseIsoDay } from '../analytics/civil-days.js';
import { INTERVAL_LEVEL } from '../analytics/parameter-uncertainty.js';
import { customerSummaries } from '../analytics/summaries.js';
import type { Tx } from '../db/tenant.js';
import { storedWorkspaceModel } from '../scoring/model-store.js';
import { VALUE_PREDICTIONS } from './customer-values.js';
import { predictionIntervals } from './predict-customers.js';
import type { CustomerValueJson, ValueIntervalsJson } from './schema.js';
import { valueColumns, workspaceTransactions } from './transaction-columns.js';

// A refresh stores the fit and the values it scored with in one transaction, at one now(); the two
// columns round it differently.
const SAME_REFRESH_MS = 1_000;

/**
 * 90 % intervals of a customer's stored expected purchases and CLV, from the uncertainty of the fit
 * they were computed with. Made when asked for, from the customer's purchases up to the value's
 * as-of: the delta method costs about a hundred model evaluations per customer for CLV, minutes for
 * a refresh of a million customers, for figures that only the value card shows. Null when the value
 * has no prediction, the fit has no uncertainty, or the fit is newer than the value.
 */
export async function valueIntervals(
  tx: Tx,
  timezone: string,
  value: CustomerValueJson,
): Promise<ValueIntervalsJson | null> {
  if (value.expectedPurchases90d === null) return null;
  const stored = await storedWorkspaceModel(tx);
  if (!stored?.model.repeat?.uncertainty) return null;
  if (stored.fittedAt.getTime() - Date.parse(value.computedAt) > SAME_REFRESH_MS) return null;
  const asOf = parseIsoDay(value.asOf);
  const all = await workspaceTransactions(tx, timezone, [value.customerId]);
  const summary = customerSummaries(valueColumns(all, asOf), { asOf, period: 'day', unit: 'day' });
  if (summary.customer.length !== 1) return null;
  const intervals = predictionIntervals(summary, stored.model, VALUE_PREDICTIONS);
  if (!intervals) return null;
  const { expectedPurchases: e, clv } = intervals;
  return {
    level: INTERVAL_LEVEL,
    method: 'delta-method',
    expectedPurchases90d: [e.lower[0], e.upper[0]],
    clv: clv && value.clv !== null ? [clv.lower[0].toFixed(2), clv.upper[0].toFixed(2)] : null,
  };
}
