import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { defaultSurvivor, mergeRequest } from './merge-choice';

const group = [
  { id: 'b', version: 3, createdAt: '2025-03-01T00:00:00.000Z' },
  { id: 'a', version: 1, createdAt: '2025-01-01T00:00:00.000Z' },
  { id: 'c', version: 2, createdAt: '2025-01-01T00:00:00.000Z' },
];

describe('defaultSurvivor', () => {
  test('the first created survives; a tie goes to the lower id, so the choice is stable', () => {
    assert.equal(defaultSurvivor(group), 'a');
  });
});

describe('mergeRequest', () => {
  test('merges the others into the survivor, with its version as If-Match', () => {
    assert.deepEqual(mergeRequest(group, 'b', new Set()), {
      survivorId: 'b',
      ifMatch: '"3"',
      sourceIds: ['a', 'c'],
    });
  });

  test('a customer left out stays apart; with all left out there is nothing to merge', () => {
    assert.deepEqual(mergeRequest(group, 'a', new Set(['c'])), {
      survivorId: 'a',
      ifMatch: '"1"',
      sourceIds: ['b'],
    });
    assert.equal(mergeRequest(group, 'a', new Set(['b', 'c'])), null);
  });

  test('a survivor outside the group is no merge', () => {
    assert.equal(mergeRequest(group, 'z', new Set()), null);
  });
});
