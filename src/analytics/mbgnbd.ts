/**
 * MBG/NBD model of repeat buying (Batislam, Denizel & Filiztekin 2007, "Empirical validation and
 * comparison of models for customer base analysis", IJRM 24). As BG/NBD (Fader, Hardie & Lee 2005):
 * purchases at Poisson rate λ ~ Gamma(r, α) while active, dropout chance p ~ Beta(a, b); but a customer
 * may also drop out right after the first purchase, so x repeat purchases give x + 1 chances to leave
 * and P(alive) is below 1 for a customer without repeat purchases too.
 */
import { badRequest } from '../errors.js';
import { type BgNbdParams, bgnbdExpectedPurchases, bgnbdProbabilityOfPurchases } from './bgnbd.js';
import type { FitOptions, FitResult, RepeatSummary } from './fit-result.js';
import { type GroupedSummary, groupRepeatSummary } from './group-repeat-summary.js';
import { maximizeLikelihood } from './maximum-likelihood.js';
import { parameterUncertainty } from './parameter-uncertainty.js';
import { betaln, digamma, gammaln } from './special-functions.js';

export type MbgNbdParams = BgNbdParams;

/** Fits MBG/NBD by maximum likelihood (Batislam et al. 2007, eq. 4), with analytic gradients. */
export function fitMbgNbd(data: RepeatSummary, options: FitOptions = {}): FitResult<MbgNbdParams> {
  const grouped = groupRepeatSummary(data);
  if (grouped.customers === 0) throw badRequest('cannot fit MBG/NBD to zero customers');
  let sx = 0;
  let sT = 0;
  for (let i = 0; i < grouped.weights.length; i++) {
    sx += grouped.weights[i] * grouped.frequency[i];
    sT += grouped.weights[i] * grouped.T[i];
  }
  if (sx === 0) {
    // Without a repeat purchase the likelihood rises towards 1 as r/α -> 0: no estimate exists.
    throw badRequest('cannot fit MBG/NBD: no customer made a repeat purchase');
  }
  // As for BG/NBD: r = 1, α from the mean purchase rate, a flat prior on the dropout chance.
  const fit = maximizeLikelihood(
    (p, grad) => mbgnbdLogLikelihood(p, grouped, grad),
    [1, sT / sx, 1, 1],
    grouped.customers,
    options,
  );
  const [r, alpha, a, b] = fit.params;
  return {
    model: 'mbgnbd',
    params: { r, alpha, a, b },
    logLikelihood: fit.logLikelihood,
    n: grouped.customers,
    iterations: fit.iterations,
    converged: fit.converged,
    uncertainty: parameterUncertainty({ r, alpha, a, b }, fit.logCovariance),
  };
}

/**
 * Total log-likelihood at p = [r, α, a, b] (Batislam et al. 2007, eq. 4):
 *   L = Γ(r+x) α^r / Γ(r) · [B(a, b+x+1)/B(a, b) (α+T)^{−(r+x)} + B(a+1, b+x)/B(a, b) (α+t_x)^{−(r+x)}],
 * taken as ln L = A + ln(1 + e^D), D = ln(a / (b+x)) + (r+x) ln((α+T) / (α+t_x)), since
 * B(a+1, b+x) / B(a, b+x+1) = a / (b+x). Unlike BG/NBD the second term is there for x = 0 too.
 * Writes ∂/∂p into grad.
 */
export function mbgnbdLogLikelihood(p: Float64Array, data: GroupedSummary, grad: Float64Array): number {
  const [r, alpha, a, b] = p;
  const { frequency, recency, T, weights } = data;
  const lnAlpha = Math.log(alpha);
  const terms = frequencyTerms(r, a, b, data);
  let ll = 0;
  let gr = 0;
  let gAlpha = 0;
  let ga = 0;
  let gb = 0;
  for (let i = 0; i < weights.length; i++) {
    const x = frequency[i];
    const w = weights[i];
    const k = data.frequencyIndex[i];
    const rx = r + x;
    const lnAT = Math.log(alpha + T[i]);
    const lnAtx = Math.log(alpha + recency[i]);
    const d = terms.lnOdds[k] + rx * (lnAT - lnAtx);
    const e = Math.exp(-Math.abs(d));
    const sigma = d > 0 ? 1 / (1 + e) : e / (1 + e);
    ll += w * (terms.ll[k] + r * lnAlpha - rx * lnAT + Math.max(d, 0) + Math.log1p(e));
    gr += w * (terms.dr[k] + lnAlpha - lnAT + sigma * (lnAT - lnAtx));
    gAlpha +=
      w * (r / alpha - rx / (alpha + T[i]) + sigma * rx * (1 / (alpha + T[i]) - 1 / (alpha + recency[i])));
    ga += w * (terms.da[k] + sigma / a);
    gb += w * (terms.db[k] - sigma / (b + x));
  }
  grad[0] = gr;
  grad[1] = gAlpha;
  grad[2] = ga;
  grad[3] = gb;
  return ll;
}

/**
 * Per distinct x: lnΓ(r+x) − lnΓ(r) + ln B(a, b+x+1) − ln B(a, b), its derivatives in r, a and b, and
 * ln(a / (b+x)).
 */
function frequencyTerms(r: number, a: number, b: number, data: GroupedSummary) {
  const xs = data.distinctFrequency;
  const m = xs.length;
  const out = {
    ll: new Float64Array(m),
    dr: new Float64Array(m),
    da: new Float64Array(m),
    db: new Float64Array(m),
    lnOdds: new Float64Array(m),
  };
  const lnGammaR = gammaln(r);
  const lnBeta = betaln(a, b);
  const psiR = digamma(r);
  const psiB = digamma(b);
  const psiAB = digamma(a + b);
  for (let k = 0; k < m; k++) {
    const x = xs[k];
    const psiABX = digamma(a + b + x + 1);
    out.ll[k] = gammaln(r + x) - lnGammaR + betaln(a, b + x + 1) - lnBeta;
    out.dr[k] = digamma(r + x) - psiR;
    out.da[k] = psiAB - psiABX;
    out.db[k] = digamma(b + x + 1) - psiABX - psiB + psiAB;
    out.lnOdds[k] = Math.log(a / (b + x));
  }
  return out;
}

/** P(alive | x, t_x, T) = 1 / (1 + a/(b+x) · ((α+T)/(α+t_x))^{r+x}) (Batislam et al. 2007, eq. 6). */
export function mbgnbdPAlive(p: MbgNbdParams, x: number, tx: number, T: number): number {
  const { r, alpha, a, b } = p;
  const d = Math.log(a / (b + x)) + (r + x) * Math.log((alpha + T) / (alpha + tx));
  return 1 / (1 + Math.exp(d));
}

/**
 * E[X(t)] of a new customer: b/(a−1) · [1 − (α/(α+t))^r 2F1(r, b+1; a+b; t/(α+t))] (Batislam et al.
 * 2007, eq. 5). Given p, the j-th repeat purchase needs j survivals, (1−p)^j, one more than in BG/NBD;
 * the factor (1−p) turns Beta(a, b) into Beta(a, b+1) times b/(a+b), so this is b/(a+b) times the
 * BG/NBD expectation at (r, α, a, b+1), whose a = 1 singularity that function already handles.
 */
export function mbgnbdExpectedPurchases(p: MbgNbdParams, t: number): number {
  return (p.b / (p.a + p.b)) * bgnbdExpectedPurchases({ ...p, b: p.b + 1 }, t);
}

/**
 * The process after T of a customer alive at T: purchases at λ ~ Gamma(r+x, α+T), a dropout chance
 * after each purchase with p ~ Beta(a, b+x+1) (x + 1 survivals so far) — a BG/NBD process with these
 * parameters, as no dropout can happen at T itself.
 */
const aliveProcess = (p: MbgNbdParams, x: number, T: number): BgNbdParams => ({
  r: p.r + x,
  alpha: p.alpha + T,
  a: p.a,
  b: p.b + x + 1,
});

/**
 * E[Y(t) | x, t_x, T]: expected purchases in (T, T+t] (Batislam et al. 2007, eq. 7),
 * (a+b+x)/(a−1) · [1 − ((α+T)/(α+T+t))^{r+x} 2F1(r+x, b+x+1; a+b+x; t/(α+T+t))] · P(alive).
 */
export function mbgnbdConditionalExpectedPurchases(
  p: MbgNbdParams,
  t: number,
  x: number,
  tx: number,
  T: number,
): number {
  return bgnbdExpectedPurchases(aliveProcess(p, x, T), t) * mbgnbdPAlive(p, x, tx, T);
}

/**
 * P(no purchase in (T, T+t] | x, t_x, T) = 1 − P(alive) + P(alive) ((α+T)/(α+T+t))^{r+x}: one alive at
 * T cannot drop out before the next purchase, so buys nothing exactly when that purchase comes after t.
 */
export function mbgnbdNoPurchaseProbability(
  p: MbgNbdParams,
  t: number,
  x: number,
  tx: number,
  T: number,
): number {
  const alive = mbgnbdPAlive(p, x, tx, T);
  return 1 - alive + alive * ((p.alpha + T) / (p.alpha + T + t)) ** (p.r + x);
}

/**
 * P(Y(t) = n | x, t_x, T): purchases in (T, T+t] of a customer with that history. Dead at T (1 −
 * P(alive)), the count is 0; alive, it is the BG/NBD count of the process after T (see aliveProcess).
 */
export function mbgnbdConditionalProbabilityOfPurchases(
  p: MbgNbdParams,
  t: number,
  n: number,
  x: number,
  tx: number,
  T: number,
): number {
  const alive = mbgnbdPAlive(p, x, tx, T);
  return (n === 0 ? 1 - alive : 0) + alive * bgnbdProbabilityOfPurchases(aliveProcess(p, x, T), t, n);
}
