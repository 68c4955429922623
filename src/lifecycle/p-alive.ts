import { type RepeatModel, repeatModelPAlive } from '../analytics/repeat-model.js';

/**
 * P(alive) of a customer with n purchase days, first and last on those day numbers, at day asOf, under
 * the workspace's repeat model (in days; see scoring/workspace-model.ts): x = n − 1, t_x = last − first,
 * T = asOf − first, exactly as the value card computes it.
 */
export function pAliveAt(model: RepeatModel, n: number, first: number, last: number, asOf: number): number {
  return repeatModelPAlive(model, n - 1, last - first, asOf - first);
}

// Past this age a customer's P(alive) is not followed further: the next check is left to the rules.
const FOLLOWED_DAYS = 100 * 366;

/**
 * The first day on which P(alive) is below `threshold` with no new purchase, or null when it never is.
 * The BG/NBD and MBG/NBD forms, 1 / (1 + e^d) with d = ln(a / (b + x − δ)) + (r + x) ln((α + T) / (α + t_x))
 * (δ = 1 for BG/NBD, 0 for MBG/NBD), grow with T and solve in closed form; Pareto/NBD's P(alive) also
 * falls with T, and its crossing is found by bisection on whole days.
 */
export function pAliveCrossingDay(
  model: RepeatModel,
  n: number,
  first: number,
  last: number,
  threshold: number,
): number | null {
  const x = n - 1;
  const tx = last - first;
  if (model.kind !== 'pareto-nbd') {
    // BG/NBD drops customers only after a repeat purchase: at x = 0 its P(alive) is 1 for good.
    if (model.kind === 'bgnbd' && x < 1) return null;
    const { r, alpha, a, b } = model.params;
    const odds = a / (b + x - (model.kind === 'bgnbd' ? 1 : 0));
    const target = Math.log(1 / threshold - 1) - Math.log(odds);
    const T = (alpha + tx) * Math.exp(target / (r + x)) - alpha;
    if (!Number.isFinite(T)) return null;
    return first + Math.max(Math.floor(T) + 1, tx);
  }
  const below = (T: number) => repeatModelPAlive(model, x, tx, T) < threshold;
  if (below(tx)) return first + tx;
  if (!below(FOLLOWED_DAYS)) return null;
  // Invariant: P(alive) at lo is at or above the threshold, at hi below it.
  let [lo, hi] = [tx, FOLLOWED_DAYS];
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (below(mid)) hi = mid;
    else lo = mid;
  }
  return first + hi;
}
