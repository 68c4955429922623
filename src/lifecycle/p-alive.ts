import { type BgNbdParams, bgnbdPAlive, fitBgNbd } from '../analytics/bgnbd.js';

/**
 * Per customer, in days: x = repeat purchase days, tx = days from the first to the last purchase
 * day, T = days from the first purchase day to the as-of date (Fader, Hardie & Lee 2005).
 */
export interface PurchaseHistory {
  frequency: Float64Array;
  recency: Float64Array;
  T: Float64Array;
  /** Customers sharing each row (default 1 each). */
  weights?: Float64Array;
}

// Below this many customers with purchases the maximum-likelihood estimates are too unstable to
// decline anyone on: the P(alive) condition is then left out rather than driven by noise.
export const MIN_FIT_CUSTOMERS = 50;

/** BG/NBD parameters fitted on a workspace's histories, or null when the data cannot support a fit. */
export function fitPAliveModel(
  history: PurchaseHistory,
  customers = history.frequency.length,
): BgNbdParams | null {
  if (customers < MIN_FIT_CUSTOMERS) return null;
  if (!history.frequency.some((x) => x > 0)) return null;
  const fit = fitBgNbd(history);
  const { r, alpha, a, b } = fit.params;
  if (!fit.converged || ![r, alpha, a, b].every((v) => Number.isFinite(v) && v > 0)) return null;
  return fit.params;
}

/** P(alive) of a customer with n purchase days, first and last on those day numbers, at day asOf. */
export function pAliveAt(params: BgNbdParams, n: number, first: number, last: number, asOf: number): number {
  return bgnbdPAlive(params, n - 1, last - first, asOf - first);
}

/**
 * The first day on which P(alive) is below `threshold` with no new purchase, or null when it never is.
 * P(alive) = 1 / (1 + e^d) with d = ln(a / (b + x − 1)) + (r + x) ln((α + T) / (α + t_x)), which grows
 * with T; solving d = ln(1/p − 1) for T gives the crossing in closed form.
 */
export function pAliveCrossingDay(
  params: BgNbdParams,
  n: number,
  first: number,
  last: number,
  threshold: number,
): number | null {
  const x = n - 1;
  if (x < 1) return null;
  const { r, alpha, a, b } = params;
  const target = Math.log(1 / threshold - 1) - Math.log(a / (b + x - 1));
  const T = (alpha + last - first) * Math.exp(target / (r + x)) - alpha;
  if (!Number.isFinite(T)) return null;
  return first + Math.max(Math.floor(T) + 1, last - first);
}
