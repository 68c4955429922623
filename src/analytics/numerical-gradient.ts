import type { LogLikelihood } from './maximum-likelihood.js';

/**
 * A LogLikelihood from a function without an analytic gradient, by central differences with a step
 * relative to each parameter. Enough for the small likelihoods whose terms are a few Beta functions
 * (BG/BB, sBG): their derivatives are smooth and the L-BFGS tolerances sit far above the ~1e-10
 * relative error of the differences.
 */
export function withNumericalGradient(logLikelihood: (p: Float64Array) => number): LogLikelihood {
  return (p, grad) => {
    const value = logLikelihood(p);
    const at = p.slice();
    for (let j = 0; j < p.length; j++) {
      const h = 1e-6 * Math.max(p[j], 1e-8);
      at[j] = p[j] + h;
      const up = logLikelihood(at);
      at[j] = p[j] - h;
      const down = logLikelihood(at);
      at[j] = p[j];
      grad[j] = (up - down) / (2 * h);
    }
    return value;
  };
}
