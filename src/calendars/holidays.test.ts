import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { dayKinds, knownCountry, publicHolidays } from './holidays.js';

describe('public holidays', () => {
  test("China's holidays start on their first day off; a make-up working day (调休) is none", () => {
    const holidays = publicHolidays('CN', 2025);
    const spring = holidays.find((h) => h.name === '春节');
    assert.equal(spring?.start, '2025-01-28');
    // 2025-01-26 (a Sunday) is the 春节 make-up working day: no holiday starts there.
    assert.equal(
      holidays.some((h) => h.start === '2025-01-26'),
      false,
    );
    assert.deepEqual(
      holidays.map((h) => h.start),
      ['2025-01-01', '2025-01-28', '2025-04-04', '2025-05-01', '2025-05-31', '2025-10-01'],
    );
  });

  test("other countries' public holidays come from date-holidays, observances left out", () => {
    const us = publicHolidays('US', 2026);
    assert.ok(us.some((h) => h.start === '2026-07-04' && h.name === 'Independence Day'));
    assert.equal(
      us.some((h) => h.name === "Valentine's Day"),
      false,
    );
    assert.equal(publicHolidays('de', 2026)[0].start, '2026-01-01');
  });

  test('countries are known by their two-letter codes', () => {
    assert.equal(knownCountry('CN'), true);
    assert.equal(knownCountry('gb'), true);
    assert.equal(knownCountry('XX'), false);
  });

  test('day kinds and holidays read the same calendar', () => {
    for (const country of ['CN', 'US', 'DE'])
      for (const { start } of publicHolidays(country, 2026))
        assert.equal(dayKinds(country)(start), 'off', `${country} ${start}`);
    assert.equal(dayKinds('us')('2026-07-04'), 'off', 'in either case');
    assert.equal(dayKinds('CN')('2025-01-26'), 'work', 'the 春节 make-up working day');
    assert.equal(dayKinds('XX')('2026-01-01'), null, 'an unknown country has no holidays');
  });
});
