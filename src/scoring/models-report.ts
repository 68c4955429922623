import type { z } from 'zod';
import { INTERVAL_LEVEL } from '../analytics/parameter-uncertainty.js';
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

/** A fit's uncertainty without the covariance, which only the customers' intervals need. */
function uncertaintyOf(fit: FitFigures) {
  if (!fit.uncertainty) return null;
  const { level, scale, standardErrors, intervals } = fit.uncertainty;
  return { level, scale, standardErrors, intervals };
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
    candidates: m.comparison?.candidates ?? [],
    repeatModel: repeat && {
      kind: repeat.kind,
      params: repeat.params,
      logLikelihood: finite(repeat.logLikelihood),
      n: repeat.n,
      converged: repeat.converged,
      uncertainty: uncertaintyOf(repeat),
    },
    gammaGamma: gammaGamma && {
      params: gammaGamma.params,
      logLikelihood: finite(gammaGamma.logLikelihood),
      n: gammaGamma.n,
      converged: gammaGamma.converged,
      uncertainty: uncertaintyOf(gammaGamma),
    },
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
