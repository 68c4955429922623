import assert from 'node:assert/strict';
import { test } from 'node:test';
import { reliabilityTable } from './reliability-table.js';

test('reliability table: sorted by prediction, equal bins, the first ones taking the remainder', () => {
  const p = Float64Array.of(0.9, 0.1, 0.5, 0.3, 0.7);
  const y = Uint8Array.of(1, 0, 1, 0, 0);
  // Sorted: 0.1 (0), 0.3 (0), 0.5 (1), 0.7 (0), 0.9 (1); two bins of 3 and 2.
  assert.deepEqual(reliabilityTable(p, y, 2), [
    { count: 3, meanPredicted: 0.3, observed: 1 / 3 },
    { count: 2, meanPredicted: 0.8, observed: 0.5 },
  ]);
});

test('reliability table of fewer rows than bins has one bin per row', () => {
  assert.equal(reliabilityTable(Float64Array.of(0.2, 0.4), Uint8Array.of(0, 1), 10).length, 2);
});
