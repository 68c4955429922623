import { type BgNbdParams, bgnbdPAlive } from './bgnbd.js';

/**
 * P(no purchase in (T, T + t] | x, t_x, T) under BG/NBD. A BG/NBD customer can drop out only right
 * after a purchase, so one still alive at T makes no purchase in the window with probability
 * E[e^{−λt}], where the posterior of λ given alive is Gamma(r + x, α + T); hence
 * 1 − P(alive) + P(alive) · ((α + T) / (α + T + t))^(r + x).
 *
 * Unlike P(alive), which BG/NBD sets to 1 for every customer without a repeat purchase however long
 * ago they bought, this falls as a customer's expected purchase rate rises: a better churn signal.
 */
export function bgnbdNoPurchaseProbability(
  p: BgNbdParams,
  t: number,
  x: number,
  tx: number,
  T: number,
): number {
  const alive = bgnbdPAlive(p, x, tx, T);
  return 1 - alive + alive * ((p.alpha + T) / (p.alpha + T + t)) ** (p.r + x);
}
