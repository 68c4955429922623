/**
 * Adaptive Simpson quadrature (Lyness 1969) with Richardson correction. Used for one-off predictions
 * whose integrals have no convenient closed form; likelihoods use closed forms instead.
 */
export function integrate(f: (x: number) => number, a: number, b: number, tolerance = 1e-13): number {
  const fa = f(a);
  const fb = f(b);
  const m = (a + b) / 2;
  const fm = f(m);
  const whole = ((b - a) / 6) * (fa + 4 * fm + fb);
  return refine(f, a, b, fa, fm, fb, whole, tolerance, 50);
}

function refine(
  f: (x: number) => number,
  a: number,
  b: number,
  fa: number,
  fm: number,
  fb: number,
  whole: number,
  tolerance: number,
  depth: number,
): number {
  const m = (a + b) / 2;
  const lm = (a + m) / 2;
  const rm = (m + b) / 2;
  const flm = f(lm);
  const frm = f(rm);
  const left = ((m - a) / 6) * (fa + 4 * flm + fm);
  const right = ((b - m) / 6) * (fm + 4 * frm + fb);
  const delta = left + right - whole;
  // Halving the interval cuts Simpson's error by 16, hence the factor 15 (Lyness's criterion).
  if (depth <= 0 || Math.abs(delta) <= 15 * tolerance) return left + right + delta / 15;
  return (
    refine(f, a, m, fa, flm, fm, left, tolerance / 2, depth - 1) +
    refine(f, m, b, fm, frm, fb, right, tolerance / 2, depth - 1)
  );
}
