import type { Tx } from '../db/tenant.js';

/** The workspace's fit and its backtest; all null before the first refresh. */
export async function modelsReport(tx: Tx) {
  const row = await tx.selectFrom('customer_value_models').selectAll().executeTakeFirst();
  if (!row)
    return { fittedAsOf: null, fittedAt: null, bgnbd: null, gammaGamma: null, backtest: null, warnings: [] };
  const fit = (
    params: Record<string, number> | null,
    logLikelihood: number | null,
    n: number | null,
    converged: boolean | null,
  ) =>
    params
      ? { params, logLikelihood: finite(logLikelihood), n: n ?? 0, converged: converged === true }
      : null;
  const bgnbd = fit(row.bgnbd_params, row.bgnbd_log_likelihood, row.bgnbd_n, row.bgnbd_converged);
  const gammaGamma = fit(
    row.gamma_gamma_params,
    row.gamma_gamma_log_likelihood,
    row.gamma_gamma_n,
    row.gamma_gamma_converged,
  );
  return {
    fittedAsOf: row.fitted_as_of,
    fittedAt: row.fitted_at.toISOString(),
    bgnbd,
    gammaGamma: gammaGamma && { ...gammaGamma, skipped: row.gamma_gamma_skipped ?? 0 },
    backtest: row.backtest as BacktestJson | null,
    warnings: row.warnings,
  };
}

interface BacktestJson {
  calibrationEnd: string;
  holdoutEnd: string;
  customers: number;
  actualTotal: number;
  predictedTotal: number | null;
  mae: number | null;
  correlation: number | null;
  churnAuc: number | null;
  pAliveAuc: number | null;
  tracking?: { weekEnd: string; actual: number; model: number }[];
  byFrequency?: { frequency: number; customers: number; actual: number; predicted: number }[];
}

const finite = (v: number | null) => (v !== null && Number.isFinite(v) ? v : null);
