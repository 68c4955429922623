import assert from 'node:assert/strict';
import { test } from 'node:test';
import { integrate } from './integrate.js';

test('integrate: ∫_0^π sin x dx = 2', () => {
  assert.ok(Math.abs(integrate(Math.sin, 0, Math.PI) - 2) < 1e-12);
});

test('integrate: ∫_0^10 e^{-5x} dx = (1 − e^{-50}) / 5, a sharply decaying integrand', () => {
  assert.ok(Math.abs(integrate((x) => Math.exp(-5 * x), 0, 10) - (1 - Math.exp(-50)) / 5) < 1e-12);
});
