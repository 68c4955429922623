import assert from 'node:assert/strict';
import { test } from 'node:test';
import { followUpDue } from './follow-up-due';

test('a follow-up before today is overdue, one today is due, a later one upcoming, none is none', () => {
  assert.equal(followUpDue('2026-12-06', '2026-12-07'), 'overdue');
  assert.equal(followUpDue('2025-12-31', '2026-01-01'), 'overdue');
  assert.equal(followUpDue('2026-12-07', '2026-12-07'), 'today');
  assert.equal(followUpDue('2026-12-08', '2026-12-07'), 'upcoming');
  assert.equal(followUpDue(null, '2026-12-07'), null);
  assert.equal(followUpDue(undefined, '2026-12-07'), null);
});
