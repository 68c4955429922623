import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { mergeTimelines } from './merge-timelines';

const item = (id: string, at: string) => ({ id, at: `2026-01-${at}T10:00:00.000Z` });
const at = (x: { at: string }) => x.at;

describe('mergeTimelines', () => {
  test('all loaded: every item, newest first', () => {
    const follow = { items: [item('f1', '09'), item('f2', '03')], more: false };
    const tickets = { items: [item('t1', '10'), item('t2', '05'), item('t3', '01')], more: false };
    assert.deepEqual(
      mergeTimelines([follow, tickets], at).map((x) => x.id),
      ['t1', 'f1', 't2', 'f2', 't3'],
    );
  });
  test('a stream with more to load holds back what is older than its last loaded item', () => {
    // Follow-ups loaded down to the 5th with more to come: the ticket change of the 1st may not be next.
    const follow = { items: [item('f1', '09'), item('f2', '05')], more: true };
    const tickets = { items: [item('t1', '10'), item('t2', '05'), item('t3', '01')], more: false };
    assert.deepEqual(
      mergeTimelines([follow, tickets], at).map((x) => x.id),
      ['t1', 'f1', 'f2', 't2'],
    );
  });
  test('of two streams with more, the later cut-off holds', () => {
    const follow = { items: [item('f1', '09')], more: true };
    const tickets = { items: [item('t1', '10'), item('t2', '02')], more: true };
    assert.deepEqual(
      mergeTimelines([follow, tickets], at).map((x) => x.id),
      ['t1', 'f1'],
    );
  });
});
