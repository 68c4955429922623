import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { civilFromDays, daysFromCivil, formatDay, parseIsoDay } from './civil-days.js';

test('day numbers agree with Date.UTC over four centuries', () => {
  fc.assert(
    fc.property(fc.integer({ min: -80000, max: 80000 }), (days) => {
      const date = new Date(days * 86400000);
      const civil = civilFromDays(days);
      assert.deepEqual(civil, {
        year: date.getUTCFullYear(),
        month: date.getUTCMonth() + 1,
        day: date.getUTCDate(),
      });
      assert.equal(daysFromCivil(civil.year, civil.month, civil.day), days);
    }),
  );
});

test('ISO dates round-trip and impossible dates are NaN', () => {
  assert.equal(parseIsoDay('1997-09-30'), daysFromCivil(1997, 9, 30));
  assert.equal(formatDay(parseIsoDay('2000-02-29')), '2000-02-29');
  assert.ok(Number.isNaN(parseIsoDay('1999-02-29')));
  assert.ok(Number.isNaN(parseIsoDay('1997-13-01')));
});
