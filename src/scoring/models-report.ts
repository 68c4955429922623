import type { z } from 'zod';
import { GAMMA_GAMMA_PARAMETERS } from '../analytics/gamma-gamma.js';
import { INTERVAL_LEVEL } from '../analytics/parameter-uncertainty.js';
import { REPEAT_MODEL_PARAMETERS } from '../analytics/repeat-model.js';
import type { Tx } from '../db/tenant.js';
import { storedWorkspaceModel } from './model-store.js';
import type { modelsJson } from './schema.js';
import {
  churnAbsentReason,
  type FitFigures,
  HORIZON_DAYS,
  MIN_CUSTOMERS,
  MIN_HISTORY_DAYS,
  MIN_REPEAT_BUYERS,
  type WorkspaceModel,
} from './workspace-model.js';

type ModelsJson = z.infer<typeof modelsJson>;

const finite = (v: number) => (Number.isFinite(v) ? v : null);

/** An object's entries in the model's parameter order: the store (jsonb) keeps no key order. */
function ordered<V>(values: Record<string, V>, names: readonly string[]): Record<string, V> {
  return Object.fromEntries(names.filter((name) => name in values).map((name) => [name, values[name]]));
}

/** A fit's parameters, and its uncertainty without the covariance, which only the customers' intervals need. */
function figuresOf(fit: FitFigures & { params: object }, names: readonly string[]) {
  const u = fit.uncertainty;
  return {
    params: ordered(fit.params as Record<string, number>, names),
    logLikelihood: finite(fit.logLikelihood),
    n: fit.n,
    converged: fit.converged,
    uncertainty: u
      ? {
          level: u.level,
          scale: u.scale,
          standardErrors: ordered(u.standardErrors, names),
          intervals: ordered(u.intervals, names),
        }
      : null,
  };
}

/** The workspace's fit as `GET /analytics/models` shows it; all null before the first refresh. */
export async function modelsReport(tx: Tx): Promise<ModelsJson> {
  const stored = await storedWorkspaceModel(tx);
  const minimums = {
    customers: MIN_CUSTOMERS,
    repeatBuyers: MIN_REPEAT_BUYERS,
    historyDays: MIN_HISTORY_DAYS,
  };
  const report: ModelsJson = {
    fittedAsOf: null,
    fittedAt: null,
    reason: null,
    churnReason: null,
    minimums,
    data: null,
    criterion: 'holdout-log-likelihood',
    chosen: null,
    trainingCutoff: null,
    candidates: [],
    repeatModel: null,
    gammaGamma: null,
    customerIntervals: { level: INTERVAL_LEVEL, method: 'delta-method' },
    diagnostics: null,
    churn: null,
  };
  if (!stored) return report;
  const m: WorkspaceModel = stored.model;
  const { repeat, gammaGamma, churn } = m;
  return {
    ...report,
    fittedAsOf: m.asOf,
    fittedAt: stored.fittedAt.toISOString(),
    reason: m.reason,
    churnReason: churnAbsentReason(m),
    data: m.data,
    chosen: repeat?.kind ?? null,
    trainingCutoff: m.comparison?.trainingCutoff ?? null,
    candidates: (m.comparison?.candidates ?? []).map((c) => ({
      ...c,
      params: c.params && ordered(c.params, REPEAT_MODEL_PARAMETERS[c.kind]),
    })),
    repeatModel: repeat && { kind: repeat.kind, ...figuresOf(repeat, REPEAT_MODEL_PARAMETERS[repeat.kind]) },
    gammaGamma: gammaGamma && figuresOf(gammaGamma, GAMMA_GAMMA_PARAMETERS),
    diagnostics: m.diagnostics ?? null,
    churn: churn && {
      horizonDays: HORIZON_DAYS,
      terms: churn.features.map((feature, j) => ({ feature, coefficient: churn.coefficients[j] })),
      intercept: churn.intercept,
      trainingRows: churn.trainingRows,
      trainingRate: finite(churn.trainingRate),
      converged: churn.converged,
      // Fits stored before the check was kept have none.
      backtest: m.churnCheck ?? null,
    },
  };
}
