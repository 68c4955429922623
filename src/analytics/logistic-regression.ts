/**
 * L2-regularised logistic regression fitted by Newton's method (iteratively reweighted least
 * squares): the log-likelihood is concave and, with the ridge term, strictly so, so Newton converges
 * in a handful of steps from zero and the answer does not depend on a learning rate. The features
 * come as columns; the intercept is not penalised.
 */
export interface LogisticRegression {
  intercept: number;
  coefficients: Float64Array;
  iterations: number;
  converged: boolean;
}

export interface LogisticOptions {
  /** Ridge penalty λ in −ln L + λ/2 · Σ β_j². Default 1: negligible against thousands of rows. */
  l2?: number;
  maxIterations?: number;
}

/** Fits P(y = 1 | z) = 1 / (1 + e^{−(β0 + Σ β_j z_j)}) to 0/1 labels. */
export function fitLogisticRegression(
  features: readonly Float64Array[],
  labels: Uint8Array,
  options: LogisticOptions = {},
): LogisticRegression {
  const l2 = options.l2 ?? 1;
  if (!(l2 >= 0 && Number.isFinite(l2))) throw new RangeError(`l2 must be a finite number >= 0, got ${l2}`);
  const n = labels.length;
  const k = features.length + 1;
  for (const column of features) {
    if (column.length !== n) throw new RangeError('every feature column needs one value per label');
  }
  const beta = new Float64Array(k);
  const eta = new Float64Array(n);
  const maxIterations = options.maxIterations ?? 50;
  for (let iteration = 1; iteration <= maxIterations; iteration++) {
    const gradient = new Float64Array(k);
    const hessian = new Float64Array(k * k);
    for (let i = 0; i < n; i++) {
      const p = sigmoid(eta[i]);
      const w = p * (1 - p);
      const residual = labels[i] - p;
      for (let a = 0; a < k; a++) {
        const za = a === 0 ? 1 : features[a - 1][i];
        gradient[a] += za * residual;
        for (let b = 0; b <= a; b++) hessian[a * k + b] += w * za * (b === 0 ? 1 : features[b - 1][i]);
      }
    }
    for (let a = 1; a < k; a++) {
      gradient[a] -= l2 * beta[a];
      hessian[a * k + a] += l2;
    }
    const step = solveSymmetric(hessian, gradient, k);
    let largest = 0;
    for (let a = 0; a < k; a++) {
      beta[a] += step[a];
      largest = Math.max(largest, Math.abs(step[a]));
    }
    for (let i = 0; i < n; i++) {
      let e = beta[0];
      for (let a = 1; a < k; a++) e += beta[a] * features[a - 1][i];
      eta[i] = e;
    }
    if (largest < 1e-10)
      return { intercept: beta[0], coefficients: beta.slice(1), iterations: iteration, converged: true };
  }
  return { intercept: beta[0], coefficients: beta.slice(1), iterations: maxIterations, converged: false };
}

/** The logistic function, without overflow for large |x|. */
export function sigmoid(x: number): number {
  if (x >= 0) return 1 / (1 + Math.exp(-x));
  const e = Math.exp(x);
  return e / (1 + e);
}

/**
 * Solves H s = g for a symmetric positive definite H given by its lower triangle, by Cholesky. With
 * λ > 0 H is positive definite; without a penalty, perfectly separated or constant features make it
 * singular, which is a fault of the caller's features.
 */
function solveSymmetric(h: Float64Array, g: Float64Array, k: number): Float64Array {
  const l = new Float64Array(k * k);
  for (let i = 0; i < k; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = h[i * k + j];
      for (let m = 0; m < j; m++) sum -= l[i * k + m] * l[j * k + m];
      if (i === j) {
        if (!(sum > 0)) throw new RangeError('the features are collinear or constant: use l2 > 0');
        l[i * k + i] = Math.sqrt(sum);
      } else l[i * k + j] = sum / l[j * k + j];
    }
  }
  const y = new Float64Array(k);
  for (let i = 0; i < k; i++) {
    let sum = g[i];
    for (let m = 0; m < i; m++) sum -= l[i * k + m] * y[m];
    y[i] = sum / l[i * k + i];
  }
  const s = new Float64Array(k);
  for (let i = k - 1; i >= 0; i--) {
    let sum = y[i];
    for (let m = i + 1; m < k; m++) sum -= l[m * k + i] * s[m];
    s[i] = sum / l[i * k + i];
  }
  return s;
}
