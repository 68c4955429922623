import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { thresholdChanges, thresholdInputs } from './threshold-changes';

const base = {
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

describe('service signals', () => {
  const withSignals = {
    ...base,
    rules: [
      {
        test: 'decline',
        stage: 'decline',
        thresholds: { pAliveBelow: 0.3, complaintOpenDays: 14, satisfactionDropAtLeast: null },
      },
    ],
  };
  test('an emptied signal is sent as null (off), one already off shows empty and stays so', () => {
    const inputs = thresholdInputs(withSignals);
    assert.equal(inputs.decline.satisfactionDropAtLeast, '');
    inputs.decline.complaintOpenDays = ' ';
    assert.deepEqual(thresholdChanges(withSignals, inputs), {
      thresholds: { decline: { complaintOpenDays: null } },
      invalid: [],
    });
  });
  test('a signal off turned on again is sent as its number; other thresholds cannot be emptied', () => {
    const inputs = thresholdInputs(withSignals);
    inputs.decline.satisfactionDropAtLeast = '0.25';
    inputs.decline.pAliveBelow = '';
    assert.deepEqual(thresholdChanges(withSignals, inputs).invalid, ['decline.pAliveBelow']);
    inputs.decline.pAliveBelow = '0.3';
    assert.deepEqual(thresholdChanges(withSignals, inputs).thresholds, {
      decline: { satisfactionDropAtLeast: 0.25 },
    });
  });
});
