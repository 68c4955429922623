import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { conditionalExpectations, trackingSeries } from './models-charts';

describe('conditionalExpectations', () => {
  test('weights each group’s means by its customers and pools the heavy buyers', () => {
    const rows = [
      { frequency: 0, customers: 10, actual: 0.1, predicted: 0.2 },
      { frequency: 2, customers: 4, actual: 1, predicted: 1.5 },
      { frequency: 3, customers: 1, actual: 2, predicted: 2 },
      { frequency: 5, customers: 3, actual: 4, predicted: 3 },
    ];
    assert.deepEqual(conditionalExpectations(rows, 3), [
      { frequency: 0, pooled: false, customers: 10, actual: 0.1, predicted: 0.2 },
      { frequency: 2, pooled: false, customers: 4, actual: 1, predicted: 1.5 },
      // (1 × 2 + 3 × 4) / 4 and (1 × 2 + 3 × 3) / 4.
      { frequency: 3, pooled: true, customers: 4, actual: 3.5, predicted: 2.75 },
    ]);
  });

  test('no rows, no points', () => {
    assert.deepEqual(conditionalExpectations([]), []);
  });
});

describe('trackingSeries', () => {
  test('splits the weeks into aligned columns and rounds the expectation to a tenth', () => {
    assert.deepEqual(
      trackingSeries([
        { weekEnd: '2024-01-07', actual: 3, model: 2.449 },
        { weekEnd: '2024-01-14', actual: 7, model: 6.96 },
      ]),
      { weeks: ['2024-01-07', '2024-01-14'], actual: [3, 7], model: [2.4, 7] },
    );
  });
});
