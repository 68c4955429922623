/**
 * BG/NBD model of repeat buying (Fader, Hardie & Lee 2005, "Counting Your Customers the Easy Way").
 * While active a customer buys at Poisson rate λ ~ Gamma(r, α); after each repeat purchase they drop
 * out with probability p ~ Beta(a, b).
 */
import { badRequest } from '../errors.js';
import type { FitOptions, FitResult, RepeatSummary } from './fit-result.js';
import { type GroupedSummary, groupRepeatSummary } from './group-repeat-summary.js';
import { maximizeLikelihood } from './maximum-likelihood.js';
import { parameterUncertainty } from './parameter-uncertainty.js';
import { betaln, digamma, gammaln } from './special-functions.js';

export type BgNbdParams = { r: number; alpha: number; a: number; b: number };

/** Fits BG/NBD by maximum likelihood (FHL 2005, eq. 6), with analytic gradients. */
export function fitBgNbd(data: RepeatSummary, options: FitOptions = {}): FitResult<BgNbdParams> {
  const grouped = groupRepeatSummary(data);
  if (grouped.customers === 0) throw badRequest('cannot fit BG/NBD to zero customers');
  if (!grouped.frequency.some((x) => x > 0)) {
    // With no repeat purchase at all the likelihood grows without bound as r/α -> 0 and (a, b) are
    // not identified: there is no estimate to report.
    throw badRequest('cannot fit BG/NBD: no customer made a repeat purchase');
  }
  const fit = maximizeLikelihood(
    (p, grad) => bgnbdLogLikelihood(p, grouped, grad),
    startingPoint(grouped),
    grouped.customers,
    options,
  );
  const [r, alpha, a, b] = fit.params;
  return {
    model: 'bgnbd',
    params: { r, alpha, a, b },
    logLikelihood: fit.logLikelihood,
    n: grouped.customers,
    iterations: fit.iterations,
    converged: fit.converged,
    uncertainty: parameterUncertainty({ r, alpha, a, b }, fit.logCovariance),
  };
}

/** r = 1 and α matching the mean purchase rate; a = b = 1 is a flat prior on the dropout chance. */
function startingPoint(data: GroupedSummary): number[] {
  let sx = 0;
  let sT = 0;
  for (let i = 0; i < data.weights.length; i++) {
    sx += data.weights[i] * data.frequency[i];
    sT += data.weights[i] * data.T[i];
  }
  return [1, sT / sx, 1, 1];
}

/**
 * Total log-likelihood at p = [r, α, a, b] (FHL 2005, eq. 6, in the form
 * ln L = A1 + ln(1 + δ_{x>0} e^D), D = ln(a / (b + x − 1)) + (r + x) ln((α + T) / (α + t_x)),
 * as B(a + 1, b + x − 1) / B(a, b + x) = a / (b + x − 1)); writes ∂/∂p into grad. Logarithms of
 * α + T and α + t_x come from tables over the distinct values, so a row costs one exp and one log1p.
 */
export function bgnbdLogLikelihood(p: Float64Array, data: GroupedSummary, grad: Float64Array): number {
  const [r, alpha, a] = p;
  const { frequency, weights, frequencyIndex, recencyIndex, TIndex } = data;
  const lnAlpha = Math.log(alpha);
  const x1 = frequencyTerms(p, data, grad);
  const [lnAT, invAT] = shiftedLogs(alpha, data.distinctT);
  const [lnAtx, invAtx] = shiftedLogs(alpha, data.distinctRecency);
  let ll = x1.ll;
  let gr = 0;
  let gAlpha = 0;
  let ga = 0;
  let gb = 0;
  for (let i = 0; i < weights.length; i++) {
    const x = frequency[i];
    const w = weights[i];
    const rx = r + x;
    const k = TIndex[i];
    ll += w * (r * lnAlpha - rx * lnAT[k]);
    gr += w * (lnAlpha - lnAT[k]);
    gAlpha += w * (r / alpha - rx * invAT[k]);
    if (x > 0) {
      const j = recencyIndex[i];
      const kx = frequencyIndex[i];
      const d = x1.lnOdds[kx] + rx * (lnAT[k] - lnAtx[j]);
      const e = Math.exp(-Math.abs(d));
      const sigma = d > 0 ? 1 / (1 + e) : e / (1 + e);
      ll += w * (Math.max(d, 0) + Math.log1p(e));
      gr += w * sigma * (lnAT[k] - lnAtx[j]);
      gAlpha += w * sigma * rx * (invAT[k] - invAtx[j]);
      ga += w * sigma;
      gb -= w * sigma * x1.invB[kx];
    }
  }
  grad[0] += gr;
  grad[1] += gAlpha;
  grad[2] += ga / a;
  grad[3] += gb;
  return ll;
}

function shiftedLogs(alpha: number, values: Float64Array): [Float64Array, Float64Array] {
  const ln = new Float64Array(values.length);
  const inv = new Float64Array(values.length);
  for (let k = 0; k < values.length; k++) {
    ln[k] = Math.log(alpha + values[k]);
    inv[k] = 1 / (alpha + values[k]);
  }
  return [ln, inv];
}

/**
 * The terms of ln L that depend on x alone, lnΓ(r+x) − lnΓ(r) + ln B(a, b+x) − ln B(a, b), summed
 * once per distinct frequency with its total weight; initialises grad with their derivatives. Also
 * returns ln(a / (b+x−1)) and 1 / (b+x−1) per distinct x for the second term of the likelihood.
 */
function frequencyTerms(p: Float64Array, data: GroupedSummary, grad: Float64Array) {
  const [r, , a, b] = p;
  const xs = data.distinctFrequency;
  const wx = new Float64Array(xs.length);
  for (let i = 0; i < data.weights.length; i++) wx[data.frequencyIndex[i]] += data.weights[i];
  const lnOdds = new Float64Array(xs.length);
  const invB = new Float64Array(xs.length);
  const lnGammaR = gammaln(r);
  const lnBeta = betaln(a, b);
  const psiR = digamma(r);
  const psiB = digamma(b);
  const psiAB = digamma(a + b);
  let ll = 0;
  grad.fill(0);
  for (let k = 0; k < xs.length; k++) {
    const x = xs[k];
    const w = wx[k];
    if (x === 0) continue;
    lnOdds[k] = Math.log(a / (b + x - 1));
    invB[k] = 1 / (b + x - 1);
    const psiABX = digamma(a + b + x);
    ll += w * (gammaln(r + x) - lnGammaR + betaln(a, b + x) - lnBeta);
    grad[0] += w * (digamma(r + x) - psiR);
    grad[2] += w * (psiAB - psiABX);
    grad[3] += w * (digamma(b + x) - psiABX - psiB + psiAB);
  }
  return { ll, lnOdds, invB };
}

/** E[X(t)]: expected repeat purchases of a new customer in (0, t] (FHL 2005, eq. 7). */
export function bgnbdExpectedPurchases(p: BgNbdParams, t: number): number {
  return expectedUpTo(p.r, p.alpha, p.a, p.b, t);
}

/**
 * P(alive | x, t_x, T) (Fader, Hardie & Lee, "Computing P(alive) Using the BG/NBD Model");
 * 1 when x = 0, as dropout happens only right after a repeat purchase.
 */
export function bgnbdPAlive(p: BgNbdParams, x: number, tx: number, T: number): number {
  if (x === 0) return 1;
  const { r, alpha, a, b } = p;
  const d = Math.log(a / (b + x - 1)) + (r + x) * Math.log((alpha + T) / (alpha + tx));
  return 1 / (1 + Math.exp(d));
}

/**
 * E[Y(t) | x, t_x, T]: expected purchases in (T, T + t] of a customer with that history (FHL 2005,
 * eq. 10): eq. 7 with the posterior (r + x, α + T, a, b + x), times P(alive).
 */
export function bgnbdConditionalExpectedPurchases(
  p: BgNbdParams,
  t: number,
  x: number,
  tx: number,
  T: number,
): number {
  const { r, alpha, a, b } = p;
  return expectedUpTo(r + x, alpha + T, a, b + x, t) * bgnbdPAlive(p, x, tx, T);
}

/**
 * (a+b−1)/(a−1) · [1 − (α/(α+t))^r 2F1(r, b; a+b−1; z)], z = t/(α+t) (FHL 2005, eq. 7), which is 0/0
 * at a = 1. Euler's transformation gives (α/(α+t))^r 2F1(r, b; c; z) = u^ε 2F1(c−r, ε; c; z) with
 * u = α/(α+t), ε = a − 1, c = a+b−1; as (ε)_n = ε (1+ε)_{n−1}, 2F1(c−r, ε; c; z) = 1 + ε G, so
 *   E = c · [−expm1(ε ln u)/ε − u^ε G],   G = Σ_{n≥1} (c−r)_n (1+ε)_{n−1} / ((c)_n n!) z^n,
 * which has no singularity and tends to c · (−ln u − G) as a → 1.
 */
function expectedUpTo(r: number, alpha: number, a: number, b: number, t: number): number {
  const c = a + b - 1;
  const eps = a - 1;
  const z = t / (alpha + t);
  const lnU = -Math.log1p(t / alpha);
  const head = Math.abs(eps * lnU) < 1e-12 ? -lnU : -Math.expm1(eps * lnU) / eps;
  return c * (head - Math.exp(eps * lnU) * tailSeries(c - r, eps, c, z));
}

/** G = Σ_{n≥1} (a)_n (1+ε)_{n−1} / ((c)_n n!) z^n for 0 <= z < 1. */
function tailSeries(a: number, eps: number, c: number, z: number): number {
  let term = (a / c) * z;
  let sum = term;
  for (let n = 1; n < 1_000_000; n++) {
    if (term === 0 || Math.abs(term) <= 1e-17 * Math.abs(sum) * (1 - z)) return sum;
    term *= (((a + n) * (eps + n)) / ((c + n) * (n + 1))) * z;
    sum += term;
  }
  throw new RangeError(`BG/NBD expectation series did not converge (z = ${z})`);
}

/** P(X(t) = n) for a new customer (FHL 2005, eq. 8). */
export function bgnbdProbabilityOfPurchases(p: BgNbdParams, t: number, n: number): number {
  const { r, alpha, a, b } = p;
  const lnBab = betaln(a, b);
  const lnP = Math.log(alpha / (alpha + t));
  const lnQ = Math.log(t / (alpha + t));
  // ln of the NBD probability Γ(r+j) / (Γ(r) j!) (α/(α+t))^r (t/(α+t))^j.
  const nbd = (j: number) => gammaln(r + j) - gammaln(r) - gammaln(j + 1) + r * lnP + (j > 0 ? j * lnQ : 0);
  let prob = Math.exp(betaln(a, b + n) - lnBab + nbd(n));
  if (n > 0) {
    let below = 0;
    for (let j = 0; j < n; j++) below += Math.exp(nbd(j));
    prob += Math.exp(betaln(a + 1, b + n - 1) - lnBab) * (1 - below);
  }
  return prob;
}
