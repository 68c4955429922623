import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  addDays,
  festivalAround,
  lunarBirthdayAround,
  lunarDateOf,
  solarBirthdayIn,
  solarOfLunar,
} from './calendar.js';

describe('solar birthdays', () => {
  test('a 29 February birthday is kept in leap years and moves to 28 February in common years', () => {
    assert.equal(solarBirthdayIn('2000-02-29', 2024), '2024-02-29');
    assert.equal(solarBirthdayIn('2000-02-29', 2025), '2025-02-28');
    assert.equal(solarBirthdayIn('2000-02-29', 2100), '2100-02-28', '2100 is not a leap year');
    assert.equal(solarBirthdayIn('1990-12-31', 2026), '2026-12-31');
  });

  test('days are added across months and years', () => {
    assert.equal(addDays('2024-02-28', 1), '2024-02-29');
    assert.equal(addDays('2025-12-31', 1), '2026-01-01');
    assert.equal(addDays('2026-03-01', -1), '2026-02-28');
  });
});

describe('lunar birthdays (农历生日)', () => {
  test('the lunar birth date is found again in later lunar years', () => {
    assert.deepEqual(lunarDateOf('1990-10-03'), { year: 1990, month: 8, day: 15 });
    // 八月十五 of 2025 and of 2026: the Mid-Autumn days.
    assert.equal(lunarBirthdayAround('1990-10-03', '2025-10-01'), '2025-10-06');
    assert.equal(lunarBirthdayAround('1990-10-03', '2026-09-01'), '2026-09-25');
  });

  test('a birthday in a leap month falls in the ordinary month of that number in a year without it', () => {
    // 2023-04-10 is 闰二月二十; 2024 has no leap second month, 2025 neither.
    assert.deepEqual(lunarDateOf('2023-04-10'), { year: 2023, month: -2, day: 20 });
    assert.equal(lunarBirthdayAround('2023-04-10', '2024-04-01'), '2024-03-29');
    assert.equal(lunarBirthdayAround('2023-04-10', '2025-04-01'), '2025-03-19');
    // 2025-08-01 is 闰六月初八; 2026 has no leap month six.
    assert.equal(lunarBirthdayAround('2025-08-01', '2026-07-01'), '2026-07-21');
  });

  test('the leap month is kept in a year that has it', () => {
    assert.equal(solarOfLunar(2025, -6, 8), '2025-08-01');
    assert.equal(solarOfLunar(2025, 6, 8), '2025-07-02');
  });

  test('the 30th of a month that has 29 days that year is its 29th, not the 1st of the next month', () => {
    // 2024-04-08 is 二月三十; the second month of 2025 has 29 days.
    assert.deepEqual(lunarDateOf('2024-04-08'), { year: 2024, month: 2, day: 30 });
    assert.equal(lunarBirthdayAround('2024-04-08', '2025-03-01'), '2025-03-28');
  });
});

describe('Chinese festivals', () => {
  const expected: [Parameters<typeof festivalAround>[0], string, string][] = [
    ['spring-festival', '2025-01-29', '2026-02-17'],
    ['lantern', '2025-02-12', '2026-03-03'],
    ['dragon-boat', '2025-05-31', '2026-06-19'],
    ['qixi', '2025-08-29', '2026-08-19'],
    ['mid-autumn', '2025-10-06', '2026-09-25'],
    ['double-ninth', '2025-10-29', '2026-10-18'],
    ['qingming', '2025-04-04', '2026-04-05'],
  ];
  for (const [festival, in2025, in2026] of expected)
    test(`${festival} falls on ${in2025} and ${in2026}`, () => {
      assert.equal(festivalAround(festival, in2025), in2025);
      assert.equal(festivalAround(festival, in2026), in2026);
    });

  test("New Year's Eve is the 29th of a short twelfth month", () => {
    // The twelfth month of lunar 2024 has 29 days: 除夕 is 2025-01-28, the day before 春节.
    assert.equal(festivalAround('new-years-eve', '2025-01-28'), '2025-01-28');
    assert.equal(festivalAround('new-years-eve', '2026-02-16'), '2026-02-16');
  });
});
