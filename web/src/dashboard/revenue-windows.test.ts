import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { revenueWindows } from './revenue-windows';

describe('revenueWindows', () => {
  test('back-to-back windows of equal length, oldest first, the last ending today', () => {
    assert.deepEqual(revenueWindows('2024-03-31', 3, 30), [
      { from: '2024-01-02', to: '2024-01-31' },
      { from: '2024-02-01', to: '2024-03-01' },
      { from: '2024-03-02', to: '2024-03-31' },
    ]);
  });

  test('one window of one day is today alone', () => {
    assert.deepEqual(revenueWindows('2024-02-29', 1, 1), [{ from: '2024-02-29', to: '2024-02-29' }]);
  });
});
