import assert from 'node:assert/strict';
import { test } from 'node:test';
import { daysFromCivil, formatDay } from '../analytics/civil-days.js';
import { chineseNewYear, MAX_SEASON_WEIGHT, seasonalWeight, seasonWindows } from './seasons.js';

test('Spring Festival moves with the lunar calendar and falls back to 1 February outside the table', () => {
  assert.equal(formatDay(chineseNewYear(2025)), '2025-01-29');
  assert.equal(formatDay(chineseNewYear(2026)), '2026-02-17');
  assert.equal(formatDay(chineseNewYear(2099)), '2099-02-01');
});

test('11 November is the busiest day; the festival week itself is quieter than an ordinary day', () => {
  assert.equal(seasonalWeight(daysFromCivil(2025, 11, 11)), MAX_SEASON_WEIGHT);
  assert.equal(seasonalWeight(daysFromCivil(2025, 9, 10)), 1);
  assert.ok(seasonalWeight(daysFromCivil(2026, 2, 18)) < 1);
  assert.ok(seasonalWeight(daysFromCivil(2026, 2, 5)) > 1, 'shopping before the festival');
});

test('seasonWindows lists the windows overlapping a range in date order', () => {
  const windows = seasonWindows(daysFromCivil(2025, 10, 1), daysFromCivil(2026, 1, 31));
  assert.deepEqual(
    windows.map((w) => w.name),
    ['double-11', 'december', 'spring-festival'],
  );
});
