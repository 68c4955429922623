import assert from 'node:assert/strict';
import { test } from 'node:test';
import { limitsFor, memberLimits } from './member-limits.js';

const POOL = { claimsPerDay: 10, heldLimit: 100 };
const NORTH = '00000000-0000-4000-8000-000000000001';
const SOUTH = '00000000-0000-4000-8000-000000000002';

test("a team's entry comes before its role's; a field left out keeps the pool's value", () => {
  const entries = [
    { role: 'rep' as const, heldLimit: 20 },
    { teamId: NORTH, claimsPerDay: 3 },
  ];
  assert.deepEqual(limitsFor(POOL, entries, { role: 'rep', teamId: NORTH }), {
    claimsPerDay: 3,
    heldLimit: 100,
  });
  assert.deepEqual(limitsFor(POOL, entries, { role: 'rep', teamId: SOUTH }), {
    claimsPerDay: 10,
    heldLimit: 20,
  });
  assert.deepEqual(limitsFor(POOL, entries, { role: 'manager', teamId: null }), POOL);
});

test('null lifts a limit for the members an entry names', () => {
  assert.deepEqual(
    limitsFor(POOL, [{ role: 'manager', heldLimit: null }], { role: 'manager', teamId: null }),
    {
      claimsPerDay: 10,
      heldLimit: null,
    },
  );
});

test('an entry names a role or a team, not both and not neither', () => {
  assert.equal(memberLimits.safeParse([{ role: 'rep', heldLimit: 1 }]).success, true);
  assert.equal(memberLimits.safeParse([{ heldLimit: 1 }]).success, false);
  assert.equal(memberLimits.safeParse([{ role: 'rep', teamId: NORTH }]).success, false);
  assert.equal(memberLimits.safeParse([{ role: 'boss' }]).success, false);
});
