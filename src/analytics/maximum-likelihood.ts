import type { FitOptions } from './fit-result.js';
import { minimize } from './optimize.js';

/** Total log-likelihood at positive parameters p; writes ∂/∂p_j into grad. */
export type LogLikelihood = (p: Float64Array, grad: Float64Array) => number;

export interface MaximumLikelihood {
  params: Float64Array;
  logLikelihood: number;
  iterations: number;
  converged: boolean;
  /**
   * Covariance of the log-parameters (k × k, row-major): the inverse of the observed information,
   * −∂²ln L/∂θ² at the optimum with θ = ln p (plus the penalty's curvature when penalised). Undefined
   * when that matrix is not positive definite, i.e. the optimum is no proper maximum.
   */
  logCovariance?: Float64Array;
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
  const logCovariance = inverseInformation(objective, result.x, customers);
  const identified = result.converged && inside && isIdentified(logCovariance, k);
  return {
    params,
    logLikelihood: logLikelihood(params, gp),
    iterations: result.iterations,
    converged: identified,
    logCovariance,
  };
}

/**
 * A fit whose maximum is a ridge or a plateau towards the edge of the parameter space (one customer,
 * or data that cannot tell two parameters apart) can still stop with a small gradient. Such a point
 * is no estimate: the asymptotic standard error of some log-parameter, from the inverse Hessian of
 * the total objective, is huge. Above MAX_LOG_SE (a factor e^10 either way) the fit is not
 * reported as converged.
 */
const MAX_LOG_SE = 10;

function isIdentified(logCovariance: Float64Array | undefined, k: number): boolean {
  if (!logCovariance) return false;
  for (let j = 0; j < k; j++) if (!(Math.sqrt(logCovariance[j * k + j]) <= MAX_LOG_SE)) return false;
  return true;
}

/**
 * The inverse of the Hessian of the total objective in θ = ln p, by central differences of its
 * analytic (or numerical) gradient with step 1e-5 in θ; undefined if it is not positive definite.
 */
function inverseInformation(
  objective: (t: Float64Array, g: Float64Array) => number,
  theta: Float64Array,
  n: number,
): Float64Array | undefined {
  const k = theta.length;
  const hessian = new Float64Array(k * k);
  const up = new Float64Array(k);
  const down = new Float64Array(k);
  const h = 1e-5;
  for (let j = 0; j < k; j++) {
    const at = theta.slice();
    at[j] += h;
    objective(at, up);
    at[j] -= 2 * h;
    objective(at, down);
    for (let i = 0; i < k; i++) hessian[i * k + j] = (n * (up[i] - down[i])) / (2 * h);
  }
  return choleskyInverse(hessian, k);
}

/** A⁻¹ for a symmetric positive definite A (symmetrised first); undefined if A is not. */
function choleskyInverse(a: Float64Array, k: number): Float64Array | undefined {
  const l = new Float64Array(k * k);
  for (let i = 0; i < k; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = (a[i * k + j] + a[j * k + i]) / 2;
      for (let m = 0; m < j; m++) sum -= l[i * k + m] * l[j * k + m];
      if (i === j) {
        if (!(sum > 0)) return undefined;
        l[i * k + i] = Math.sqrt(sum);
      } else l[i * k + j] = sum / l[j * k + j];
    }
  }
  // A⁻¹ = L⁻ᵀ L⁻¹: column j of L⁻¹ solves L y = e_j, and (A⁻¹)_{ij} = Σ_m (L⁻¹)_{mi} (L⁻¹)_{mj}.
  const inverseL = new Float64Array(k * k);
  for (let j = 0; j < k; j++) {
    for (let i = j; i < k; i++) {
      let sum = i === j ? 1 : 0;
      for (let m = j; m < i; m++) sum -= l[i * k + m] * inverseL[m * k + j];
      inverseL[i * k + j] = sum / l[i * k + i];
    }
  }
  const out = new Float64Array(k * k);
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < k; j++) {
      let sum = 0;
      for (let m = Math.max(i, j); m < k; m++) sum += inverseL[m * k + i] * inverseL[m * k + j];
      out[i * k + j] = sum;
    }
  }
  return out;
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
