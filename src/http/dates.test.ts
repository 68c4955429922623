import assert from 'node:assert/strict';
import { test } from 'node:test';
import { dayInRange, isoDate, isoDateTime } from './dates.js';

test('a day is accepted from 1900-01-01 through 2999-12-31, both included', () => {
  for (const day of ['1900-01-01', '1985-07-14', '2999-12-31'])
    assert.equal(isoDate.safeParse(day).success, true, day);
});

test('the years 0, 1899, 3000 and 9999 are refused, with the range in the message', () => {
  for (const day of ['0000-01-01', '1899-12-31', '3000-01-01', '9999-12-31']) {
    const parsed = isoDate.safeParse(day);
    assert.equal(parsed.success, false, day);
    assert.equal(parsed.error?.issues[0]?.message, 'must be between 1900-01-01 and 2999-12-31');
  }
});

test('a date-time is judged by its day as written, so an offset cannot carry it out of range', () => {
  assert.equal(isoDateTime.safeParse('2999-12-31T23:59:59-12:00').success, true);
  assert.equal(isoDateTime.safeParse('1900-01-01T00:00:00+14:00').success, true);
  assert.equal(isoDateTime.safeParse('9999-12-31T23:59:59Z').success, false);
  assert.equal(isoDateTime.safeParse('0001-01-01T00:00:00+14:00').success, false);
});

test('a date-time still needs its offset', () => {
  assert.equal(isoDateTime.safeParse('2024-05-01T10:00:00').success, false);
});

test('dayInRange compares the day part of longer texts and refuses short ones', () => {
  assert.equal(dayInRange('2024-05-01 10:00:00.000'), true);
  assert.equal(dayInRange('3000-01-01 00:00:00.000'), false);
  assert.equal(dayInRange('2024'), false);
});
