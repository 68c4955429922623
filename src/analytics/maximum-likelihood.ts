import type { FitOptions } from './fit-result.js';
import { minimize } from './optimize.js';

/** Total log-likelihood at positive parameters p; writes ∂/∂p_j into grad. */
export type LogLikelihood = (p: Float64Array, grad: Float64Array) => number;

export interface MaximumLikelihood {
  params: Float64Array;
  logLikelihood: number;
  iterations: number;
  converged: boolean;
}

/**
 * A parameter past e^±30 means the likelihood increases towards the edge of the parameter space (the
 * data do not identify the model), so such a fit is not reported as converged.
 */
const LOG_BOUND = 30;

/**
 * Maximises a likelihood over positive parameters by L-BFGS on their logarithms, which keeps them
 * positive without a bounded optimiser. The objective is the mean negative log-likelihood (so that
 * tolerances do not depend on the number of customers) plus the L2 penalty.
 */
export function maximizeLikelihood(
  logLikelihood: LogLikelihood,
  start: ArrayLike<number>,
  customers: number,
  options: FitOptions = {},
): MaximumLikelihood {
  const penalizer = options.penalizer ?? 0;
  if (!(penalizer >= 0 && Number.isFinite(penalizer))) {
    throw new RangeError(`penalizer must be a finite number >= 0, got ${penalizer}`);
  }
  const k = start.length;
  const p = new Float64Array(k);
  const gp = new Float64Array(k);
  const objective = (theta: Float64Array, gTheta: Float64Array): number => {
    for (let j = 0; j < k; j++) p[j] = Math.exp(theta[j]);
    const ll = evaluate(logLikelihood, p, gp);
    if (!Number.isFinite(ll)) return Number.POSITIVE_INFINITY;
    let value = -ll / customers;
    for (let j = 0; j < k; j++) {
      value += penalizer * p[j] * p[j];
      // Chain rule for p = e^θ: ∂f/∂θ = p ∂f/∂p.
      gTheta[j] = (-gp[j] / customers + 2 * penalizer * p[j]) * p[j];
    }
    return value;
  };
  const theta0 = Array.from(start, Math.log);
  const result = minimize(objective, theta0, { maxIterations: options.maxIterations ?? 500 });
  const params = result.x.map(Math.exp);
  const inside = result.x.every((t) => Math.abs(t) < LOG_BOUND);
  return {
    params,
    logLikelihood: logLikelihood(params, gp),
    iterations: result.iterations,
    converged: result.converged && inside,
  };
}

/**
 * A series that cannot converge at extreme trial parameters (RangeError) marks a point outside the
 * usable region: the line search then steps back, as it does for a non-finite value.
 */
function evaluate(logLikelihood: LogLikelihood, p: Float64Array, grad: Float64Array): number {
  try {
    return logLikelihood(p, grad);
  } catch (error) {
    if (error instanceof RangeError) return Number.NaN;
    throw error;
  }
}
