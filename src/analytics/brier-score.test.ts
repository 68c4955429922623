import assert from 'node:assert/strict';
import { test } from 'node:test';
import { brierScore } from './brier-score.js';

test('Brier score: ((0.9−1)² + (0.2−0)² + (0.5−1)² + 0²) / 4 = 0.075', () => {
  const score = brierScore(Float64Array.of(0.9, 0.2, 0.5, 0), Uint8Array.of(1, 0, 1, 0));
  assert.ok(Math.abs(score - 0.075) < 1e-15);
});

test('Brier score of the base rate b for everyone is b(1 − b)', () => {
  const labels = Uint8Array.of(1, 0, 0, 0);
  assert.ok(Math.abs(brierScore(new Float64Array(4).fill(0.25), labels) - 0.1875) < 1e-15);
});
