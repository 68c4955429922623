import assert from 'node:assert/strict';
import { test } from 'node:test';
import { endingStages } from './stage-phases';

test('decline and termination stages are those their first rule, or any decline rule, assigns', () => {
  const rules = [
    { test: 'terminated', stage: 'lost' },
    { test: 'decline', stage: 'lapsed' },
    { test: 'exploration', stage: 'new' },
    { test: 'stability', stage: 'loyal' },
    { test: 'otherwise', stage: 'lapsed' },
    { test: 'exploration', stage: 'lost' },
  ];
  assert.deepEqual([...endingStages(rules)].sort(), [
    ['lapsed', 'decline'],
    ['lost', 'terminated'],
  ]);
});

test('a stage first assigned by another rule is not an ending one, even when a later termination rule assigns it', () => {
  const rules = [
    { test: 'exploration', stage: 'new' },
    { test: 'terminated', stage: 'new' },
  ];
  assert.equal(endingStages(rules).size, 0);
});
