/**
 * Gamma-Gamma model of spend per transaction (Fader & Hardie 2013, "The Gamma-Gamma Model of Monetary
 * Value"; Colombo & Jiang 1999). A customer's transaction values are Gamma(p, ν) with ν ~ Gamma(q, γ),
 * so the mean z̄ of x transactions has density
 *   f(z̄ | x) = Γ(px+q) / (Γ(px) Γ(q)) · γ^q x^{px} z̄^{px−1} / (γ + x z̄)^{px+q}.
 */
import { badRequest } from '../errors.js';
import type { FitOptions, FitResult } from './fit-result.js';
import { maximizeLikelihood } from './maximum-likelihood.js';
import { parameterUncertainty } from './parameter-uncertainty.js';
import { digamma, gammaln } from './special-functions.js';

export type GammaGammaParams = { p: number; q: number; gamma: number };
/** The parameters in the order of the fit's covariance (see REPEAT_MODEL_PARAMETERS). */
export const GAMMA_GAMMA_PARAMETERS = ['p', 'q', 'gamma'] as const;

export interface SpendSummary {
  frequency: Float64Array;
  /** Mean value of the repeat transactions, z̄. */
  monetaryValue: Float64Array;
  weights?: Float64Array;
}

/** The customers the model can use: x > 0 and z̄ > 0, with their x-dependent terms indexed. */
interface SpendRows {
  x: Float64Array;
  mbar: Float64Array;
  w: Float64Array;
  /** The distinct frequencies and the total weight of each: the lnΓ and ψ terms depend on x alone. */
  distinctX: Float64Array;
  weightByX: Float64Array;
  /** Σ w x (ln x + ln z̄) and Σ w ln z̄: the parts of ln f that do not depend on the parameters' mix. */
  sumWxLnXM: number;
  sumWLnM: number;
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
    uncertainty: parameterUncertainty({ p, q, gamma }, fit.logCovariance),
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
    mbar: new Float64Array(keep.length),
    w: new Float64Array(keep.length),
    distinctX: new Float64Array(0),
    weightByX: new Float64Array(0),
    sumWxLnXM: 0,
    sumWLnM: 0,
    customers: 0,
    skipped,
  };
  const byX = new Map<number, number>();
  keep.forEach((i, k) => {
    const x = frequency[i];
    const m = monetaryValue[i];
    const w = weights ? weights[i] : 1;
    rows.x[k] = x;
    rows.mbar[k] = m;
    rows.w[k] = w;
    rows.sumWxLnXM += w * x * (Math.log(x) + Math.log(m));
    rows.sumWLnM += w * Math.log(m);
    rows.customers += w;
    byX.set(x, (byX.get(x) ?? 0) + w);
  });
  rows.distinctX = Float64Array.from(byX.keys());
  rows.weightByX = Float64Array.from(byX.values());
  return rows;
}

function invalid(field: string, i: number, message: string): never {
  throw badRequest(`row ${i}: ${message}`, [{ path: `${field}.${i}`, message }]);
}

/**
 * Σ w ln f(z̄ | x) and its gradient in (p, q, γ). The terms without γ inside a logarithm are sums fixed
 * by the data (precomputed in SpendRows) or depend on x alone, so each row costs one logarithm.
 */
function gammaGammaLogLikelihood(params: Float64Array, rows: SpendRows, grad: Float64Array): number {
  const [p, q, gamma] = params;
  const n = rows.customers;
  const lnGamma = Math.log(gamma);
  const { lnGammaRatio, psiRatio, psiSum } = frequencyTerms(p, q, rows.distinctX);
  let s0 = 0;
  let s1 = 0;
  let t0 = 0;
  let t1 = 0;
  for (let i = 0; i < rows.x.length; i++) {
    const w = rows.w[i];
    const wx = w * rows.x[i];
    const denom = gamma + rows.x[i] * rows.mbar[i];
    const lnDenom = Math.log(denom);
    s0 += w * lnDenom;
    s1 += wx * lnDenom;
    t0 += w / denom;
    t1 += wx / denom;
  }
  let ll = n * (q * lnGamma - gammaln(q)) + p * rows.sumWxLnXM - rows.sumWLnM - p * s1 - q * s0;
  let gp = rows.sumWxLnXM - s1;
  let gq = n * (lnGamma - digamma(q)) - s0;
  for (let k = 0; k < rows.distinctX.length; k++) {
    const w = rows.weightByX[k];
    ll += w * lnGammaRatio[k];
    gp += w * rows.distinctX[k] * psiRatio[k];
    gq += w * psiSum[k];
  }
  grad[0] = gp;
  grad[1] = gq;
  grad[2] = (n * q) / gamma - p * t1 - q * t0;
  return ll;
}

/** lnΓ(px+q) − lnΓ(px), ψ(px+q) − ψ(px) and ψ(px+q) for each distinct x, once per evaluation. */
function frequencyTerms(p: number, q: number, xs: Float64Array) {
  const lnGammaRatio = new Float64Array(xs.length);
  const psiRatio = new Float64Array(xs.length);
  const psiSum = new Float64Array(xs.length);
  for (let k = 0; k < xs.length; k++) {
    const px = p * xs[k];
    psiSum[k] = digamma(px + q);
    lnGammaRatio[k] = gammaln(px + q) - gammaln(px);
    psiRatio[k] = psiSum[k] - digamma(px);
  }
  return { lnGammaRatio, psiRatio, psiSum };
}

/**
 * E[M | x, z̄]: expected spend per transaction of a customer with x repeat purchases of mean value z̄
 * (Fader & Hardie 2013) — a weighted average of the population mean γp/(q−1) and z̄.
 */
export function gammaGammaConditionalExpectedSpend(
  params: GammaGammaParams,
  x: number,
  mbar: number,
): number {
  const { p, q, gamma } = params;
  return ((gamma + x * mbar) * p) / (p * x + q - 1);
}

/** How an expected spend per purchase was formed: a weighted mean of the population's and the customer's. */
export interface SpendEstimate {
  /** Expected spend per purchase. */
  spend: number;
  /** What the customer's figure rests on: repeat purchases, the first purchase alone, or nothing. */
  basis: 'repeat-purchases' | 'first-purchase' | 'population';
  /** The population mean γp/(q−1) (infinite when q <= 1) and its weight (q−1)/(px+q−1). */
  populationMean: number;
  populationWeight: number;
  /** The customer's own mean amount and its weight px/(px+q−1). */
  observedMean: number;
  observedWeight: number;
}

/**
 * The expected spend per purchase of one customer, with the weights that formed it. A repeat buyer
 * gets Fader & Hardie's posterior mean E[M | x, z̄] = (q−1)/(px+q−1) · γp/(q−1) + px/(px+q−1) · z̄. A
 * customer without a repeat purchase, whom the model sees no spend of (z̄ covers repeat purchases only,
 * so all of them would get the same population mean), gets the same posterior applied to the one
 * amount known: x = 1 and z̄ = the first purchase's amount, shrunk towards the population mean with
 * weight (q−1)/(p+q−1). It assumes the first purchase is drawn like the later ones; without a positive
 * first amount the population mean is all there is.
 */
export function gammaGammaSpendEstimate(
  params: GammaGammaParams,
  x: number,
  mbar: number,
  firstAmount = Number.NaN,
): SpendEstimate {
  const { p, q, gamma } = params;
  const populationMean = q > 1 ? (gamma * p) / (q - 1) : Number.POSITIVE_INFINITY;
  const [basis, n, observedMean] =
    x > 0 && mbar > 0
      ? (['repeat-purchases', x, mbar] as const)
      : firstAmount > 0
        ? (['first-purchase', 1, firstAmount] as const)
        : (['population', 0, 0] as const);
  const denominator = p * n + q - 1;
  return {
    spend: ((gamma + n * observedMean) * p) / denominator,
    basis,
    populationMean,
    populationWeight: (q - 1) / denominator,
    observedMean,
    observedWeight: (p * n) / denominator,
  };
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
