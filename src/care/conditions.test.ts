import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type ConditionFacts, conditionReasons, meetsConditions } from './conditions.js';

const customer: ConditionFacts = {
  stage: 'stability',
  abcClass: 'A',
  rfmSegment: 'Champions',
  cnClass: '重要价值客户',
  clv: 1200,
  ownerId: null,
  teamId: null,
  tags: ['vip', 'beijing'],
  region: 'Beijing',
  businessLineIds: ['b0000000-0000-4000-8000-000000000001'],
  consent: { email: true, sms: false },
};

test('no conditions reach everyone', () => {
  assert.equal(meetsConditions({}, customer), true);
  assert.equal(meetsConditions({ stages: [] }, customer), true, 'an empty list does not restrict');
});

test('each condition restricts on its own', () => {
  assert.equal(meetsConditions({ stages: ['decline'] }, customer), false);
  assert.equal(meetsConditions({ abcClasses: ['A', 'B'] }, customer), true);
  assert.equal(meetsConditions({ rfmSegments: ['Lost'] }, customer), false);
  assert.equal(meetsConditions({ cnClasses: ['重要价值客户'] }, customer), true);
  assert.equal(meetsConditions({ clvMin: 1200, clvMax: 1200 }, customer), true, 'bounds are inclusive');
  assert.equal(meetsConditions({ clvMin: 1201 }, customer), false);
  assert.equal(meetsConditions({ clvMin: 0 }, { ...customer, clv: null }), false, 'no CLV meets no band');
  assert.equal(meetsConditions({ owners: ['none'] }, customer), true, 'in the public pool');
  assert.equal(meetsConditions({ owners: ['none'] }, { ...customer, ownerId: 'u1' }), false);
  const team = 't0000000-0000-4000-8000-000000000001';
  assert.equal(meetsConditions({ teams: [team] }, customer), false, 'no owner, no team');
  assert.equal(meetsConditions({ teams: ['none'] }, customer), true);
  assert.equal(meetsConditions({ teams: [team] }, { ...customer, ownerId: 'u1', teamId: team }), true);
  assert.equal(meetsConditions({ teams: ['none'] }, { ...customer, ownerId: 'u1', teamId: team }), false);
  assert.equal(meetsConditions({ tagsAny: ['x', 'vip'] }, customer), true);
  assert.equal(meetsConditions({ tagsNone: ['vip'] }, customer), false);
  assert.equal(meetsConditions({ regions: ['Shanghai'] }, customer), false);
  assert.equal(
    meetsConditions({ businessLineIds: ['b0000000-0000-4000-8000-000000000002'] }, customer),
    false,
  );
  assert.equal(meetsConditions({ consent: ['email'] }, customer), true);
  assert.equal(meetsConditions({ consent: ['email', 'sms'] }, customer), false, 'sms withdrawn');
  assert.equal(meetsConditions({ consent: ['wechat'] }, customer), false, 'never asked is no consent');
});

test('a stage condition is not met by a customer without a stage', () => {
  assert.equal(meetsConditions({ stages: ['stability'] }, { ...customer, stage: null }), false);
});

test('the reasons name each condition set, what it asks and what the customer has; empty lists are none', () => {
  assert.deepEqual(
    conditionReasons(
      { stages: ['stability'], tagsAny: ['vip'], clvMin: 1000, regions: [], consent: ['email'] },
      customer,
    ),
    [
      { condition: 'stages', expected: ['stability'], actual: 'stability' },
      { condition: 'clvMin', expected: 1000, actual: 1200 },
      { condition: 'tagsAny', expected: ['vip'], actual: ['vip', 'beijing'] },
      { condition: 'consent', expected: ['email'], actual: ['email'] },
    ],
  );
  assert.deepEqual(conditionReasons({}, customer), []);
});
