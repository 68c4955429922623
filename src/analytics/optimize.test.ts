import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { minimize } from './optimize.js';

function rosenbrock(x: Float64Array, g: Float64Array): number {
  let f = 0;
  g.fill(0);
  for (let i = 0; i < x.length - 1; i++) {
    const a = x[i + 1] - x[i] * x[i];
    const b = 1 - x[i];
    f += 100 * a * a + b * b;
    g[i] += -400 * x[i] * a - 2 * b;
    g[i + 1] += 200 * a;
  }
  return f;
}

describe('minimize (L-BFGS)', () => {
  test('finds the minimum (1, 1) of the 2-d Rosenbrock function from the classic start (-1.2, 1)', () => {
    const r = minimize(rosenbrock, [-1.2, 1]);
    assert.equal(r.converged, true);
    assert.ok(Math.abs(r.x[0] - 1) < 1e-6 && Math.abs(r.x[1] - 1) < 1e-6, `x = ${r.x}`);
    assert.ok(r.value < 1e-12);
  });

  test('finds the minimum of the 10-d Rosenbrock function, all ones', () => {
    const r = minimize(rosenbrock, new Float64Array(10).fill(-1), { maxIterations: 2000 });
    assert.equal(r.converged, true);
    for (const xi of r.x) assert.ok(Math.abs(xi - 1) < 1e-5);
  });

  test('minimises an ill-conditioned quadratic exactly at its centre', () => {
    const scale = [1, 1e3, 1e6];
    const f = (x: Float64Array, g: Float64Array) => {
      let v = 0;
      for (let i = 0; i < 3; i++) {
        v += 0.5 * scale[i] * (x[i] - i) ** 2;
        g[i] = scale[i] * (x[i] - i);
      }
      return v;
    };
    const r = minimize(f, [5, 5, 5]);
    assert.equal(r.converged, true);
    for (let i = 0; i < 3; i++) assert.ok(Math.abs(r.x[i] - i) < 1e-6);
  });

  test('reports converged=false when the iteration limit is reached', () => {
    const r = minimize(rosenbrock, [-1.2, 1], { maxIterations: 3 });
    assert.equal(r.converged, false);
    assert.equal(r.iterations, 3);
    assert.match(r.message, /iteration limit/);
  });

  test('reports converged=false on an unbounded objective instead of returning a point as optimal', () => {
    const r = minimize(
      (x, g) => {
        g[0] = -1;
        return -x[0];
      },
      [0],
      { maxIterations: 50 },
    );
    assert.equal(r.converged, false);
  });

  test('backs off from steps where the objective is not finite (log of a negative number)', () => {
    // f(x) = x - 10 ln x, minimum at x = 10; steps past x <= 0 give NaN.
    const r = minimize(
      (x, g) => {
        g[0] = 1 - 10 / x[0];
        return x[0] - 10 * Math.log(x[0]);
      },
      [0.5],
    );
    assert.equal(r.converged, true);
    assert.ok(Math.abs(r.x[0] - 10) < 1e-6);
  });

  test('accepts a point where rounding hides any further decrease only if the gradient is tiny', () => {
    // f is resolved to 1e-12 only, as a sum over a million customers is; its gradient is exact.
    const f = (x: Float64Array, g: Float64Array) => {
      const u = x[1] + 0.5 * x[0];
      g[0] = x[0] - 3 + 5 * u;
      g[1] = 10 * u;
      return Math.round((0.5 * (x[0] - 3) ** 2 + 5 * u ** 2) * 1e12) / 1e12;
    };
    const accepted = minimize(f, [0, 1]);
    assert.equal(accepted.converged, true);
    assert.equal(accepted.message, 'no further decrease within rounding');
    assert.ok(Math.abs(accepted.x[0] - 3) < 1e-5 && Math.abs(accepted.x[1] + 1.5) < 1e-5);
    const strict = minimize(f, [0, 1], { acceptableGradient: 0 });
    assert.equal(strict.converged, false);
  });
});
