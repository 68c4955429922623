import assert from 'node:assert/strict';
import { test } from 'node:test';
import { daysLeft, type OwnedCustomer, returnDeadline } from './return-rules.js';

const day = (iso: string) => new Date(`${iso}T00:00:00Z`);
const customer = (over: Partial<OwnedCustomer> = {}): OwnedCustomer => ({
  ownedSince: day('2026-01-01'),
  lastFollowUpAt: null,
  lastPurchaseAt: null,
  abcClass: null,
  stage: null,
  clv: null,
  lines: new Map(),
  contractsEndedAt: null,
  lastSignedAt: null,
  linesSigned: new Map(),
  ...over,
});

test('no follow-up: the clock runs from the claim when there has been none since', () => {
  assert.deepEqual(returnDeadline([{ noFollowUpDays: 30 }], customer()), { at: day('2026-01-31'), rule: 0 });
});

test('a follow-up after the claim restarts the clock; one before it does not', () => {
  const rules = [{ noFollowUpDays: 30 }];
  assert.deepEqual(
    returnDeadline(rules, customer({ lastFollowUpAt: day('2026-01-10') }))?.at,
    day('2026-02-09'),
  );
  assert.deepEqual(
    returnDeadline(rules, customer({ lastFollowUpAt: day('2025-12-01') }))?.at,
    day('2026-01-31'),
  );
});

test('with both clocks the earlier deadline wins', () => {
  const rules = [{ noFollowUpDays: 30, noPurchaseDays: 10 }];
  assert.deepEqual(
    returnDeadline(rules, customer({ lastFollowUpAt: day('2026-01-05') }))?.at,
    day('2026-01-11'),
  );
});

test('the first rule that applies decides: A-class customers get a longer clock, others the default', () => {
  const rules = [{ abcClass: 'A' as const, noFollowUpDays: 60 }, { noFollowUpDays: 15 }];
  assert.deepEqual(returnDeadline(rules, customer({ abcClass: 'A' })), { at: day('2026-03-02'), rule: 0 });
  assert.deepEqual(returnDeadline(rules, customer({ abcClass: 'B' })), { at: day('2026-01-16'), rule: 1 });
});

test('a rule by stage applies only in that stage', () => {
  const rules = [{ stage: 'decline', noFollowUpDays: 7 }];
  assert.equal(returnDeadline(rules, customer({ stage: 'stability' })), null);
  assert.deepEqual(returnDeadline(rules, customer({ stage: 'decline' }))?.at, day('2026-01-08'));
});

test('an exempt key account never returns, even where a later rule would apply', () => {
  const rules = [{ abcClass: 'A' as const, exempt: true }, { noFollowUpDays: 15 }];
  assert.equal(returnDeadline(rules, customer({ abcClass: 'A' })), null);
});

test('no rules, or a rule without a clock, set no deadline', () => {
  assert.equal(returnDeadline([], customer()), null);
  assert.equal(returnDeadline([{ abcClass: 'C' }], customer({ abcClass: 'C' })), null);
});

test('days left round up and stop at zero', () => {
  assert.equal(daysLeft(day('2026-01-31'), new Date('2026-01-28T12:00:00Z')), 3);
  assert.equal(daysLeft(day('2026-01-31'), day('2026-02-02')), 0);
});

test('a rule of a business line applies to customers who bought in it, and counts only purchases in it', () => {
  const line = '00000000-0000-4000-8000-000000000001';
  const rules = [{ businessLineId: line, noPurchaseDays: 20 }, { noPurchaseDays: 90 }];
  const buyer = customer({
    lastPurchaseAt: day('2026-01-20'),
    lines: new Map([[line, day('2026-01-05')]]),
  });
  // Bought in the line on 5 January: 20 days from then, not from the later purchase elsewhere.
  assert.deepEqual(returnDeadline(rules, buyer), { at: day('2026-01-25'), rule: 0 });
  // Never bought in the line: the next rule, from the claim.
  assert.deepEqual(returnDeadline(rules, customer()), { at: day('2026-04-01'), rule: 1 });
});

test('a CLV band holds from its minimum up to below its maximum; a customer without a CLV is in no band', () => {
  const rules = [
    { clvBand: { min: 10_000 }, noFollowUpDays: 10 },
    { clvBand: { min: 1000, max: 10_000 }, noFollowUpDays: 30 },
    { noFollowUpDays: 60 },
  ];
  assert.equal(returnDeadline(rules, customer({ clv: 10_000 }))?.rule, 0);
  assert.equal(returnDeadline(rules, customer({ clv: 9999.99 }))?.rule, 1);
  assert.equal(returnDeadline(rules, customer({ clv: 1000 }))?.rule, 1);
  assert.equal(returnDeadline(rules, customer({ clv: 999 }))?.rule, 2);
  assert.equal(returnDeadline(rules, customer({ clv: null }))?.rule, 2);
  assert.deepEqual(returnDeadline(rules, customer({ clv: 50_000 }))?.at, day('2026-01-11'));
});

test('after a contract: the clock runs from the end of the latest contract', () => {
  // The latest contract's last day is 28 February: it ran out at midnight, 1 March.
  const rules = [{ contractEndDays: 30 }];
  assert.deepEqual(returnDeadline(rules, customer({ contractsEndedAt: day('2026-03-01') })), {
    at: day('2026-03-31'),
    rule: 0,
  });
});

test('after a contract: no clock while a contract is open-ended or without any, so other clocks decide', () => {
  assert.equal(returnDeadline([{ contractEndDays: 30 }], customer()), null);
  assert.deepEqual(
    returnDeadline([{ contractEndDays: 30, noFollowUpDays: 90 }], customer())?.at,
    day('2026-04-01'),
  );
});

test('after a contract: a contract that ended before the claim counts from the claim', () => {
  const ended = customer({ contractsEndedAt: day('2025-06-01') });
  assert.deepEqual(returnDeadline([{ contractEndDays: 10 }], ended)?.at, day('2026-01-11'));
});

test('after a contract: the earliest of the clocks wins', () => {
  const rules = [{ contractEndDays: 5, noFollowUpDays: 60 }];
  const active = customer({ lastFollowUpAt: day('2026-02-01'), contractsEndedAt: day('2026-02-10') });
  assert.deepEqual(returnDeadline(rules, active)?.at, day('2026-02-15'));
  const calledLater = customer({ lastFollowUpAt: day('2026-01-02'), contractsEndedAt: day('2026-05-01') });
  assert.deepEqual(returnDeadline(rules, calledLater)?.at, day('2026-03-03'));
});

test('a signed contract restarts the follow-up and purchase clocks, as recorded activity', () => {
  const signed = customer({
    lastFollowUpAt: day('2026-01-05'),
    lastPurchaseAt: day('2026-01-08'),
    lastSignedAt: day('2026-01-20'),
  });
  assert.deepEqual(returnDeadline([{ noFollowUpDays: 30 }], signed)?.at, day('2026-02-19'));
  assert.deepEqual(returnDeadline([{ noPurchaseDays: 10 }], signed)?.at, day('2026-01-30'));
  // A later follow-up or purchase still counts from itself.
  const calledSince = { ...signed, lastFollowUpAt: day('2026-01-25') };
  assert.deepEqual(returnDeadline([{ noFollowUpDays: 30 }], calledSince)?.at, day('2026-02-24'));
});

test('for a rule of a business line, only a contract in that line restarts the purchase clock', () => {
  const line = '00000000-0000-4000-8000-000000000001';
  const rules = [{ businessLineId: line, noPurchaseDays: 20 }];
  const buyer = customer({
    lines: new Map([[line, day('2026-01-05')]]),
    lastSignedAt: day('2026-01-15'),
  });
  // The contract of 15 January is in another line: 20 days from the purchase in this one.
  assert.deepEqual(returnDeadline(rules, buyer)?.at, day('2026-01-25'));
  const inLine = { ...buyer, linesSigned: new Map([[line, day('2026-01-15')]]) };
  assert.deepEqual(returnDeadline(rules, inLine)?.at, day('2026-02-04'));
});
