/**
 * Pareto/NBD model (Schmittlein, Morrison & Colombo 1987): purchases at Poisson rate λ ~ Gamma(r, α)
 * during an exponential lifetime with rate μ ~ Gamma(s, β). The likelihood follows Fader & Hardie,
 * "A Note on Deriving the Pareto/NBD Model and Related Expressions" (2005):
 *   L = Γ(r+x) α^r β^s / Γ(r) · [ (α+T)^{-(r+x)} (β+T)^{-s} + s · I ],
 *   I = ∫_{t_x}^{T} (α+τ)^{-(r+x)} (β+τ)^{-(s+1)} dτ = (F(t_x) − F(T)) / (r+s+x),
 * where F is the note's 2F1 term (its A0), rewritten by Euler's transformation so that the series has
 * positive terms only (see pareto-nbd-integral.ts). All products are kept in log space.
 */
import { badRequest } from '../errors.js';
import type { FitOptions, FitResult, RepeatSummary } from './fit-result.js';
import type { GroupedSummary } from './group-repeat-summary.js';
import { groupRepeatSummary } from './group-repeat-summary.js';
import { integrate } from './integrate.js';
import { maximizeLikelihood } from './maximum-likelihood.js';
import { parameterUncertainty } from './parameter-uncertainty.js';
import { createPrimitive, type Primitive, primitiveAt } from './pareto-nbd-integral.js';
import { digamma, gammaln } from './special-functions.js';

export type ParetoNbdParams = { r: number; alpha: number; s: number; beta: number };

/**
 * Beyond s = 50 the customers' dropout rates hardly differ (coefficient of variation 1/√s < 15 %): data
 * that keep raising s, with β in step, cannot tell it from a single dropout rate, which happens when
 * customers are too young to show any dropout. The likelihood's series then needs terms in
 * proportion to s and each step grows slower, so the search stops there (a NaN makes the line search
 * step back) and such a fit is reported as not converged.
 */
const MAX_S = 50;

/** Fits Pareto/NBD by maximum likelihood with analytic gradients. */
export function fitParetoNbd(data: RepeatSummary, options: FitOptions = {}): FitResult<ParetoNbdParams> {
  const grouped = groupRepeatSummary(data);
  if (grouped.customers === 0) throw badRequest('cannot fit Pareto/NBD to zero customers');
  if (!grouped.frequency.some((x) => x > 0)) {
    // Without repeat purchases the likelihood grows without bound as r/α -> 0: no estimate exists.
    throw badRequest('cannot fit Pareto/NBD: no customer made a repeat purchase');
  }
  let sx = 0;
  let sT = 0;
  for (let i = 0; i < grouped.weights.length; i++) {
    sx += grouped.weights[i] * grouped.frequency[i];
    sT += grouped.weights[i] * grouped.T[i];
  }
  const meanT = sT / grouped.customers;
  // r = s = 1, α from the mean purchase rate, β = mean T: a mean lifetime of the observation length.
  const start = [1, sT / sx, 1, meanT];
  const fit = maximizeLikelihood(
    (p, grad) => (p[2] > MAX_S ? Number.NaN : paretoNbdLogLikelihood(p, grouped, grad)),
    start,
    grouped.customers,
    options,
  );
  const [r, alpha, s, beta] = fit.params;
  return {
    model: 'pareto-nbd',
    params: { r, alpha, s, beta },
    logLikelihood: fit.logLikelihood,
    n: grouped.customers,
    iterations: fit.iterations,
    converged: fit.converged && s < 0.99 * MAX_S,
    uncertainty: parameterUncertainty({ r, alpha, s, beta }, fit.logCovariance),
  };
}

/** Total log-likelihood at p = [r, α, s, β]; writes ∂/∂p into grad. */
export function paretoNbdLogLikelihood(p: Float64Array, data: GroupedSummary, grad: Float64Array): number {
  const [r, alpha, s, beta] = p;
  const { frequency, recency, T, weights } = data;
  const lnAlpha = Math.log(alpha);
  const lnBeta = Math.log(beta);
  const lnGammaR = gammaln(r);
  const psiR = digamma(r);
  const f1 = createPrimitive();
  const f2 = createPrimitive();
  const lnGammaRX = new Float64Array(data.distinctFrequency.length).fill(Number.NaN);
  const psiRX = new Float64Array(data.distinctFrequency.length);
  grad.fill(0);
  let ll = 0;
  for (let i = 0; i < weights.length; i++) {
    const x = frequency[i];
    const w = weights[i];
    const k = data.frequencyIndex[i];
    if (Number.isNaN(lnGammaRX[k])) {
      lnGammaRX[k] = gammaln(r + x) - lnGammaR;
      psiRX[k] = digamma(r + x) - psiR;
    }
    primitiveAt(p, x, recency[i], f1);
    primitiveAt(p, x, T[i], f2);
    const c = bracket(p, x, T[i], f1, f2);
    ll += w * (lnGammaRX[k] + r * lnAlpha + s * lnBeta + c.ln);
    grad[0] += w * (psiRX[k] + lnAlpha + c.dr);
    grad[1] += w * (r / alpha + c.dAlpha);
    grad[2] += w * (lnBeta + c.ds);
    grad[3] += w * (s / beta + c.dBeta);
  }
  return ll;
}

/** ln Q and ∂ln Q/∂θ for Q = (α+T)^{-(r+x)} (β+T)^{-s} + s/(r+s+x) · (F(t_x) − F(T)). */
interface Bracket {
  ln: number;
  dr: number;
  dAlpha: number;
  ds: number;
  dBeta: number;
  /** P(alive): the share of Q from customers still alive at T (the first term). */
  alive: number;
}

const bracketOut: Bracket = { ln: 0, dr: 0, dAlpha: 0, ds: 0, dBeta: 0, alive: 0 };

function bracket(p: Float64Array | number[], x: number, T: number, f1: Primitive, f2: Primitive): Bracket {
  const [r, alpha, s, beta] = p;
  const k = r + s + x;
  const lnAT = Math.log(alpha + T);
  const lnBT = Math.log(beta + T);
  const lnE = -(r + x) * lnAT - s * lnBT;
  // Everything is scaled by e^{-m}, m the largest log term, so nothing underflows for large x.
  const m = Math.max(lnE, f1.ln);
  const e = Math.exp(lnE - m);
  const a = Math.exp(f1.ln - m);
  const b = Math.exp(f2.ln - m);
  const d = a - b;
  const q = e + (s / k) * d;
  const dD = (field: 'dr' | 'ds' | 'dAlpha' | 'dBeta') => a * f1[field] - b * f2[field];
  const out = bracketOut;
  out.ln = m + Math.log(q);
  out.dr = (-e * lnAT + (s / k) * dD('dr') - (s / (k * k)) * d) / q;
  out.ds = (-e * lnBT + d / k - (s / (k * k)) * d + (s / k) * dD('ds')) / q;
  out.dAlpha = (-e * ((r + x) / (alpha + T)) + (s / k) * dD('dAlpha')) / q;
  out.dBeta = (-e * (s / (beta + T)) + (s / k) * dD('dBeta')) / q;
  out.alive = e / q;
  return out;
}

const asArray = (p: ParetoNbdParams) => [p.r, p.alpha, p.s, p.beta];

/** P(alive | x, t_x, T): the share of the likelihood from being alive at T (Fader & Hardie 2005 note). */
export function paretoNbdPAlive(p: ParetoNbdParams, x: number, tx: number, T: number): number {
  const arr = asArray(p);
  const f1 = primitiveAt(arr, x, tx, createPrimitive());
  const f2 = primitiveAt(arr, x, T, createPrimitive());
  return bracket(arr, x, T, f1, f2).alive;
}

/** E[X(t)] for a new customer (Schmittlein et al. 1987), with its limit at s = 1. */
export function paretoNbdExpectedPurchases(p: ParetoNbdParams, t: number): number {
  const { r, alpha, s, beta } = p;
  return ((r * beta) / alpha) * lifetimeFactor(s, beta, t);
}

/** E[Y(t) | x, t_x, T] (Fader & Hardie 2005 note). */
export function paretoNbdConditionalExpectedPurchases(
  p: ParetoNbdParams,
  t: number,
  x: number,
  tx: number,
  T: number,
): number {
  const { r, alpha, s, beta } = p;
  const rate = ((r + x) * (beta + T)) / (alpha + T);
  return rate * lifetimeFactor(s, beta + T, t) * paretoNbdPAlive(p, x, tx, T);
}

/** (1 − (β/(β+t))^{s−1}) / (s − 1), with its limit ln(1 + t/β) at s = 1. */
function lifetimeFactor(s: number, beta: number, t: number): number {
  const lnRatio = Math.log1p(t / beta);
  if (Math.abs(s - 1) < 1e-10) return lnRatio;
  return -Math.expm1(-(s - 1) * lnRatio) / (s - 1);
}

/**
 * P(X(t) = n) for a new customer: alive throughout (0, t], or dead at τ <= t after n purchases,
 *   P = NB(n; τ = t) (β/(β+t))^s + ∫_0^t s β^s (β+τ)^{-(s+1)} NB(n; τ) dτ,
 * NB(n; τ) = Γ(r+n)/(Γ(r) n!) (α/(α+τ))^r (τ/(α+τ))^n. The integral is taken in u = ln(1 + τ/β),
 * where the death-time density becomes the smooth s e^{-su} even when β is small.
 */
export function paretoNbdProbabilityOfPurchases(p: ParetoNbdParams, t: number, n: number): number {
  const { r, alpha, s, beta } = p;
  const lnC = gammaln(r + n) - gammaln(r) - gammaln(n + 1);
  const lnNb = (tau: number) =>
    lnC + r * Math.log(alpha / (alpha + tau)) + (n > 0 ? n * Math.log(tau / (alpha + tau)) : 0);
  const alive = Math.exp(lnNb(t) - s * Math.log1p(t / beta));
  const dead = integrate(
    (u) => {
      const tau = beta * Math.expm1(u);
      return n > 0 && tau === 0 ? 0 : s * Math.exp(-s * u + lnNb(tau));
    },
    0,
    Math.log1p(t / beta),
    1e-15,
  );
  return alive + dead;
}
