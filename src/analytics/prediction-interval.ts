/**
 * 90 % intervals of per-customer predictions (expected purchases, CLV) from the uncertainty of the
 * fitted parameters, by the delta method: with θ the log-parameters and Σ their covariance (the
 * inverse observed information), var g(θ̂) ≈ ∇gᵀ Σ ∇g, the gradient taken by central differences.
 * The predictions are positive, so the interval is built for ln g, g·exp(∓z·se(g)/g), which keeps it
 * positive. It reflects parameter uncertainty only, not the randomness of the customer's own future.
 */
import { Z90 } from './parameter-uncertainty.js';

export interface PredictionInterval {
  lower: Float64Array;
  upper: Float64Array;
  /** Standard error of ln g per customer (0 where g is 0): independent parts add in quadrature. */
  logSe: Float64Array;
}

/**
 * predict(θ) gives one prediction per customer at log-parameters θ (row-major covariance, k × k).
 * Customers with a prediction of 0 get [0, 0].
 */
export function deltaMethodInterval(
  predict: (theta: Float64Array) => Float64Array,
  theta: ArrayLike<number>,
  logCovariance: Float64Array,
): PredictionInterval {
  const k = theta.length;
  const at = Float64Array.from(theta);
  const center = predict(at);
  const n = center.length;
  const h = 1e-4;
  const gradients: Float64Array[] = [];
  for (let j = 0; j < k; j++) {
    at[j] = theta[j] + h;
    const up = predict(at);
    at[j] = theta[j] - h;
    const down = predict(at);
    at[j] = theta[j];
    const g = new Float64Array(n);
    for (let i = 0; i < n; i++) g[i] = (up[i] - down[i]) / (2 * h);
    gradients.push(g);
  }
  const lower = new Float64Array(n);
  const upper = new Float64Array(n);
  const logSe = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let variance = 0;
    for (let a = 0; a < k; a++) {
      for (let b = 0; b < k; b++) variance += gradients[a][i] * logCovariance[a * k + b] * gradients[b][i];
    }
    const value = center[i];
    if (!(value > 0)) continue;
    logSe[i] = Math.sqrt(Math.max(variance, 0)) / value;
    const spread = Math.exp(Z90 * logSe[i]);
    lower[i] = value / spread;
    upper[i] = value * spread;
  }
  return { lower, upper, logSe };
}
