import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { complaintSpells } from './complaint-spells.js';

describe('the days a complaint stood open', () => {
  test('opened on day 10 and never touched: open from day 10 on', () => {
    assert.deepEqual(complaintSpells(10, null, []), [{ from: 10, to: null }]);
  });
  test('without a status change on its timeline, the day it was resolved ends it', () => {
    assert.deepEqual(complaintSpells(10, 15, []), [{ from: 10, to: 15 }]);
    // Resolved the day it was opened: never open at a day's end.
    assert.deepEqual(complaintSpells(10, 10, []), []);
  });
  test('triaged and worked on, then resolved on day 14 and closed on day 20: one spell, 10 to 14', () => {
    const changes = [
      { day: 11, to: 'triaged' },
      { day: 12, to: 'in_progress' },
      { day: 12, to: 'waiting' },
      { day: 14, to: 'resolved' },
      { day: 20, to: 'closed' },
    ];
    assert.deepEqual(complaintSpells(10, 14, changes), [{ from: 10, to: 14 }]);
  });
  test('reopened on day 18 after resolution on day 14: a second spell from day 18', () => {
    const changes = [
      { day: 14, to: 'resolved' },
      { day: 18, to: 'in_progress' },
    ];
    assert.deepEqual(complaintSpells(10, null, changes), [
      { from: 10, to: 14 },
      { from: 18, to: null },
    ]);
  });
  test('resolved and reopened on the same day: it stood open through that day, one spell from day 10', () => {
    const changes = [
      { day: 14, to: 'resolved' },
      { day: 14, to: 'in_progress' },
      { day: 16, to: 'resolved' },
    ];
    assert.deepEqual(complaintSpells(10, 16, changes), [{ from: 10, to: 16 }]);
  });
  test('the status changes decide over the ticket’s resolution day, which is only today’s state', () => {
    assert.deepEqual(complaintSpells(10, 30, [{ day: 12, to: 'resolved' }]), [{ from: 10, to: 12 }]);
  });
});
