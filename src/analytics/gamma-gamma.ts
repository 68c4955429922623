/**
 * Gamma-Gamma model of spend per transaction (Fader & Hardie 2013, "The Gamma-Gamma Model of Monetary
 * Value"; Colombo & Jiang 1999). A customer's transaction values are Gamma(p, ν) with ν ~ Gamma(q, γ),
 * so the mean z̄ of x transactions has density
 *   f(z̄ | x) = Γ(px+q) / (Γ(px) Γ(q)) · γ^q x^{px} z̄^{px−1} / (γ + x z̄)^{px+q}.
 */
import { badRequest } from '../errors.js';
import type { FitOptions, FitResult } from './fit-result.js';
import { maximizeLikelihood } from './maximum-likelihood.js';
import { digamma, gammaln } from './special-functions.js';

export type GammaGammaParams = { p: number; q: number; gamma: number };

export interface SpendSummary {
  frequency: Float64Array;
  /** Mean value of the repeat transactions, z̄. */
  monetaryValue: Float64Array;
  weights?: Float64Array;
}

/** The customers the model can use: x > 0 and z̄ > 0, with their x-dependent terms indexed. */
interface SpendRows {
  x: Float64Array;
  lnX: Float64Array;
  mbar: Float64Array;
  lnMbar: Float64Array;
  w: Float64Array;
  customers: number;
  skipped: number;
}

/**
 * Fits Gamma-Gamma by maximum likelihood. Customers without a repeat purchase or with a mean spend
 * of 0 or less (returns, free items) carry no information on spend and are counted in `skipped`.
 */
export function fitGammaGamma(
  data: SpendSummary,
  options: FitOptions = {},
): FitResult<GammaGammaParams> & { skipped: number } {
  const rows = spendRows(data);
  if (rows.customers === 0) {
    throw badRequest('cannot fit Gamma-Gamma: no customer has a repeat purchase with a positive value');
  }
  let mean = 0;
  for (let i = 0; i < rows.mbar.length; i++) mean += rows.w[i] * rows.mbar[i];
  mean /= rows.customers;
  // q = 2 keeps the prior mean γp/(q−1) finite; γ = mean z̄ starts it at the right scale.
  const fit = maximizeLikelihood(
    (p, grad) => gammaGammaLogLikelihood(p, rows, grad),
    [1, 2, mean],
    rows.customers,
    options,
  );
  const [p, q, gamma] = fit.params;
  return {
    model: 'gamma-gamma',
    params: { p, q, gamma },
    logLikelihood: fit.logLikelihood,
    n: rows.customers,
    iterations: fit.iterations,
    converged: fit.converged,
    skipped: rows.skipped,
  };
}

function spendRows(data: SpendSummary): SpendRows {
  const { frequency, monetaryValue, weights } = data;
  const n = frequency.length;
  if (monetaryValue.length !== n || (weights && weights.length !== n)) {
    throw badRequest('frequency, monetaryValue and weights must have the same length');
  }
  const keep: number[] = [];
  let skipped = 0;
  for (let i = 0; i < n; i++) {
    const x = frequency[i];
    const m = monetaryValue[i];
    const w = weights ? weights[i] : 1;
    if (!(x >= 0 && Number.isFinite(x))) invalid('frequency', i, 'frequency must be a finite number >= 0');
    if (!Number.isFinite(m)) invalid('monetaryValue', i, 'monetary value must be a finite number');
    if (!(w >= 0 && Number.isFinite(w))) invalid('weights', i, 'weight must be a finite number >= 0');
    if (x > 0 && m > 0) keep.push(i);
    else skipped += w;
  }
  const rows: SpendRows = {
    x: new Float64Array(keep.length),
    lnX: new Float64Array(keep.length),
    mbar: new Float64Array(keep.length),
    lnMbar: new Float64Array(keep.length),
    w: new Float64Array(keep.length),
    customers: 0,
    skipped,
  };
  keep.forEach((i, k) => {
    rows.x[k] = frequency[i];
    rows.lnX[k] = Math.log(frequency[i]);
    rows.mbar[k] = monetaryValue[i];
    rows.lnMbar[k] = Math.log(monetaryValue[i]);
    rows.w[k] = weights ? weights[i] : 1;
    rows.customers += rows.w[k];
  });
  return rows;
}

function invalid(field: string, i: number, message: string): never {
  throw badRequest(`row ${i}: ${message}`, [{ path: `${field}.${i}`, message }]);
}

function gammaGammaLogLikelihood(params: Float64Array, rows: SpendRows, grad: Float64Array): number {
  const [p, q, gamma] = params;
  const lnGamma = Math.log(gamma);
  const lnGammaQ = gammaln(q);
  const psiQ = digamma(q);
  const cache = new XTerms(p, q);
  let ll = 0;
  let gp = 0;
  let gq = 0;
  let gg = 0;
  for (let i = 0; i < rows.x.length; i++) {
    const x = rows.x[i];
    const w = rows.w[i];
    const px = p * x;
    const denom = gamma + x * rows.mbar[i];
    const lnDenom = Math.log(denom);
    cache.at(x);
    ll += w * (cache.lnGammaRatio - lnGammaQ + q * lnGamma + px * rows.lnX[i] + (px - 1) * rows.lnMbar[i]);
    ll -= w * (px + q) * lnDenom;
    gp += w * x * (cache.psiRatio + rows.lnX[i] + rows.lnMbar[i] - lnDenom);
    gq += w * (cache.psiSum - psiQ + lnGamma - lnDenom);
    gg += w * (q / gamma - (px + q) / denom);
  }
  grad[0] = gp;
  grad[1] = gq;
  grad[2] = gg;
  return ll;
}

/**
 * lnΓ(px+q) − lnΓ(px) and the ψ values depend on x alone; frequencies are small integers that repeat
 * across customers, so they are computed once per distinct x.
 */
class XTerms {
  lnGammaRatio = 0;
  psiRatio = 0;
  psiSum = 0;
  private readonly memo = new Map<number, [number, number, number]>();

  constructor(
    private readonly p: number,
    private readonly q: number,
  ) {}

  at(x: number): void {
    let v = this.memo.get(x);
    if (v === undefined) {
      const px = this.p * x;
      const psiSum = digamma(px + this.q);
      v = [gammaln(px + this.q) - gammaln(px), psiSum - digamma(px), psiSum];
      this.memo.set(x, v);
    }
    [this.lnGammaRatio, this.psiRatio, this.psiSum] = v;
  }
}

/**
 * E[M | x, z̄]: expected spend per transaction of a customer with x repeat purchases of mean value z̄
 * (Fader & Hardie 2013, eq. 5) — a weighted average of the population mean γp/(q−1) and z̄.
 */
export function gammaGammaConditionalExpectedSpend(
  params: GammaGammaParams,
  x: number,
  mbar: number,
): number {
  const { p, q, gamma } = params;
  return ((gamma + x * mbar) * p) / (p * x + q - 1);
}

/**
 * Pearson correlation of frequency and mean spend among customers with x > 0. The model assumes spend
 * is independent of the purchase process, so a value far from 0 argues against using it.
 */
export function frequencyMonetaryCorrelation(frequency: Float64Array, monetaryValue: Float64Array): number {
  let n = 0;
  let sx = 0;
  let sm = 0;
  for (let i = 0; i < frequency.length; i++) {
    if (frequency[i] > 0) {
      n++;
      sx += frequency[i];
      sm += monetaryValue[i];
    }
  }
  const mx = sx / n;
  const mm = sm / n;
  let cxx = 0;
  let cmm = 0;
  let cxm = 0;
  for (let i = 0; i < frequency.length; i++) {
    if (frequency[i] > 0) {
      const dx = frequency[i] - mx;
      const dm = monetaryValue[i] - mm;
      cxx += dx * dx;
      cmm += dm * dm;
      cxm += dx * dm;
    }
  }
  return cxm / Math.sqrt(cxx * cmm);
}
