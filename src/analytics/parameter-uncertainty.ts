/**
 * How sure a fit is of its parameters: standard errors and confidence intervals from the observed
 * information (the Hessian of the log-likelihood at the optimum, numerically differentiated). Every
 * parameter of the models is positive and fitted as θ = ln p, so the intervals are built on that
 * scale, exp(θ̂ ± z·se(θ̂)): they stay positive and are asymmetric around p̂, as the likelihood is.
 * The standard error reported on the parameter's own scale is the delta-method p̂·se(θ̂).
 */

/** The level of every interval of the models, and its two-sided normal quantile, Φ⁻¹(0.95). */
export const INTERVAL_LEVEL = 0.9;
export const Z90 = 1.6448536269514722;

export interface ParameterUncertainty<P> {
  /** Confidence level of the intervals. */
  level: number;
  /** The scale the intervals are symmetric on. */
  scale: 'log';
  standardErrors: P;
  intervals: { [K in keyof P]: [number, number] };
  /** Covariance of the log-parameters, in the order of `params`: the input of the delta method. */
  logCovariance: number[][];
}

/**
 * Standard errors and 90 % intervals of params from the covariance of their logarithms (k × k,
 * row-major, in the key order of params); undefined when there is no covariance (no proper maximum).
 */
export function parameterUncertainty<P extends Record<string, number>>(
  params: P,
  logCovariance: Float64Array | undefined,
): ParameterUncertainty<P> | undefined {
  if (!logCovariance) return undefined;
  const names = Object.keys(params);
  const k = names.length;
  const standardErrors: Record<string, number> = {};
  const intervals: Record<string, [number, number]> = {};
  names.forEach((name, j) => {
    const value = params[name];
    const se = Math.sqrt(logCovariance[j * k + j]);
    standardErrors[name] = value * se;
    intervals[name] = [value * Math.exp(-Z90 * se), value * Math.exp(Z90 * se)];
  });
  const rows = names.map((_, i) => Array.from(logCovariance.subarray(i * k, (i + 1) * k)));
  return {
    level: INTERVAL_LEVEL,
    scale: 'log',
    standardErrors: standardErrors as P,
    intervals: intervals as ParameterUncertainty<P>['intervals'],
    logCovariance: rows,
  };
}
