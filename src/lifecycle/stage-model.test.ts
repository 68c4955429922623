import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { AppError } from '../errors.js';
import { PRESETS } from './presets.js';
import { parseStageModel } from './stage-model.js';

function errorPaths(input: unknown): string[] {
  try {
    parseStageModel(input, 'lifecycleModel');
  } catch (error) {
    assert.ok(error instanceof AppError);
    assert.equal(error.status, 400);
    return error.errors.map((e) => e.path);
  }
  assert.fail('the model was accepted');
}

describe('stage models', () => {
  test('the presets have exactly the specified stage keys, in order, with both labels and a colour', () => {
    assert.deepEqual(
      Object.fromEntries(Object.entries(PRESETS).map(([k, m]) => [k, m.stages.map((s) => s.key)])),
      {
        relationship: ['exploration', 'formation', 'stability', 'decline', 'terminated'],
        'six-stage': ['potential', 'development', 'growth', 'maturity', 'decline', 'terminated'],
        simple: ['potential', 'new', 'active', 'loyal', 'lapsed'],
      },
    );
    assert.equal(PRESETS.relationship.stages[0].labels['zh-CN'], '考察期');
    assert.equal(PRESETS['six-stage'].stages[1].labels['zh-CN'], '开发期');
    assert.equal(PRESETS.simple.stages[3].labels['zh-CN'], '老客户');
  });

  test('the relationship rules are tried in the specified order', () => {
    assert.deepEqual(
      PRESETS.relationship.rules.map((r) => `${r.test}→${r.stage}`),
      [
        'terminated→terminated',
        'decline→decline',
        'exploration→exploration',
        'stability→stability',
        'otherwise→formation',
      ],
    );
  });

  test('a custom model built from a preset with other thresholds is accepted', () => {
    const custom = structuredClone(PRESETS.relationship);
    custom.key = 'retail';
    custom.rules[3] = {
      test: 'stability',
      stage: 'stability',
      thresholds: { minPurchaseDays: 8, minTenureDays: 365 },
    };
    const rule = parseStageModel(custom).rules[3];
    assert.ok(rule.test === 'stability');
    assert.equal(rule.thresholds.minPurchaseDays, 8);
  });

  test('a bad threshold is named by its full path', () => {
    const bad = structuredClone(PRESETS.relationship) as unknown as { rules: { thresholds: object }[] };
    bad.rules[1].thresholds = { ...bad.rules[1].thresholds, pAliveBelow: 1.5 };
    assert.deepEqual(errorPaths(bad), ['lifecycleModel.rules.1.thresholds.pAliveBelow']);
  });

  test('an unknown stage, a repeated rule, a catch-all not last and an unknown threshold are each named', () => {
    const bad = structuredClone(PRESETS.relationship) as unknown as {
      rules: { stage: string; thresholds: object }[];
    };
    bad.rules[2].stage = 'prospect';
    bad.rules[3].thresholds = { minPurchaseDays: 5, minTenureDays: 180, maxAge: 3 };
    bad.rules.push({ ...bad.rules[0] });
    assert.deepEqual(
      errorPaths(bad).sort(),
      [
        'lifecycleModel.rules.2.stage',
        'lifecycleModel.rules.3.thresholds',
        'lifecycleModel.rules.4.test',
        'lifecycleModel.rules.5.id',
        'lifecycleModel.rules.5.test',
      ].sort(),
    );
  });
});
