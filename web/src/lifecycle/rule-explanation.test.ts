import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { explainRule } from './rule-explanation';

const rules = [
  { test: 'terminated', stage: 'terminated' },
  { test: 'decline', stage: 'decline' },
  { id: 'potential', test: 'exploration', stage: 'potential' },
  { id: 'growth', test: 'otherwise', stage: 'growth' },
];

describe('explainRule', () => {
  test('a rule with a condition is explained by its test and that condition', () => {
    assert.equal(explainRule('decline.revenue-drop', rules), 'declineRevenueDrop');
    assert.equal(explainRule('terminated.inactive', rules), 'terminatedInactive');
  });

  test('the service signals of decline have their own words: a late complaint, a fall in satisfaction', () => {
    assert.equal(explainRule('decline.open-complaint', rules), 'declineOpenComplaint');
    assert.equal(explainRule('decline.satisfaction-drop', rules), 'declineSatisfactionDrop');
  });

  test("a rule with its own id is explained by the test behind it in the workspace's model", () => {
    assert.equal(explainRule('potential', rules), 'exploration');
    assert.equal(explainRule('growth', rules), 'otherwise');
  });

  test('a rule the model no longer has falls back to its id when that names a test', () => {
    assert.equal(explainRule('stability', []), 'stability');
  });

  test('anything else has no explanation, so the screen shows the rule as it is', () => {
    assert.equal(explainRule('mystery', rules), null);
    assert.equal(explainRule('toString', rules), null);
    assert.equal(explainRule('decline.unknown-condition', rules), null);
  });
});
