import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import {
  addBusinessMinutes,
  type BusinessCalendar,
  businessMinutesBetween,
  type DayHours,
} from './business-hours.js';
import { dayKinds } from './holidays.js';

const office: DayHours = [
  [9 * 60, 12 * 60],
  [13 * 60, 18 * 60],
];
const weekdays = (hours: DayHours, weekend: DayHours = []) =>
  ({ 1: hours, 2: hours, 3: hours, 4: hours, 5: hours, 6: weekend, 7: weekend }) as const;

const shanghai: BusinessCalendar = {
  timeZone: 'Asia/Shanghai',
  week: weekdays(office),
  dayKind: dayKinds('CN'),
};
const at = (iso: string) => new Date(iso);

describe('addBusinessMinutes', () => {
  test('a weekend is skipped: Friday 17:00 plus two working hours is Monday 10:00', () => {
    assert.deepEqual(
      addBusinessMinutes(shanghai, at('2026-03-06T17:00+08:00'), 120),
      at('2026-03-09T10:00+08:00'),
    );
  });

  test('lunch is not working time', () => {
    assert.deepEqual(
      addBusinessMinutes(shanghai, at('2026-03-09T11:30+08:00'), 60),
      at('2026-03-09T13:30+08:00'),
    );
  });

  test('the Saturday worked for the Spring Festival counts, the festival does not', () => {
    // 2026: 14 Feb (Saturday) is a make-up working day, 15–23 Feb are off.
    const friday = at('2026-02-13T16:00+08:00');
    assert.deepEqual(addBusinessMinutes(shanghai, friday, 8 * 60), at('2026-02-14T16:00+08:00'));
    assert.deepEqual(addBusinessMinutes(shanghai, friday, 16 * 60), at('2026-02-24T16:00+08:00'));
  });

  test('time asked outside opening hours starts at the next opening', () => {
    assert.deepEqual(
      addBusinessMinutes(shanghai, at('2026-03-07T20:00+08:00'), 30),
      at('2026-03-09T09:30+08:00'),
    );
  });

  test('no time asked is due at once', () => {
    const sunday = at('2026-03-08T20:00+08:00');
    assert.deepEqual(addBusinessMinutes(shanghai, sunday, 0), sunday);
  });

  test('another country reads its own public holidays', () => {
    const berlin: BusinessCalendar = {
      timeZone: 'Europe/Berlin',
      week: weekdays([[9 * 60, 17 * 60]]),
      dayKind: dayKinds('DE'),
    };
    // Christmas Day is off; Christmas Eve is only a bank holiday and is worked.
    assert.deepEqual(
      addBusinessMinutes(berlin, at('2026-12-24T16:00+01:00'), 120),
      at('2026-12-28T10:00+01:00'),
    );
  });

  test('a calendar without any opening hours is refused rather than searched forever', () => {
    const closed: BusinessCalendar = { timeZone: 'UTC', week: weekdays([]), dayKind: () => null };
    assert.throws(() => addBusinessMinutes(closed, at('2026-03-09T09:00Z'), 1), RangeError);
  });
});

describe('businessMinutesBetween', () => {
  test('counts working minutes across a weekend', () => {
    assert.equal(
      businessMinutesBetween(shanghai, at('2026-03-06T17:00+08:00'), at('2026-03-09T10:00+08:00')),
      120,
    );
  });

  test('a day of 23 hours has 23 hours when the clocks go forward', () => {
    const always: BusinessCalendar = {
      timeZone: 'America/New_York',
      week: weekdays([[0, 1440]], [[0, 1440]]),
      dayKind: () => null,
    };
    assert.equal(
      businessMinutesBetween(always, at('2026-03-07T12:00-05:00'), at('2026-03-08T12:00-04:00')),
      23 * 60,
    );
  });

  test('is zero for an empty or backwards span', () => {
    const t = at('2026-03-09T10:00+08:00');
    assert.equal(businessMinutesBetween(shanghai, t, t), 0);
    assert.equal(businessMinutesBetween(shanghai, t, at('2026-03-09T09:30+08:00')), 0);
  });

  test('undoes addBusinessMinutes from any start, in any zone', () => {
    const zones = ['Asia/Shanghai', 'Europe/London', 'America/Los_Angeles', 'Australia/Sydney'];
    fc.assert(
      fc.property(
        fc.constantFrom(...zones),
        fc.date({ min: at('2025-01-01T00:00Z'), max: at('2027-12-31T00:00Z'), noInvalidDate: true }),
        fc.integer({ min: 0, max: 40 * 60 }),
        (timeZone, from, minutes) => {
          const calendar = { ...shanghai, timeZone };
          const due = addBusinessMinutes(calendar, from, minutes);
          assert.equal(businessMinutesBetween(calendar, from, due), minutes);
        },
      ),
      { numRuns: 300 },
    );
  });
});
