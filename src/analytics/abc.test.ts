import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { abcClasses } from './abc.js';

const values = fc.array(fc.integer({ min: -20, max: 1000 }), { minLength: 1, maxLength: 200 });

test('the customer that crosses 80 % still joins A; B up to 95 %; the rest C', () => {
  assert.deepEqual(Array.from(abcClasses(Float64Array.of(70, 20, 6, 4))), [0, 0, 1, 2]);
  assert.deepEqual(Array.from(abcClasses(Float64Array.of(4, 80, 16))), [2, 0, 1]);
});

test('zero and negative values are C, and with no positive value everyone is C', () => {
  assert.deepEqual(Array.from(abcClasses(Float64Array.of(10, 0, -5))), [0, 2, 2]);
  assert.deepEqual(Array.from(abcClasses(Float64Array.of(0, -1))), [2, 2]);
});

test('configurable thresholds', () => {
  assert.deepEqual(Array.from(abcClasses(Float64Array.of(50, 30, 20), { a: 0.5, b: 0.3 })), [0, 1, 2]);
});

function share(xs: number[], classes: Uint8Array, upTo: number): number {
  const total = xs.reduce((s, x) => s + Math.max(0, x), 0);
  return xs.reduce((s, x, i) => s + (classes[i] <= upTo && x > 0 ? x : 0), 0) / total;
}

test('property: A holds at most 80 % plus the one tie group that crosses the line', () => {
  fc.assert(
    fc.property(values, (xs) => {
      const classes = abcClasses(Float64Array.from(xs));
      const total = xs.reduce((s, x) => s + Math.max(0, x), 0);
      if (total === 0) return;
      const smallestA = Math.min(...xs.filter((_, i) => classes[i] === 0));
      const crossing = xs.filter((x) => x === smallestA).reduce((s, x) => s + x, 0) / total;
      assert.ok(share(xs, classes, 0) <= 0.8 + crossing + 1e-12);
      assert.ok(share(xs, classes, 0) >= 0.8 - 1e-12 || classes.every((c, i) => c === 0 || xs[i] <= 0));
      assert.ok(share(xs, classes, 1) >= 0.95 - 1e-12 || classes.every((c, i) => c <= 1 || xs[i] <= 0));
    }),
  );
});

test('property: row order does not matter and larger values never get a worse class', () => {
  fc.assert(
    fc.property(values, fc.integer(), (xs, seed) => {
      const classes = abcClasses(Float64Array.from(xs));
      const perm = xs.map((_, i) => i).sort((i, j) => ((i * 7919 + seed) % 101) - ((j * 7919 + seed) % 101));
      const shuffled = abcClasses(Float64Array.from(perm, (i) => xs[i]));
      for (const [k, i] of perm.entries()) assert.equal(shuffled[k], classes[i]);
      for (let i = 0; i < xs.length; i++) {
        if (xs[i] <= 0) assert.equal(classes[i], 2);
        for (let j = 0; j < xs.length; j++) if (xs[i] > xs[j]) assert.ok(classes[i] <= classes[j]);
      }
    }),
  );
});
