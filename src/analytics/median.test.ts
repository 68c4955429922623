import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { medianInPlace } from './median.js';

test('the median of the first n values is the middle of them sorted, ties and all', () => {
  const values = fc.array(fc.integer({ min: -50, max: 50 }), { maxLength: 300, size: 'max' });
  fc.assert(
    fc.property(values, fc.nat(), (xs, extra) => {
      const n = xs.length;
      // Values past n must be left out.
      const array = Float64Array.from([...xs, ...Array.from({ length: extra % 5 }, () => 1000)]);
      const sorted = [...xs].sort((a, b) => a - b);
      const mid = n >> 1;
      const expected = n === 0 ? Number.NaN : n % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
      assert.equal(medianInPlace(array, n), expected);
      assert.deepEqual(
        Array.from(array.subarray(0, n)).sort((a, b) => a - b),
        sorted,
        'the first n values are only reordered',
      );
    }),
    { numRuns: 400 },
  );
});
