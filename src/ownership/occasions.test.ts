import assert from 'node:assert/strict';
import { test } from 'node:test';
import { upcomingOccasions } from './occasions.js';

const customer = (id: string, birthday: string | null, firstPurchaseOn: string | null = null) => ({
  id,
  name: id,
  birthday,
  firstPurchaseOn,
});

test('birthdays and first-purchase anniversaries of the next seven days, soonest first', () => {
  const found = upcomingOccasions(
    [
      customer('today', '1990-06-10'),
      customer('sixth day', '1985-06-16'),
      customer('eighth day', '1985-06-17'),
      customer('anniversary', null, '2023-06-12'),
      customer('first purchase this week', null, '2026-06-11'),
    ],
    '2026-06-10',
    7,
  );
  assert.deepEqual(
    found.map((o) => [o.customerId, o.kind, o.on, o.years]),
    [
      ['today', 'birthday', '2026-06-10', 36],
      ['anniversary', 'anniversary', '2026-06-12', 3],
      ['sixth day', 'birthday', '2026-06-16', 41],
    ],
  );
});

test('across New Year, and a 29 February birthday on the 28th in a common year', () => {
  const found = upcomingOccasions(
    [customer('new year', '2000-01-02'), customer('leap', '2004-02-29')],
    '2026-12-29',
    7,
  );
  assert.deepEqual(
    found.map((o) => [o.customerId, o.on, o.years]),
    [['new year', '2027-01-02', 27]],
  );
  const leap = upcomingOccasions([customer('leap', '2004-02-29')], '2027-02-27', 3);
  assert.deepEqual(
    leap.map((o) => [o.on, o.years]),
    [['2027-02-28', 23]],
  );
});
