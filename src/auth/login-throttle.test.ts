import assert from 'node:assert/strict';
import { randomInt } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { databaseTargets, openTestDatabase } from '../../test/support.js';
import type { Database } from '../db/database.js';
import {
  ACCOUNT_AT_SOURCE,
  clearFailures,
  recordFailure,
  SOURCE,
  secondsToWait,
  sourceOf,
  throttleKeys,
  waitSeconds,
} from './login-throttle.js';

test('an account at one source has three free failures, then waits double: 1 s, 2 s, 4 s … 15 min', () => {
  const waits = [0, 1, 2, 3, 4, 5, 6, 12, 13, 100].map((n) => waitSeconds(ACCOUNT_AT_SOURCE, n));
  // 2^9 = 512 s after 12 failures; 2^10 = 1024 s is past the 900 s cap.
  assert.deepEqual(waits, [0, 0, 0, 1, 2, 4, 8, 512, 900, 900]);
});

test('a source has twenty free failures before the same doubling waits', () => {
  assert.deepEqual(
    [19, 20, 21, 30].map((n) => waitSeconds(SOURCE, n)),
    [0, 1, 2, 900],
  );
});

test('an IPv6 source is its /64 network; IPv4, also mapped into IPv6, is the address', () => {
  assert.equal(sourceOf('2001:db8:1:2:aaaa::1'), '2001:db8:1:2::/64');
  assert.equal(sourceOf('2001:db8:1:2:bbbb:cccc:dddd:eeee'), '2001:db8:1:2::/64');
  assert.equal(sourceOf('2001:db8::1'), '2001:db8:0:0::/64');
  assert.equal(sourceOf('::1'), '0:0:0:0::/64');
  assert.equal(sourceOf('::ffff:10.1.2.3'), '10.1.2.3');
  assert.equal(sourceOf('10.1.2.3'), '10.1.2.3');
});

for (const target of databaseTargets) {
  describe(`failed sign-ins kept on ${target.name}`, () => {
    let database: Database;
    before(async () => {
      database = await openTestDatabase({ url: target.url });
    });
    after(() => database.close());
    // Unique per run: a PostgreSQL test database keeps its counters from earlier runs.
    const keysFor = () =>
      throttleKeys('sign-in', `t${randomInt(1e9)}@example.com`, `10.9.${randomInt(256)}.${randomInt(256)}`);

    test('the wait runs from the last failure and counts down with the clock', async () => {
      const { account } = throttleKeys('sign-in', `t${randomInt(1e9)}@example.com`, '10.9.0.1');
      const start = Date.now();
      for (let i = 0; i < 5; i++) await recordFailure(database.db, [account], new Date(start + i * 1000));
      // Five failures: 2^(5-3) = 4 s from the last one at start + 4 s.
      assert.equal(await secondsToWait(database.db, [account], new Date(start + 4000)), 4);
      assert.equal(await secondsToWait(database.db, [account], new Date(start + 6500)), 2);
      assert.equal(await secondsToWait(database.db, [account], new Date(start + 8000)), 0);
    });

    test('the longest wait of the keys asked about counts; a cleared key waits no more', async () => {
      const keys = keysFor();
      const now = new Date();
      for (let i = 0; i < 6; i++) await recordFailure(database.db, [keys.account], now);
      assert.equal(await secondsToWait(database.db, [keys.account, keys.source], now), 8);
      await clearFailures(database.db, keys.account);
      assert.equal(await secondsToWait(database.db, [keys.account, keys.source], now), 0);
    });

    test('failures a day old are forgotten: the count starts again from one', async () => {
      const keys = keysFor();
      const start = Date.now();
      for (let i = 0; i < 10; i++) await recordFailure(database.db, [keys.account], new Date(start));
      const nextDay = new Date(start + 24 * 3_600_000 + 1000);
      assert.equal(await secondsToWait(database.db, [keys.account], nextDay), 0);
      for (let i = 0; i < 3; i++) await recordFailure(database.db, [keys.account], nextDay);
      assert.equal(await secondsToWait(database.db, [keys.account], nextDay), 1);
    });

    test('nothing of the e-mail or address is stored, only a digest', async () => {
      const email = `plain${randomInt(1e9)}@example.com`;
      await recordFailure(database.db, [throttleKeys('sign-in', email, '10.9.9.9').account], new Date());
      const rows = await database.db.selectFrom('login_failures').select('key_hash').execute();
      assert.ok(
        rows.every((r) => r.key_hash.length === 32 && !r.key_hash.toString('latin1').includes(email)),
      );
    });
  });
}
