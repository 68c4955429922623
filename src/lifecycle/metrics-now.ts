import { parseIsoDay } from '../analytics/civil-days.js';
import type { Tx } from '../db/tenant.js';
import { storedWorkspaceModel } from '../scoring/model-store.js';
import { workspaceTransactions } from '../value/transaction-columns.js';
import { placeAt } from './assess.js';
import { customerRecords } from './assess-customers.js';
import { groupByCustomer, maxRun, metricsOf } from './purchase-rows.js';
import type { StageMetrics } from './rules.js';
import { signalsAt } from './signals-at.js';
import type { StageModel } from './stage-model.js';

/**
 * A customer's metrics at the last refresh's as-of, with the fit the stages were placed with: what the
 * rules see now, beside the cause, which keeps the metrics of the day the stage was entered.
 */
export async function metricsNow(
  tx: Tx,
  timezone: string,
  model: StageModel,
  settings: { last_as_of: string | null },
  customerId: string,
): Promise<{ asOf: string; metrics: StageMetrics } | undefined> {
  if (settings.last_as_of === null) return undefined;
  const day = parseIsoDay(settings.last_as_of);
  const [sales, [record], stored] = await Promise.all([
    workspaceTransactions(tx, timezone, [customerId]),
    customerRecords(tx, timezone, [customerId]),
    storedWorkspaceModel(tx),
  ]);
  if (!record) return undefined;
  const g = groupByCustomer(sales);
  const k = sales.customerIds.indexOf(customerId);
  const row =
    k < 0 || g.start[k] === g.start[k + 1]
      ? null
      : metricsOf(
          customerId,
          null,
          g.day,
          g.cents,
          g.line,
          g.start[k],
          g.start[k + 1],
          0,
          day,
          model.windows.revenueDays,
          new Float64Array(Math.max(1, maxRun(g.start))),
        );
  const signals = signalsAt(record, day);
  const fit = stored?.model.repeat ?? null;
  const { cause } = placeAt(model, day, signals, row, fit, undefined);
  return cause.type === 'rule' ? { asOf: settings.last_as_of, metrics: cause.metrics } : undefined;
}
