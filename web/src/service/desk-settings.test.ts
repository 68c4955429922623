import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { bandOf, formatDayHours, parseDayHours, targetOf, toggled } from './desk-settings';

describe('day hours as text', () => {
  test('round-trips intervals, and an empty day is closed', () => {
    const hours: [number, number][] = [
      [540, 720],
      [780, 1080],
    ];
    assert.equal(formatDayHours(hours), '09:00-12:00, 13:00-18:00');
    assert.deepEqual(parseDayHours(formatDayHours(hours)), hours);
    assert.deepEqual(parseDayHours('  '), []);
    assert.deepEqual(parseDayHours('8:30–17:00'), [[510, 1020]]);
  });

  test('refuses text that is not intervals, backwards or overlapping ones', () => {
    assert.equal(parseDayHours('nine to six'), null);
    assert.equal(parseDayHours('18:00-09:00'), null);
    assert.equal(parseDayHours('09:00-12:00, 11:00-18:00'), null);
    assert.equal(parseDayHours('09:75-10:00'), null);
  });
});

describe('policy boxes', () => {
  test('an emptied list becomes absent, so that the policy matches everything again', () => {
    assert.deepEqual(toggled(undefined, 'A', true), ['A']);
    assert.deepEqual(toggled(['A', 'B'], 'A', false), ['B']);
    assert.equal(toggled(['A'], 'A', false), undefined);
  });

  test('an empty target or band box means none', () => {
    assert.equal(targetOf(''), null);
    assert.equal(targetOf(' 90 '), 90);
    assert.equal(bandOf('', ''), undefined);
    assert.deepEqual(bandOf('10000', ''), { min: 10000 });
    assert.deepEqual(bandOf('2000', '10000'), { min: 2000, max: 10000 });
  });
});
