/**
 * BG/BB model of repeat transactions at discrete occasions (Fader, Hardie & Shang 2010, "Customer-Base
 * Analysis in a Discrete-Time Noncontractual Setting", Marketing Science 29(6)): at each of n occasions
 * (a yearly drive, a weekly show) an active customer transacts with chance p ~ Beta(α, β) and, before
 * the next one, becomes inactive with chance θ ~ Beta(γ, δ). A customer is summarised by x repeat
 * transactions, the occasion t_x of the last one (0 when none) and the number n of occasions observed.
 */
import { badRequest } from '../errors.js';
import type { FitOptions, FitResult } from './fit-result.js';
import { maximizeLikelihood } from './maximum-likelihood.js';
import { withNumericalGradient } from './numerical-gradient.js';
import { parameterUncertainty } from './parameter-uncertainty.js';
import { betaln, digamma, gammaln } from './special-functions.js';

export type BgBbParams = { alpha: number; beta: number; gamma: number; delta: number };

export interface OccasionSummary {
  frequency: Float64Array;
  recency: Float64Array;
  periods: Float64Array;
  /** Customers with exactly that row (default 1 each): the donations file counts its donors so. */
  weights?: Float64Array;
}

/** Fits BG/BB by maximum likelihood (FHS 2010, eq. 5) over weighted rows. */
export function fitBgBb(data: OccasionSummary, options: FitOptions = {}): FitResult<BgBbParams> {
  const rows = validRows(data);
  if (rows.customers === 0) throw badRequest('cannot fit BG/BB to zero customers');
  if (rows.transactions === 0) {
    throw badRequest('cannot fit BG/BB: no customer made a repeat transaction');
  }
  const fit = maximizeLikelihood(
    withNumericalGradient((p) => bgbbLogLikelihood(paramsOf(p), rows)),
    [1, 1, 1, 1],
    rows.customers,
    options,
  );
  const params = paramsOf(fit.params);
  return {
    model: 'bgbb',
    params,
    logLikelihood: fit.logLikelihood,
    n: rows.customers,
    iterations: fit.iterations,
    converged: fit.converged,
    uncertainty: parameterUncertainty(params, fit.logCovariance),
  };
}

const paramsOf = (p: ArrayLike<number>): BgBbParams => ({
  alpha: p[0],
  beta: p[1],
  gamma: p[2],
  delta: p[3],
});

interface ValidRows extends Required<OccasionSummary> {
  customers: number;
  transactions: number;
}

function validRows(data: OccasionSummary): ValidRows {
  const { frequency, recency, periods } = data;
  const count = frequency.length;
  if (
    recency.length !== count ||
    periods.length !== count ||
    (data.weights && data.weights.length !== count)
  ) {
    throw badRequest('frequency, recency, periods and weights must have the same length');
  }
  const weights = data.weights ?? new Float64Array(count).fill(1);
  let customers = 0;
  let transactions = 0;
  for (let i = 0; i < count; i++) {
    const [x, tx, n, w] = [frequency[i], recency[i], periods[i], weights[i]];
    if (!(Number.isInteger(n) && n >= 1))
      invalid('periods', i, `periods must be a whole number >= 1, got ${n}`);
    if (!(Number.isInteger(tx) && tx >= 0 && tx <= n)) {
      invalid('recency', i, `recency must be a whole number in [0, periods], got ${tx} with periods = ${n}`);
    }
    if (!(Number.isInteger(x) && x >= 0 && x <= tx && (x > 0 || tx === 0))) {
      invalid(
        'frequency',
        i,
        `frequency must be a whole number in [1, recency], or 0 with recency 0; got ${x}`,
      );
    }
    if (!(w >= 0 && w < Number.POSITIVE_INFINITY)) {
      invalid('weights', i, `weight must be a finite number >= 0, got ${w}`);
    }
    customers += w;
    transactions += w * x;
  }
  return { frequency, recency, periods, weights, customers, transactions };
}

function invalid(field: string, i: number, message: string): never {
  throw badRequest(`row ${i}: ${message}`, [{ path: `${field}.${i}`, message }]);
}

/**
 * Total log-likelihood (FHS 2010, eq. 5):
 *   L(x, t_x, n) = B(α+x, β+n−x)/B(α,β) · B(γ, δ+n)/B(γ,δ)
 *                + Σ_{i=0}^{n−t_x−1} B(α+x, β+t_x−x+i)/B(α,β) · B(γ+1, δ+t_x+i)/B(γ,δ),
 * alive through all n occasions, or last active at occasion t_x + i and gone before the next.
 */
export function bgbbLogLikelihood(p: BgBbParams, data: OccasionSummary): number {
  const { frequency, recency, periods } = data;
  let ll = 0;
  for (let i = 0; i < frequency.length; i++) {
    const w = data.weights ? data.weights[i] : 1;
    if (w > 0) ll += w * bgbbRowLogLikelihood(p, frequency[i], recency[i], periods[i]);
  }
  return ll;
}

/** ln L(x, t_x, n) of one customer, summed in log space. */
export function bgbbRowLogLikelihood(p: BgBbParams, x: number, tx: number, n: number): number {
  const { alpha, beta, gamma, delta } = p;
  const base = betaln(alpha, beta) + betaln(gamma, delta);
  const terms = [betaln(alpha + x, beta + n - x) + betaln(gamma, delta + n) - base];
  for (let i = 0; i < n - tx; i++) {
    terms.push(betaln(alpha + x, beta + tx - x + i) + betaln(gamma + 1, delta + tx + i) - base);
  }
  return logSumExp(terms);
}

function logSumExp(terms: number[]): number {
  const top = Math.max(...terms);
  let sum = 0;
  for (const t of terms) sum += Math.exp(t - top);
  return top + Math.log(sum);
}

/**
 * P(alive at occasion n + m | x, t_x, n): alive through n and not leaving in the m transitions after
 * (FHS 2010, eq. 11 for m = 1): B(α+x, β+n−x)/B(α,β) · B(γ, δ+n+m)/B(γ,δ) / L(x, t_x, n).
 */
export function bgbbPAlive(p: BgBbParams, m: number, x: number, tx: number, n: number): number {
  const { alpha, beta, gamma, delta } = p;
  const alive =
    betaln(alpha + x, beta + n - x) -
    betaln(alpha, beta) +
    betaln(gamma, delta + n + m) -
    betaln(gamma, delta);
  return Math.exp(alive - bgbbRowLogLikelihood(p, x, tx, n));
}

/**
 * Σ_{k=a+1}^{b} B(γ, δ+k)/B(γ, δ) = δ/(γ−1) · Γ(γ+δ)/Γ(1+δ) · [Γ(1+δ+a)/Γ(γ+δ+a) − Γ(1+δ+b)/Γ(γ+δ+b)]:
 * the expected number of the occasions a+1, ..., b survived (FHS 2010, eqs. 9 and 13). At γ = 1 the
 * bracket and γ − 1 vanish together; the limit is δ [ψ(1+δ+b) − ψ(1+δ+a)].
 */
function aliveOccasions(gamma: number, delta: number, a: number, b: number): number {
  if (Math.abs(gamma - 1) < 1e-8) return delta * (digamma(1 + delta + b) - digamma(1 + delta + a));
  const lnHead = Math.log(delta / Math.abs(gamma - 1)) + gammaln(gamma + delta) - gammaln(1 + delta);
  const at = (k: number) => Math.exp(lnHead + gammaln(1 + delta + k) - gammaln(gamma + delta + k));
  return Math.sign(gamma - 1) * (at(a) - at(b));
}

/**
 * E[X(n)]: expected transactions of a new customer in the first n occasions (FHS 2010, eq. 9),
 * α/(α+β) · δ/(γ−1) · [1 − Γ(γ+δ)Γ(1+δ+n) / (Γ(γ+δ+n)Γ(1+δ))].
 */
export function bgbbExpectedTransactions(p: BgBbParams, n: number): number {
  return (p.alpha / (p.alpha + p.beta)) * aliveOccasions(p.gamma, p.delta, 0, n);
}

/**
 * E[X(n, n+m) | x, t_x, n]: expected transactions in the next m occasions (FHS 2010, eq. 13),
 * 1/L · B(α+x+1, β+n−x)/B(α,β) · δ/(γ−1) · Γ(γ+δ)/Γ(1+δ) · [Γ(1+δ+n)/Γ(γ+δ+n) − Γ(1+δ+n+m)/Γ(γ+δ+n+m)].
 */
export function bgbbConditionalExpectedTransactions(
  p: BgBbParams,
  m: number,
  x: number,
  tx: number,
  n: number,
): number {
  const { alpha, beta } = p;
  const lnHead =
    betaln(alpha + x + 1, beta + n - x) - betaln(alpha, beta) - bgbbRowLogLikelihood(p, x, tx, n);
  return Math.exp(lnHead) * aliveOccasions(p.gamma, p.delta, n, n + m);
}

/**
 * P(X(n) = x): the chance that a new customer makes x transactions in the first n occasions (FHS 2010,
 * eq. 8), for the model's frequency histogram:
 *   C(n,x) B(α+x, β+n−x)/B(α,β) · B(γ, δ+n)/B(γ,δ) + Σ_{i=x}^{n−1} C(i,x) B(α+x, β+i−x)/B(α,β) · B(γ+1, δ+i)/B(γ,δ).
 */
export function bgbbProbabilityOfTransactions(p: BgBbParams, n: number, x: number): number {
  const { alpha, beta, gamma, delta } = p;
  const base = betaln(alpha, beta) + betaln(gamma, delta);
  const lnChoose = (a: number, b: number) => gammaln(a + 1) - gammaln(b + 1) - gammaln(a - b + 1);
  let total = Math.exp(lnChoose(n, x) + betaln(alpha + x, beta + n - x) + betaln(gamma, delta + n) - base);
  for (let i = x; i < n; i++) {
    total += Math.exp(lnChoose(i, x) + betaln(alpha + x, beta + i - x) + betaln(gamma + 1, delta + i) - base);
  }
  return total;
}
