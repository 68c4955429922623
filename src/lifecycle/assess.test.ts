import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseIsoDay } from '../analytics/civil-days.js';
import { assessCustomer, type CustomerFacts, type Override } from './assess.js';
import type { PurchaseRow } from './metrics.js';
import { PRESETS } from './presets.js';

const day = parseIsoDay;
const asOf = day('2024-07-01');
const signals = { customerId: 'c', hasOwner: false, lastInteraction: null, nextInteraction: null };
const bought = (recordedAt: string, businessLineId: string | null = null): PurchaseRow => ({
  customerId: 'c',
  businessLineId,
  n: 2,
  first: day('2024-05-01'),
  last: day('2024-06-01'),
  rhythm: 31,
  rev: 200,
  prev: 0,
  windowChange: day('2024-07-30'),
  nextPurchase: null,
  lastRecordedAt: new Date(recordedAt),
});
const override = (extra: Partial<Override> = {}): Override => ({
  stage: 'stability',
  reason: 'contract',
  userId: 'u',
  until: null,
  createdAt: new Date('2024-06-10T00:00:00Z'),
  ...extra,
});
const facts = (extra: Partial<CustomerFacts>): CustomerFacts => ({
  signals,
  purchases: [bought('2024-06-01T00:00:00Z')],
  current: new Map(),
  ...extra,
});
const summary = (f: CustomerFacts, model = PRESETS.relationship) => {
  const { placements, overrideEnds } = assessCustomer(model, asOf, f, null);
  return { stage: placements[0].stage, cause: placements[0].cause.type, overrideEnds };
};

describe('assessing a customer with an override', () => {
  test('an override in force sets the stage with a manual cause', () => {
    assert.deepEqual(summary(facts({ override: override() })), {
      stage: 'stability',
      cause: 'manual',
      overrideEnds: undefined,
    });
  });
  test('it holds through its until day and ends the day after', () => {
    assert.equal(summary(facts({ override: override({ until: asOf }) })).cause, 'manual');
    assert.deepEqual(summary(facts({ override: override({ until: asOf - 1 }) })), {
      stage: 'formation',
      cause: 'rule',
      overrideEnds: 'until',
    });
  });
  test('a purchase recorded after the override ends it', () => {
    const f = facts({ override: override(), purchases: [bought('2024-06-11T00:00:00Z')] });
    assert.deepEqual(summary(f), { stage: 'formation', cause: 'rule', overrideEnds: 'purchase' });
  });
  test('a model without the overridden stage ends it', () => {
    assert.deepEqual(summary(facts({ override: override() }), PRESETS.simple), {
      stage: 'active',
      cause: 'rule',
      overrideEnds: 'replaced',
    });
  });
  test('business lines follow the rules, not the override, and a line without purchases yet is not placed', () => {
    const line = bought('2024-06-01T00:00:00Z', 'line-a');
    const future = { ...bought('2024-06-01T00:00:00Z', 'line-b'), n: 0, first: null, last: null };
    const { placements } = assessCustomer(
      PRESETS.relationship,
      asOf,
      facts({ override: override(), purchases: [bought('2024-06-01T00:00:00Z'), line, future] }),
      null,
    );
    assert.deepEqual(
      placements.map((p) => [p.businessLineId, p.stage, p.cause.type]),
      [
        [null, 'stability', 'manual'],
        ['line-a', 'formation', 'rule'],
      ],
    );
  });
});
