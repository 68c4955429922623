import { type ChurnModel, type ChurnSignals, SIGNAL_FEATURES } from '../analytics/churn-model.js';
import type { Tx } from '../db/tenant.js';
import { recentInteractions } from '../interactions/churn-signals.js';
import { satisfactionDrops } from '../surveys/churn-signals.js';
import { SATISFACTION_DROP_DAYS } from '../surveys/satisfaction.js';
import { complaintSignals } from '../tickets/churn-signals.js';

/** Interactions and SLA breaches count over the 90 days up to a day, the churn horizon's length. */
export const SIGNAL_WINDOW_DAYS = 90;

/**
 * The churn model's service signals of the customers `customerIds` (by their index there) at the end
 * of each of `days`, each as its own domain computes it, one statement per domain for all the days.
 * A signal is zero where a customer has none, and absent on every day when no customer has it (the
 * churn fit leaves out a signal that does not vary anyway, churn-model.ts), unless `everySignal`.
 */
export async function readChurnSignals(
  tx: Tx,
  timezone: string,
  days: readonly number[],
  customerIds: readonly string[],
  options: {
    /** The columns hold only these customers' rows (`customerIds` are then these): read theirs alone. */
    only?: readonly string[];
    /** Every signal present, zero for everyone where nobody has it: scoring with a model that learnt it. */
    everySignal?: boolean;
  } = {},
): Promise<Map<number, ChurnSignals>> {
  const { only, everySignal = false } = options;
  const index = new Map(customerIds.map((id, k) => [id, k]));
  const signals = new Map<number, ChurnSignals>(days.map((day) => [day, {}]));
  const fill = (name: keyof ChurnSignals, rows: { day: number; customerId: string; value: number }[]) => {
    const known = rows.filter((r) => r.value !== 0 && index.has(r.customerId) && signals.has(r.day));
    if (known.length === 0 && !everySignal) return;
    for (const at of signals.values()) at[name] = new Float64Array(customerIds.length);
    for (const r of known) (signals.get(r.day)![name] as Float64Array)[index.get(r.customerId)!] = r.value;
  };
  const complaints = await complaintSignals(tx, timezone, days, SIGNAL_WINDOW_DAYS, only);
  fill(
    'openComplaints',
    complaints.map((r) => ({ ...r, value: r.openComplaints })),
  );
  fill(
    'slaBreaches',
    complaints.map((r) => ({ ...r, value: r.slaBreaches })),
  );
  const interactions = await recentInteractions(tx, timezone, days, SIGNAL_WINDOW_DAYS, only);
  fill(
    'interactions',
    interactions.map((r) => ({ ...r, value: r.interactions })),
  );
  const drops = await satisfactionDrops(tx, timezone, days, SATISFACTION_DROP_DAYS, only);
  fill(
    'satisfactionDrop',
    drops.map((r) => ({ ...r, value: r.drop })),
  );
  return signals;
}

/** Whether scoring with this churn model needs the signals: it learnt with at least one. */
export function usesSignals(model: ChurnModel | null): boolean {
  return !!model && model.features.some((f) => SIGNAL_FEATURES.includes(f));
}

/** The signals of one of the days read; a day not read is a programming error, not missing data. */
export function signalsOn(signals: Map<number, ChurnSignals>, day: number): ChurnSignals {
  const at = signals.get(day);
  if (!at) throw new RangeError(`no churn signals were read for day ${day}`);
  return at;
}
