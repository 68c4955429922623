import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { formatDay, parseIsoDay } from '../analytics/civil-days.js';
import { nextCheckDay, type TimeMarks } from './next-check.js';
import { PRESETS } from './presets.js';

const day = parseIsoDay;
const none: Omit<TimeMarks, 'asOf'> = {
  firstPurchase: null,
  lastPurchase: null,
  rhythm: null,
  windowChange: null,
  nextPurchase: null,
  lastInteraction: null,
  pAliveCrossing: null,
  complaintSince: null,
};
const next = (marks: Partial<TimeMarks> & { asOf: number }, model = PRESETS.relationship) => {
  const result = nextCheckDay(model, { ...none, ...marks });
  return result === null ? null : formatDay(result);
};

describe('next check day', () => {
  test('a prospect without purchases or interactions only changes with new data', () => {
    assert.equal(next({ asOf: day('2024-06-01') }), null);
  });

  test('a recent buyer without a rhythm is next due when 120 days have passed (overdue from gap 121)', () => {
    const marks = {
      asOf: day('2024-06-01'),
      firstPurchase: day('2024-05-01'),
      lastPurchase: day('2024-05-01'),
    };
    assert.equal(next(marks), '2024-08-30'); // 2024-05-01 + 121 days
  });

  test('with a rhythm of 40 days the overdue day is 81 days after the last purchase', () => {
    const marks = {
      asOf: day('2024-06-01'),
      firstPurchase: day('2023-01-01'),
      lastPurchase: day('2024-05-20'),
      rhythm: 40,
    };
    assert.equal(next(marks), '2024-08-09');
  });

  test('the earliest of the revenue window, tenure, P(alive) and interaction days wins', () => {
    const base = {
      asOf: day('2024-06-01'),
      firstPurchase: day('2024-01-01'),
      lastPurchase: day('2024-05-25'),
      rhythm: 30,
    };
    assert.equal(next(base), '2024-06-29'); // tenure 180 on 2024-06-29
    assert.equal(next({ ...base, windowChange: day('2024-06-10') }), '2024-06-10');
    assert.equal(next({ ...base, pAliveCrossing: day('2024-06-05') }), '2024-06-05');
    // An interaction stops being recent 90 days after it.
    assert.equal(next({ ...base, lastInteraction: day('2024-03-05') }), '2024-06-03');
    // A complaint open since 2024-05-20 is open more than 14 days on 2024-06-04.
    assert.equal(next({ ...base, complaintSince: day('2024-05-20') }), '2024-06-04');
  });

  test('an open complaint of a prospect changes nothing by time: decline needs a purchase', () => {
    assert.equal(next({ asOf: day('2024-06-01'), complaintSince: day('2024-05-20') }), null);
  });

  test('days already past are ignored; a sale dated after the as-of is a change', () => {
    const marks = {
      asOf: day('2024-06-01'),
      firstPurchase: day('2022-01-01'),
      lastPurchase: day('2022-03-01'),
      windowChange: day('2022-06-01'),
    };
    assert.equal(next(marks), null);
    assert.equal(next({ ...marks, nextPurchase: day('2024-07-01') }), '2024-07-01');
  });

  test('the simple model uses the same tests under its own stages', () => {
    const marks = {
      asOf: day('2024-06-01'),
      firstPurchase: day('2024-05-01'),
      lastPurchase: day('2024-05-01'),
    };
    assert.equal(next(marks, PRESETS.simple), '2024-08-30');
  });
});
