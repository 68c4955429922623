import assert from 'node:assert/strict';
import { test } from 'node:test';
import { customerZone, heldOut, quietUntil } from './guards.js';

test('outside quiet hours a message goes now', () => {
  const noon = new Date('2026-05-01T04:00:00Z'); // 12:00 in Shanghai
  assert.equal(quietUntil(noon, 'Asia/Shanghai', 21, 8).getTime(), noon.getTime());
});

test('inside quiet hours spanning midnight, it is held until they end, in the workspace time zone', () => {
  // 23:30 in Shanghai (UTC+8): held until 08:00 local, 00:00 UTC the next day.
  const late = new Date('2026-05-01T15:30:00Z');
  assert.equal(quietUntil(late, 'Asia/Shanghai', 21, 8).toISOString(), '2026-05-02T00:00:00.000Z');
  // The same instant is 11:30 in New York (UTC-4): not quiet there.
  assert.equal(quietUntil(late, 'America/New_York', 21, 8).getTime(), late.getTime());
});

test('quiet hours within one day, and none when start equals end', () => {
  const at = new Date('2026-05-01T12:15:30Z'); // 12:15:30 UTC
  assert.equal(quietUntil(at, 'UTC', 12, 14).toISOString(), '2026-05-01T14:00:00.000Z');
  assert.equal(quietUntil(at, 'UTC', 9, 9).getTime(), at.getTime());
});

test('the holdout draw is fixed per rule and customer and near its share', () => {
  const rule = '5f4a8d62-0000-4000-8000-000000000001';
  assert.equal(heldOut(rule, 'c1', 10), heldOut(rule, 'c1', 10));
  assert.equal(heldOut(rule, 'c1', 0), false);
  let out = 0;
  for (let i = 0; i < 10_000; i++) if (heldOut(rule, `customer-${i}`, 10)) out++;
  assert.ok(out > 900 && out < 1100, `${out} of 10000 held out for 10 %`);
});

test("quiet hours follow the customer's own zone, else a region that names one, else the workspace's", () => {
  assert.equal(customerZone('America/New_York', 'Europe/Paris', 'Asia/Shanghai'), 'America/New_York');
  assert.equal(customerZone(null, 'Europe/Paris', 'Asia/Shanghai'), 'Europe/Paris');
  assert.equal(customerZone('Mars/Olympus', '北京', 'Asia/Shanghai'), 'Asia/Shanghai', 'not zones: ignored');
  assert.equal(customerZone(' Europe/London ', null, 'UTC'), 'Europe/London');
  // 23:30 in Shanghai is 17:30 in Paris: a Paris customer's message is not held.
  const late = new Date('2026-05-01T15:30:00Z');
  const zone = customerZone(null, 'Europe/Paris', 'Asia/Shanghai');
  assert.equal(quietUntil(late, zone, 21, 8).getTime(), late.getTime());
});
