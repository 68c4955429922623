import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AppError } from '../errors.js';
import { groupRepeatSummary } from './group-repeat-summary.js';

const f = (values: number[]) => Float64Array.from(values);

test('groupRepeatSummary merges identical (x, t_x, T) rows into one row with the summed weight', () => {
  const grouped = groupRepeatSummary({
    frequency: f([0, 1, 0, 1, 1]),
    recency: f([0, 2, 0, 2, 3]),
    T: f([10, 10, 10, 10, 10]),
    weights: f([1, 2, 3, 4, 5]),
  });
  assert.deepEqual(Array.from(grouped.weights), [4, 6, 5]);
  assert.deepEqual(Array.from(grouped.recency), [0, 2, 3]);
  assert.equal(grouped.customers, 15);
  assert.deepEqual(Array.from(grouped.distinctFrequency), [0, 1]);
  assert.deepEqual(Array.from(grouped.frequencyIndex), [0, 1, 1]);
});

test('groupRepeatSummary drops rows of weight 0 and treats -0 as 0', () => {
  const grouped = groupRepeatSummary({
    frequency: f([0, -0, 3]),
    recency: f([0, 0, 1]),
    T: f([5, 5, 5]),
    weights: f([1, 1, 0]),
  });
  assert.deepEqual(Array.from(grouped.weights), [2]);
});

test('groupRepeatSummary rejects a negative frequency with the field path', () => {
  assert.throws(
    () => groupRepeatSummary({ frequency: f([1, -1]), recency: f([0, 0]), T: f([1, 1]) }),
    (e: unknown) => e instanceof AppError && e.errors[0].path === 'frequency.1',
  );
});

test('groupRepeatSummary rejects columns of different lengths', () => {
  assert.throws(() => groupRepeatSummary({ frequency: f([1]), recency: f([0, 0]), T: f([1]) }), AppError);
});
