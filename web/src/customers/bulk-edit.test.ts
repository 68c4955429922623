import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Customer } from '../api/types';
import { bulkPatch, eachLimited, ownerChangeRequest } from './bulk-edit';

const customer = { ownerId: 'u1', tags: ['vip'] } as Customer;

describe('bulkPatch', () => {
  test('assigning the owner a customer already has changes nothing', () => {
    assert.equal(bulkPatch(customer, { kind: 'owner', ownerId: 'u1' }), null);
    assert.deepEqual(bulkPatch(customer, { kind: 'owner', ownerId: null }), { ownerId: null });
  });

  test('a tag is added after the existing ones, once, trimmed', () => {
    assert.deepEqual(bulkPatch(customer, { kind: 'tag', tag: ' 回访 ' }), { tags: ['vip', '回访'] });
    assert.equal(bulkPatch(customer, { kind: 'tag', tag: 'vip' }), null);
    assert.equal(bulkPatch(customer, { kind: 'tag', tag: '  ' }), null);
  });
});

describe('ownerChangeRequest', () => {
  const owned = { id: 'c1', ownerId: 'u1' } as Customer;
  test('another member is an assignment with the reason; the pool a release; the same owner nothing', () => {
    assert.deepEqual(ownerChangeRequest(owned, 'u2', 'holiday cover'), {
      kind: 'assign',
      customerId: 'c1',
      ownerId: 'u2',
      reason: 'holiday cover',
    });
    assert.deepEqual(ownerChangeRequest(owned, null, 'moved away'), {
      kind: 'release',
      customerId: 'c1',
      reason: 'moved away',
    });
    assert.equal(ownerChangeRequest(owned, 'u1', 'x'), null);
    assert.equal(ownerChangeRequest({ ...owned, ownerId: null }, null, 'x'), null);
    assert.deepEqual(ownerChangeRequest({ ...owned, ownerId: null }, 'u3', 'mine', 'u3'), {
      kind: 'claim',
      customerId: 'c1',
    });
  });
});

describe('eachLimited', () => {
  test('runs every item, never more than the limit at once', async () => {
    let running = 0;
    let peak = 0;
    const seen: number[] = [];
    await eachLimited([1, 2, 3, 4, 5, 6, 7], 3, async (n) => {
      running++;
      peak = Math.max(peak, running);
      await new Promise((resolve) => setTimeout(resolve, 5));
      seen.push(n);
      running--;
    });
    assert.deepEqual(
      seen.sort((a, b) => a - b),
      [1, 2, 3, 4, 5, 6, 7],
    );
    assert.equal(peak, 3);
  });
});
