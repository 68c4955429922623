import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { quantileScores } from './quantile-scores.js';

const column = fc.array(fc.integer({ min: -50, max: 50 }), { minLength: 1, maxLength: 300 });
const binsArb = fc.integer({ min: 1, max: 10 });

test('ten distinct values in quintiles: two per score', () => {
  const scores = quantileScores(Float64Array.of(10, 1, 9, 2, 8, 3, 7, 4, 6, 5));
  assert.deepEqual(Array.from(scores), [5, 1, 5, 1, 4, 2, 4, 2, 3, 3]);
});

test('a tie group is never split, and lowerIsBetter reverses the scale', () => {
  assert.deepEqual(Array.from(quantileScores(Float64Array.of(1, 2, 2, 9), { bins: 2 })), [1, 2, 2, 2]);
  assert.deepEqual(
    Array.from(quantileScores(Float64Array.of(1, 5, 9), { bins: 3, lowerIsBetter: true })),
    [3, 2, 1],
  );
  assert.deepEqual(Array.from(quantileScores(Float64Array.of(Number.NaN, 4))), [0, 3]);
});

test('property: scores lie in 1…bins', () => {
  fc.assert(
    fc.property(column, binsArb, (xs, bins) => {
      for (const s of quantileScores(Float64Array.from(xs), { bins })) assert.ok(s >= 1 && s <= bins);
    }),
  );
});

test('property: monotone in the value and equal values share a score', () => {
  fc.assert(
    fc.property(column, binsArb, fc.boolean(), (xs, bins, lowerIsBetter) => {
      const scores = quantileScores(Float64Array.from(xs), { bins, lowerIsBetter });
      for (let i = 0; i < xs.length; i++) {
        for (let j = 0; j < xs.length; j++) {
          if (xs[i] === xs[j]) assert.equal(scores[i], scores[j]);
          const better = lowerIsBetter ? xs[i] < xs[j] : xs[i] > xs[j];
          if (better) assert.ok(scores[i] >= scores[j]);
        }
      }
    }),
    { numRuns: 60 },
  );
});

test('property: without ties every score holds n / bins values, give or take one', () => {
  fc.assert(
    fc.property(
      fc.uniqueArray(fc.double({ noNaN: true }), {
        minLength: 1,
        maxLength: 400,
        comparator: 'SameValueZero',
      }),
      binsArb,
      (xs, bins) => {
        const counts = new Array(bins + 1).fill(0);
        for (const s of quantileScores(Float64Array.from(xs), { bins })) counts[s]++;
        for (let s = 1; s <= bins; s++) assert.ok(Math.abs(counts[s] - xs.length / bins) <= 1, `${counts}`);
      },
    ),
  );
});
