import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Customer } from '../api/types';
import { bulkPatch, eachLimited } from './bulk-edit';

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
