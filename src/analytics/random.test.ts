import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createRandom } from './random.js';

const moments = (draw: () => number, n = 200_000) => {
  let s = 0;
  let s2 = 0;
  for (let i = 0; i < n; i++) {
    const v = draw();
    s += v;
    s2 += v * v;
  }
  const mean = s / n;
  return { mean, variance: s2 / n - mean * mean };
};

test('createRandom is deterministic for a seed and differs between seeds', () => {
  const a = createRandom(7);
  const b = createRandom(7);
  const c = createRandom(8);
  const first = a.uniform();
  assert.equal(first, b.uniform());
  assert.notEqual(first, c.uniform());
});

test('gamma(shape, rate) has mean shape/rate and variance shape/rate², also for shape < 1', () => {
  const random = createRandom(1);
  for (const [shape, rate] of [
    [0.25, 4],
    [6, 2],
  ]) {
    const m = moments(() => random.gamma(shape, rate));
    assert.ok(Math.abs(m.mean / (shape / rate) - 1) < 0.01, `mean ${m.mean}`);
    assert.ok(Math.abs(m.variance / (shape / rate ** 2) - 1) < 0.03, `variance ${m.variance}`);
  }
});

test('beta(a, b) has mean a/(a+b); poisson(m) has mean and variance m', () => {
  const random = createRandom(2);
  assert.ok(Math.abs(moments(() => random.beta(0.8, 2.5)).mean - 0.8 / 3.3) < 0.002);
  const p = moments(() => random.poisson(3));
  assert.ok(Math.abs(p.mean - 3) < 0.02 && Math.abs(p.variance - 3) < 0.05);
});
