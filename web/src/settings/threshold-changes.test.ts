import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { StageModel } from '../api/types';
import { thresholdChanges, thresholdInputs } from './threshold-changes';

const base: StageModel = {
  key: 'six-stage',
  labels: { en: 'Six stages', 'zh-CN': '六阶段' },
  stages: [],
  rules: [
    { test: 'terminated', stage: 'terminated', thresholds: { inactiveDays: 365 } },
    { test: 'decline', stage: 'decline', thresholds: { pAliveBelow: 0.3, rhythmMultiple: 2 } },
    { id: 'growth', test: 'otherwise', stage: 'growth', thresholds: {} },
  ],
};

describe('thresholdInputs', () => {
  test('lists every rule by its id with its thresholds as text', () => {
    assert.deepEqual(thresholdInputs(base), {
      terminated: { inactiveDays: '365' },
      decline: { pAliveBelow: '0.3', rhythmMultiple: '2' },
      growth: {},
    });
  });
});

describe('thresholdChanges', () => {
  test('sends only what differs from the shipped model, reading a decimal comma', () => {
    const inputs = thresholdInputs(base);
    inputs.decline.pAliveBelow = '0,2';
    inputs.terminated.inactiveDays = ' 365 ';
    assert.deepEqual(thresholdChanges(base, inputs), {
      thresholds: { decline: { pAliveBelow: 0.2 } },
      invalid: [],
    });
  });

  test('an unchanged form keeps no changes, so the workspace goes back to the shipped model', () => {
    assert.deepEqual(thresholdChanges(base, thresholdInputs(base)), { thresholds: {}, invalid: [] });
  });

  test('an empty or non-numeric field is named and not sent', () => {
    const inputs = thresholdInputs(base);
    inputs.terminated.inactiveDays = '';
    inputs.decline.rhythmMultiple = 'twice';
    assert.deepEqual(thresholdChanges(base, inputs).invalid, [
      'terminated.inactiveDays',
      'decline.rhythmMultiple',
    ]);
  });
});
