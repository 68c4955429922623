import { churnBacktest } from '../analytics/churn-backtest.js';
import type { ChurnSignals } from '../analytics/churn-model.js';
import { formatDay } from '../analytics/civil-days.js';
import type { RepeatModelKind } from '../analytics/repeat-model.js';
import type { TransactionColumns } from '../analytics/summaries.js';
import { AppError } from '../errors.js';

export interface ScoreFigures {
  auc: number | null;
  brier: number | null;
}

/** How the churn model did on the last window it could be checked on, beside the baselines. */
export interface ChurnCheck {
  calibrationEnd: string;
  holdoutEnd: string;
  customers: number;
  lapsedRate: number;
  churnModel: ScoreFigures;
  daysSinceLast: ScoreFigures;
  /** The chosen repeat model's P(no purchase) alone; null when none could be chosen. */
  modelNoPurchase: (ScoreFigures & { kind: RepeatModelKind }) | null;
}

const finite = (v: number) => (Number.isFinite(v) ? v : null);
const figures = (s: { auc: number; brier: number }): ScoreFigures => ({
  auc: finite(s.auc),
  brier: finite(s.brier),
});

/**
 * The churn forecast made `horizonDays` before the as-of, as it would have been made that day (see
 * churn-backtest.ts, with the signals as they stood then), checked against who then bought nothing
 * up to the as-of. Null when the data before that day cannot support a forecast.
 */
export function churnCheck(
  columns: TransactionColumns,
  asOf: number,
  horizonDays: number,
  kinds: readonly RepeatModelKind[],
  signalsAt?: (day: number) => ChurnSignals,
): ChurnCheck | null {
  const calibrationEnd = asOf - horizonDays;
  let result: ReturnType<typeof churnBacktest>;
  try {
    result = churnBacktest(columns, { calibrationEnd, holdoutEnd: asOf, unit: 'day', kinds, signalsAt });
  } catch (error) {
    if (error instanceof AppError && error.status === 400) return null;
    throw error;
  }
  const repeat = result.modelNoPurchase;
  return {
    calibrationEnd: formatDay(calibrationEnd),
    holdoutEnd: formatDay(asOf),
    customers: result.customers,
    lapsedRate: result.lapsedRate,
    churnModel: figures(result.churnModel),
    daysSinceLast: figures(result.daysSinceLast),
    modelNoPurchase: repeat ? { ...figures(repeat), kind: repeat.kind } : null,
  };
}
