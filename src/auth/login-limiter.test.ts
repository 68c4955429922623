import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LoginLimiter } from './login-limiter.js';

test('a key is blocked after max failures until the oldest failure leaves the window', () => {
  let now = 0;
  const limiter = new LoginLimiter(3, 60_000, () => now);
  for (let i = 0; i < 3; i++) {
    assert.equal(limiter.retryAfter('k'), 0);
    limiter.fail('k');
    now += 1_000;
  }
  // Failures at 0 s, 1 s, 2 s; now 3 s: the first leaves the window at 60 s.
  assert.equal(limiter.retryAfter('k'), 57);
  now = 60_001;
  assert.equal(limiter.retryAfter('k'), 0);
});

test('keys are independent and clear() forgets a key', () => {
  const limiter = new LoginLimiter(1, 60_000, () => 0);
  limiter.fail('a');
  assert.ok(limiter.retryAfter('a') > 0);
  assert.equal(limiter.retryAfter('b'), 0);
  limiter.clear('a');
  assert.equal(limiter.retryAfter('a'), 0);
});
