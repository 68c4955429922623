import assert from 'node:assert/strict';
import { test } from 'node:test';
import { expiresSoon, tokenExpiry } from './token-expiry';

const now = new Date('2026-03-01T10:00:00Z');

test('a token lasts the chosen number of days from now', () => {
  assert.equal(tokenExpiry(90, now), '2026-05-30T10:00:00.000Z');
});

test('a token expiring within a week is flagged; one without expiry never', () => {
  assert.equal(expiresSoon('2026-03-05T00:00:00Z', now), true);
  assert.equal(expiresSoon('2026-04-01T00:00:00Z', now), false);
  assert.equal(expiresSoon(null, now), false);
});
