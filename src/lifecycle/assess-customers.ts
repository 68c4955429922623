import type { BgNbdParams } from '../analytics/bgnbd.js';
import type { Tx } from '../db/tenant.js';
import { workspaceTransactions } from '../value/transaction-columns.js';
import { type Assessment, assessCustomer } from './assess.js';
import { lastRecordings, type PurchaseRow, signalRows } from './metrics.js';
import { purchaseRowsOf } from './purchase-rows.js';
import type { StageModel } from './stage-model.js';
import { activeOverrides, currentStages, type StoredStage } from './store.js';

export interface CustomerAssessment {
  customerId: string;
  /** The stored stages, by business line id ('' for the customer as a whole). */
  current: Map<string, StoredStage>;
  assessment: Assessment;
}

/** The customers to place, each placed when asked for: a refresh writes the first while it places the next. */
export interface CustomerAssessments {
  count: number;
  /** Places the i-th customer (0 ≤ i < count). */
  assess(i: number): CustomerAssessment;
}

/**
 * Reads what the rules need about the given customers (null: everyone) at day D, to place each of
 * them by the model: what a refresh writes and what a settings preview counts. `purchases`, when
 * the caller has them already (see purchaseRowsOf), cover at least these customers.
 */
export async function assessCustomers(
  tx: Tx,
  timezone: string,
  model: StageModel,
  day: number,
  ids: string[] | null,
  fit: BgNbdParams | null,
  purchases?: PurchaseRow[],
): Promise<CustomerAssessments> {
  const [rows, signals, current, overrides] = await Promise.all([
    purchases ??
      workspaceTransactions(tx, timezone, ids).then((t) => purchaseRowsOf(t, day, model.windows.revenueDays)),
    signalRows(tx, timezone, day, ids),
    currentStages(tx, ids),
    activeOverrides(tx, ids),
  ]);
  const recorded = await lastRecordings(tx, timezone, day, [...overrides.keys()]);
  const byCustomer = new Map<string, PurchaseRow[]>();
  for (const row of rows) {
    if (row.businessLineId === null) row.lastRecordedAt = recorded.get(row.customerId) ?? null;
    const rows = byCustomer.get(row.customerId);
    if (rows) rows.push(row);
    else byCustomer.set(row.customerId, [row]);
  }
  return {
    count: signals.length,
    assess(i) {
      const signal = signals[i];
      const customerId = signal.customerId;
      const stored = current.get(customerId) ?? new Map<string, StoredStage>();
      const facts = {
        signals: signal,
        purchases: byCustomer.get(customerId) ?? [],
        override: overrides.get(customerId),
        current: stored,
      };
      return { customerId, current: stored, assessment: assessCustomer(model, day, facts, fit) };
    },
  };
}
