import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ApiError } from '../api/api-error';
import { poolLimitOf } from './ownership-errors';

test('a refused claim names the pool limit it reached; other failures name none', () => {
  const limit = (extra: Record<string, unknown>) =>
    poolLimitOf(new ApiError(409, 'ownership-limit', 'you hold 2 customers', [], null, extra));
  assert.equal(limit({ limit: 'heldLimit' }), 'heldLimit');
  assert.equal(limit({ limit: 'claimsPerDay' }), 'claimsPerDay');
  assert.equal(limit({ limit: 'reclaimCooldownDays' }), 'reclaimCooldownDays');
  assert.equal(limit({ limit: 'somethingNew' }), null);
  assert.equal(poolLimitOf(new ApiError(409, 'conflict', 'someone claimed it first')), null);
  assert.equal(poolLimitOf(new Error('x')), null);
});

test('opening a pool customer beyond the daily limit names the limit, with a problem type of its own', () => {
  const refused = new ApiError(429, 'pool-detail-limit', 'you opened 40 customers', [], null, {
    limit: 'detailsPerDay',
    max: 40,
  });
  assert.equal(poolLimitOf(refused), 'detailsPerDay');
});
