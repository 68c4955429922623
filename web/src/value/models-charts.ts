import type { ValueModels } from '../api/types';

type Backtest = NonNullable<ValueModels['backtest']>;

/** The tracking plot's series: weekly cumulative repeat purchases, actual and as the model expects. */
export function trackingSeries(tracking: NonNullable<Backtest['tracking']>) {
  return {
    weeks: tracking.map((w) => w.weekEnd),
    actual: tracking.map((w) => w.actual),
    model: tracking.map((w) => Math.round(w.model * 10) / 10),
  };
}

/**
 * Mean holdout purchases per customer by number of calibration purchases, actual and predicted. The
 * long tail of heavy buyers is pooled from `poolFrom` on (as in Fader, Hardie & Lee 2005, fig. 4), so a
 * handful of customers does not swing the right end of the chart.
 */
export function conditionalExpectations(rows: NonNullable<Backtest['byFrequency']>, poolFrom = 7) {
  const groups = new Map<number, { customers: number; actual: number; predicted: number }>();
  for (const row of rows) {
    const key = Math.min(row.frequency, poolFrom);
    const group = groups.get(key) ?? { customers: 0, actual: 0, predicted: 0 };
    group.customers += row.customers;
    group.actual += row.actual * row.customers;
    group.predicted += row.predicted * row.customers;
    groups.set(key, group);
  }
  return [...groups.entries()]
    .sort(([a], [b]) => a - b)
    .map(([frequency, g]) => ({
      frequency,
      pooled: frequency === poolFrom,
      customers: g.customers,
      actual: g.customers ? g.actual / g.customers : 0,
      predicted: g.customers ? g.predicted / g.customers : 0,
    }));
}
