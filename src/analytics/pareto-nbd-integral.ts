/**
 * The antiderivative F of the Pareto/NBD death-time integrand, with its parameter derivatives:
 *   dF/dτ = −(r+s+x) (α+τ)^{-(r+x)} (β+τ)^{-(s+1)}.
 * Fader & Hardie's note writes F with 2F1(r+s+x, ·; r+s+x+1; z), branching on α >= β so that
 * 0 <= z < 1. Euler's transformation 2F1(a, b; c; z) = (1−z)^{c−a−b} 2F1(c−a, c−b; c; z) turns both
 * branches into 2F1(1, ·; r+s+x+1; z), whose terms are all positive:
 *   α >= β: F = (α+τ)^{-(r+x)} (β+τ)^{-s} 2F1(1, r+x; r+s+x+1; (α−β)/(α+τ)),
 *   α <  β: F = (α+τ)^{1−r−x} (β+τ)^{-(s+1)} 2F1(1, s+1; r+s+x+1; (β−α)/(β+τ)).
 */
import { type HypSeries, hyp2f1OneSeries } from './special-functions.js';

/** ln F(τ) and its partial derivatives ∂ln F/∂θ for θ = r, α, s, β. */
export interface Primitive {
  ln: number;
  dr: number;
  dAlpha: number;
  ds: number;
  dBeta: number;
}

export const createPrimitive = (): Primitive => ({ ln: 0, dr: 0, dAlpha: 0, ds: 0, dBeta: 0 });

const series: HypSeries = { value: 0, dB: 0, dC: 0, dZ: 0 };

/** Evaluates F at τ for parameters p = [r, α, s, β] and frequency x into out. */
export function primitiveAt(p: ArrayLike<number>, x: number, tau: number, out: Primitive): Primitive {
  const r = p[0];
  const alpha = p[1];
  const s = p[2];
  const beta = p[3];
  const a = alpha + tau;
  const b = beta + tau;
  const lnA = Math.log(a);
  const lnB = Math.log(b);
  const c = r + s + x + 1;
  if (alpha >= beta) {
    const z = (alpha - beta) / a;
    const g = hyp2f1OneSeries(r + x, c, z, series);
    const gz = g.dZ / g.value;
    out.ln = -(r + x) * lnA - s * lnB + Math.log(g.value);
    out.dr = -lnA + (g.dB + g.dC) / g.value;
    out.ds = -lnB + g.dC / g.value;
    out.dAlpha = -(r + x) / a + (gz * b) / (a * a);
    out.dBeta = -s / b - gz / a;
  } else {
    const z = (beta - alpha) / b;
    const h = hyp2f1OneSeries(s + 1, c, z, series);
    const hz = h.dZ / h.value;
    out.ln = (1 - r - x) * lnA - (s + 1) * lnB + Math.log(h.value);
    out.dr = -lnA + h.dC / h.value;
    out.ds = -lnB + (h.dB + h.dC) / h.value;
    out.dAlpha = (1 - r - x) / a - hz / b;
    out.dBeta = -(s + 1) / b + (hz * a) / (b * b);
  }
  return out;
}
