/**
 * L-BFGS (Nocedal & Wright, Numerical Optimization, 2nd ed., Algorithm 7.4 and 7.5) with a line
 * search that enforces the strong Wolfe conditions (Algorithms 3.5 and 3.6), for the smooth,
 * low-dimensional likelihoods of the customer-base models. Bounds are not handled here: the models
 * optimise over log-parameters, which makes every positive parameter unconstrained.
 *
 * Written here rather than taken from npm because the packages found either lack a line search that
 * guarantees the curvature condition or report the iteration cap as success.
 */

/** Writes the gradient at x into grad and returns the objective value. */
export type Objective = (x: Float64Array, grad: Float64Array) => number;

export interface MinimizeOptions {
  maxIterations?: number;
  /** Converged when max |g_i| <= gradientTolerance · max(1, |f|). */
  gradientTolerance?: number;
  /** Also converged when the relative decrease of f in one iteration falls below this... */
  valueTolerance?: number;
  /**
   * ...or when no step decreases f any more, provided max |g_i| <= acceptableGradient · max(1, |f|):
   * sums over many customers carry rounding noise of about 1e-13 relative, so near the optimum of
   * an ill-conditioned likelihood the decrease a step could make is below what f can resolve.
   */
  acceptableGradient?: number;
  /** Number of correction pairs kept. */
  memory?: number;
}

export interface MinimizeResult {
  x: Float64Array;
  value: number;
  iterations: number;
  converged: boolean;
  /** Why the iteration stopped, for reporting a failure. */
  message: string;
}

const DEFAULTS: Required<MinimizeOptions> = {
  maxIterations: 500,
  gradientTolerance: 1e-8,
  valueTolerance: 1e-14,
  acceptableGradient: 1e-5,
  memory: 10,
};

/** Minimises f from x0. Non-convergence is reported through `converged: false`, never hidden. */
export function minimize(f: Objective, x0: ArrayLike<number>, options: MinimizeOptions = {}): MinimizeResult {
  const opts = { ...DEFAULTS, ...options };
  const n = x0.length;
  const x = Float64Array.from(x0);
  const g = new Float64Array(n);
  let value = f(x, g);
  if (!Number.isFinite(value)) return result(x, value, 0, false, 'objective is not finite at the start');
  const memory = new Memory(n, opts.memory);
  const direction = new Float64Array(n);
  const search = new LineSearch(f, n);
  for (let iteration = 0; iteration < opts.maxIterations; iteration++) {
    if (normInf(g) <= opts.gradientTolerance * Math.max(1, Math.abs(value))) {
      return result(x, value, iteration, true, 'gradient below tolerance');
    }
    memory.direction(g, direction);
    let slope = dot(direction, g);
    if (!(slope < 0)) {
      // The quasi-Newton model lost positive definiteness: restart along steepest descent.
      memory.clear();
      for (let i = 0; i < n; i++) direction[i] = -g[i];
      slope = dot(direction, g);
    }
    const first = iteration === 0 ? Math.min(1, 1 / normInf(g)) : 1;
    const step = search.run(x, value, direction, slope, first);
    if (step === undefined) {
      const small = normInf(g) <= opts.acceptableGradient * Math.max(1, Math.abs(value));
      const message = small ? 'no further decrease within rounding' : 'line search found no acceptable step';
      return result(x, value, iteration, small, message);
    }
    memory.push(search.xNew, x, search.gNew, g);
    const previous = value;
    value = search.fNew;
    x.set(search.xNew);
    g.set(search.gNew);
    if (previous - value <= opts.valueTolerance * Math.max(1, Math.abs(value), Math.abs(previous))) {
      const small = normInf(g) <= opts.acceptableGradient * Math.max(1, Math.abs(value));
      if (small) return result(x, value, iteration + 1, true, 'objective stopped decreasing');
    }
  }
  return result(x, value, opts.maxIterations, false, 'iteration limit reached');
}

function result(x: Float64Array, value: number, iterations: number, converged: boolean, message: string) {
  return { x, value, iterations, converged, message };
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

function normInf(a: Float64Array): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]));
  return m;
}

/** The correction pairs (s, y) and the two-loop recursion (Nocedal & Wright, Algorithm 7.4). */
class Memory {
  private readonly s: Float64Array[] = [];
  private readonly y: Float64Array[] = [];
  private readonly rho: number[] = [];
  private readonly alpha: Float64Array;

  constructor(
    private readonly n: number,
    private readonly size: number,
  ) {
    this.alpha = new Float64Array(size);
  }

  clear(): void {
    this.s.length = 0;
    this.y.length = 0;
    this.rho.length = 0;
  }

  push(xNew: Float64Array, x: Float64Array, gNew: Float64Array, g: Float64Array): void {
    const s = new Float64Array(this.n);
    const y = new Float64Array(this.n);
    for (let i = 0; i < this.n; i++) {
      s[i] = xNew[i] - x[i];
      y[i] = gNew[i] - g[i];
    }
    const sy = dot(s, y);
    // The strong Wolfe step guarantees s·y > 0; a pair without curvature would break the update.
    if (!(sy > 1e-300)) return;
    if (this.s.length === this.size) {
      this.s.shift();
      this.y.shift();
      this.rho.shift();
    }
    this.s.push(s);
    this.y.push(y);
    this.rho.push(1 / sy);
  }

  direction(g: Float64Array, d: Float64Array): void {
    const k = this.s.length;
    for (let i = 0; i < this.n; i++) d[i] = -g[i];
    for (let j = k - 1; j >= 0; j--) {
      this.alpha[j] = this.rho[j] * dot(this.s[j], d);
      axpy(-this.alpha[j], this.y[j], d);
    }
    if (k > 0) {
      // Initial Hessian scaling γ = s·y / y·y (Nocedal & Wright, eq. 7.20).
      const yLast = this.y[k - 1];
      const gamma = 1 / (this.rho[k - 1] * dot(yLast, yLast));
      for (let i = 0; i < this.n; i++) d[i] *= gamma;
    }
    for (let j = 0; j < k; j++) {
      const beta = this.rho[j] * dot(this.y[j], d);
      axpy(this.alpha[j] - beta, this.s[j], d);
    }
  }
}

function axpy(a: number, x: Float64Array, y: Float64Array): void {
  for (let i = 0; i < y.length; i++) y[i] += a * x[i];
}

const C1 = 1e-4;
const C2 = 0.9;
const MAX_EVALUATIONS = 40;

/** Strong Wolfe line search: bracketing then zoom with safeguarded cubic interpolation. */
class LineSearch {
  readonly xNew: Float64Array;
  readonly gNew: Float64Array;
  fNew = Number.NaN;
  private evaluations = 0;

  constructor(
    private readonly f: Objective,
    n: number,
  ) {
    this.xNew = new Float64Array(n);
    this.gNew = new Float64Array(n);
  }

  /** Returns the accepted step length, or undefined when none satisfies the Wolfe conditions. */
  run(x: Float64Array, f0: number, d: Float64Array, slope0: number, first: number) {
    this.evaluations = 0;
    let previous = { step: 0, value: f0, slope: slope0 };
    let step = first;
    for (let i = 0; this.evaluations < MAX_EVALUATIONS; i++) {
      const current = this.evaluate(x, d, step);
      if (!Number.isFinite(current.value)) {
        // Outside the region where the likelihood is defined: shrink towards the last good point.
        step = previous.step + (step - previous.step) / 4;
        continue;
      }
      if (current.value > f0 + C1 * step * slope0 || (i > 0 && current.value >= previous.value)) {
        return this.zoom(x, f0, slope0, d, previous, current);
      }
      if (Math.abs(current.slope) <= -C2 * slope0) return step;
      if (current.slope >= 0) return this.zoom(x, f0, slope0, d, current, previous);
      previous = current;
      step *= 2;
    }
    return undefined;
  }

  private evaluate(x: Float64Array, d: Float64Array, step: number) {
    this.evaluations++;
    for (let i = 0; i < x.length; i++) this.xNew[i] = x[i] + step * d[i];
    const value = this.f(this.xNew, this.gNew);
    this.fNew = value;
    return { step, value, slope: dot(this.gNew, d) };
  }

  private zoom(x: Float64Array, f0: number, slope0: number, d: Float64Array, lo: Point, hi: Point) {
    while (this.evaluations < MAX_EVALUATIONS) {
      const step = interpolate(lo, hi);
      const current = this.evaluate(x, d, step);
      if (
        !Number.isFinite(current.value) ||
        current.value > f0 + C1 * step * slope0 ||
        current.value >= lo.value
      ) {
        hi = current;
      } else {
        if (Math.abs(current.slope) <= -C2 * slope0) return step;
        if (current.slope * (hi.step - lo.step) >= 0) hi = lo;
        lo = current;
      }
      if (Math.abs(hi.step - lo.step) <= 1e-16 * Math.max(1, Math.abs(lo.step))) break;
    }
    // No Wolfe point, but lo still decreases f sufficiently: accept it rather than stall.
    if (lo.step > 0 && lo.value < f0) {
      this.evaluate(x, d, lo.step);
      return lo.step;
    }
    return undefined;
  }
}

interface Point {
  step: number;
  value: number;
  slope: number;
}

/** Minimiser of the cubic through two points with slopes, kept inside the bracket's middle 80 %. */
function interpolate(a: Point, b: Point): number {
  const d1 = a.slope + b.slope - (3 * (a.value - b.value)) / (a.step - b.step);
  const disc = d1 * d1 - a.slope * b.slope;
  let step = Number.NaN;
  if (disc >= 0 && Number.isFinite(b.value)) {
    const d2 = Math.sign(b.step - a.step) * Math.sqrt(disc);
    step = b.step - (b.step - a.step) * ((b.slope + d2 - d1) / (b.slope - a.slope + 2 * d2));
  }
  const low = Math.min(a.step, b.step);
  const width = Math.abs(b.step - a.step);
  if (!(step > low + 0.1 * width && step < low + 0.9 * width)) step = low + width / 2;
  return step;
}
