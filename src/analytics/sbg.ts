/**
 * Shifted-beta-geometric model of contract renewals (Fader & Hardie 2007, "How to Project Customer
 * Retention", Journal of Interactive Marketing 21(1)): each customer renews at the end of every period
 * with a fixed chance 1 − θ, and θ ~ Beta(α, β) across customers. Retention rises with tenure because
 * the customers likelier to leave leave first. Fitted from a cohort's survival counts: the customers
 * still active at the start of periods 0, 1, ..., k.
 */
import { badRequest } from '../errors.js';
import type { FitOptions, FitResult } from './fit-result.js';
import { maximizeLikelihood } from './maximum-likelihood.js';
import { withNumericalGradient } from './numerical-gradient.js';
import { parameterUncertainty } from './parameter-uncertainty.js';
import { betaln, hyp2f1 } from './special-functions.js';

export type SbgParams = { alpha: number; beta: number };

/** Fits sBG by maximum likelihood (Fader & Hardie 2007, eq. 5) to the survival counts alive[t], t = 0..k. */
export function fitSbg(alive: Float64Array, options: FitOptions = {}): FitResult<SbgParams> {
  validateSurvival(alive);
  const k = alive.length - 1;
  if (alive[k] === alive[0]) throw badRequest('cannot fit sBG: no customer left in the periods observed');
  if (alive[k] === 0 && alive[1] === 0) {
    throw badRequest(
      'cannot fit sBG: every customer left in the first period, which says nothing of the spread',
    );
  }
  const fit = maximizeLikelihood(
    withNumericalGradient((p) => sbgLogLikelihood({ alpha: p[0], beta: p[1] }, alive)),
    [1, 1],
    alive[0],
    options,
  );
  const params = { alpha: fit.params[0], beta: fit.params[1] };
  return {
    model: 'sbg',
    params,
    logLikelihood: fit.logLikelihood,
    n: alive[0],
    iterations: fit.iterations,
    converged: fit.converged,
    uncertainty: parameterUncertainty(params, fit.logCovariance),
  };
}

function validateSurvival(alive: Float64Array): void {
  if (alive.length < 2) {
    throw badRequest('sBG needs the counts of at least two periods (0 and 1)', [
      { path: 'alive', message: 'at least two periods are needed' },
    ]);
  }
  for (let t = 0; t < alive.length; t++) {
    const n = alive[t];
    if (!(n >= 0 && n < Number.POSITIVE_INFINITY)) invalid(t, `alive must be a finite number >= 0, got ${n}`);
    if (t === 0 && !(n > 0)) invalid(t, 'no customer is alive at the start of period 0');
    if (t > 0 && n > alive[t - 1]) {
      invalid(t, `alive cannot rise from one period to the next: ${alive[t - 1]} then ${n}`);
    }
  }
}

function invalid(t: number, message: string): never {
  throw badRequest(`period ${t}: ${message}`, [{ path: `alive.${t}`, message }]);
}

/**
 * ln L = Σ_{t=1}^{k} (n_{t−1} − n_t) ln P(T = t) + n_k ln S(k) (Fader & Hardie 2007, eq. 5): those who
 * left in period t, and those still there at k, with the recursions P(T = 1) = α/(α+β),
 * P(T = t) = (β+t−2)/(α+β+t−1) · P(T = t−1) and S(k) = B(α, β+k)/B(α, β).
 */
export function sbgLogLikelihood(p: SbgParams, alive: Float64Array): number {
  const { alpha, beta } = p;
  let churn = alpha / (alpha + beta);
  let ll = 0;
  for (let t = 1; t < alive.length; t++) {
    if (t > 1) churn *= (beta + t - 2) / (alpha + beta + t - 1);
    const left = alive[t - 1] - alive[t];
    if (left > 0) ll += left * Math.log(churn);
  }
  const k = alive.length - 1;
  // S(k) from the Beta function, not as 1 − Σ P(T = t), which loses digits when S(k) is small.
  if (alive[k] > 0) ll += alive[k] * (betaln(alpha, beta + k) - betaln(alpha, beta));
  return ll;
}

/** S(t) = B(α, β+t)/B(α, β): the share of a cohort still active at the start of period t. */
export function sbgSurvival(p: SbgParams, t: number): number {
  return Math.exp(betaln(p.alpha, p.beta + t) - betaln(p.alpha, p.beta));
}

/** r_t = S(t)/S(t−1) = (β+t−1)/(α+β+t−1): the share of those active in period t − 1 who renew (eq. 4). */
export function sbgRetention(p: SbgParams, t: number): number {
  return (p.beta + t - 1) / (p.alpha + p.beta + t - 1);
}

/**
 * Expected number of further renewals of a customer who has renewed n times: θ given n renewals is
 * Beta(α, β+n), and E[Σ_{k≥1} (1−θ)^k] = Σ_{k≥1} B(α, β+n+k)/B(α, β+n) = (β+n)/(α−1) for α > 1. For
 * α <= 1 the sum diverges (enough customers almost never leave): Infinity.
 */
export function sbgExpectedRemainingLifetime(p: SbgParams, n: number): number {
  return p.alpha > 1 ? (p.beta + n) / (p.alpha - 1) : Number.POSITIVE_INFINITY;
}

/**
 * DERL (Fader & Hardie 2010, "Customer-Base Valuation in a Contractual Setting: The Perils of Ignoring
 * Heterogeneity", Marketing Science 29(1), eq. 6): the discounted expected number of payments still to
 * come from a customer who has made n − 1 renewals and is about to decide on the n-th, each payment
 * made at a renewal and discounted at rate d per period:
 *   DERL(d | n) = B(α, β+n)/B(α, β+n−1) · 2F1(1, β+n; α+β+n; 1/(1+d)).
 * Multiplied by the payment per period it is the customer's residual value.
 */
export function sbgDiscountedExpectedResidualLifetime(p: SbgParams, d: number, n: number): number {
  if (!(d > 0)) throw new RangeError(`discount rate must be > 0, got ${d}`);
  const { alpha, beta } = p;
  const head = Math.exp(betaln(alpha, beta + n) - betaln(alpha, beta + n - 1));
  return head * hyp2f1(1, beta + n, alpha + beta + n, 1 / (1 + d));
}
