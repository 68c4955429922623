import { type ChurnModel, type ChurnSignals, SIGNAL_FEATURES } from '../analytics/churn-model.js';
import type { Tx } from '../db/tenant.js';
import { recentInteractions } from '../interactions/churn-signals.js';
import { satisfactionDrops } from '../surveys/churn-signals.js';
import { complaintSignals } from '../tickets/churn-signals.js';

/** Interactions and SLA breaches count over the 90 days up to a day, the churn horizon's length. */
export const SIGNAL_WINDOW_DAYS = 90;
/** A satisfaction drop counts while the answer that showed it is at most this many days old. */
export const SATISFACTION_WINDOW_DAYS = 180;

/**
 * The churn model's service signals of the customers `customerIds` (by their index there) at the end
 * of each of `days`, each as its own domain computes it, one statement per domain for all the days.
 * Every signal is present, zero where a customer has none: the churn fit leaves out a signal that
 * does not vary (churn-model.ts).
 */
export async function readChurnSignals(
  tx: Tx,
  timezone: string,
  days: readonly number[],
  customerIds: readonly string[],
  /** The columns hold only these customers' rows (`customerIds` are then these): read theirs alone. */
  only?: readonly string[],
): Promise<Map<number, Required<ChurnSignals>>> {
  const index = new Map(customerIds.map((id, k) => [id, k]));
  const n = customerIds.length;
  const signals = new Map(
    days.map((day) => [
      day,
      {
        interactions: new Float64Array(n),
        openComplaints: new Float64Array(n),
        slaBreaches: new Float64Array(n),
        satisfactionDrop: new Float64Array(n),
      },
    ]),
  );
  const put = (day: number, customerId: string, fill: (s: Required<ChurnSignals>, k: number) => void) => {
    const k = index.get(customerId);
    const at = signals.get(day);
    if (k !== undefined && at) fill(at, k);
  };
  for (const r of await complaintSignals(tx, timezone, days, SIGNAL_WINDOW_DAYS, only))
    put(r.day, r.customerId, (s, k) => {
      s.openComplaints[k] = r.openComplaints;
      s.slaBreaches[k] = r.slaBreaches;
    });
  for (const r of await recentInteractions(tx, timezone, days, SIGNAL_WINDOW_DAYS, only))
    put(r.day, r.customerId, (s, k) => {
      s.interactions[k] = r.interactions;
    });
  for (const r of await satisfactionDrops(tx, timezone, days, SATISFACTION_WINDOW_DAYS, only))
    put(r.day, r.customerId, (s, k) => {
      s.satisfactionDrop[k] = r.drop;
    });
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
