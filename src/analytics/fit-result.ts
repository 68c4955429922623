/**
 * Per-customer repeat-purchase summary, the input of BG/NBD and Pareto/NBD: frequency x (repeat
 * purchases), recency t_x (time of the last purchase since the first) and age T, in one time unit.
 * `weights` counts the customers with exactly that row (default 1 each).
 */
export interface RepeatSummary {
  frequency: Float64Array;
  recency: Float64Array;
  T: Float64Array;
  weights?: Float64Array;
}

import type { ParameterUncertainty } from './parameter-uncertainty.js';

/** The outcome of a maximum-likelihood fit. */
export interface FitResult<P> {
  model: string;
  params: P;
  /** Total log-likelihood over all customers, without any penalty term. */
  logLikelihood: number;
  /** Number of customers the fit used. */
  n: number;
  iterations: number;
  converged: boolean;
  /** Standard errors and 90 % intervals; absent when the optimum is no proper maximum. */
  uncertainty?: ParameterUncertainty<P>;
}

export interface FitOptions {
  /**
   * L2 penalty on the model parameters, added to the mean negative log-likelihood:
   * penalizer · Σ θ_j² over the parameters θ_j in their natural scale.
   * Shrinks parameters on small or degenerate data sets.
   */
  penalizer?: number;
  maxIterations?: number;
}
