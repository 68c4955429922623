import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { moveRows, previewBody } from './preview-moves';
import { thresholdInputs } from './threshold-changes';

const stage = (key: string, en: string, zh: string) => ({
  key,
  labels: { en, 'zh-CN': zh },
  colour: '#000000',
});

const relationship = {
  key: 'relationship',
  labels: { en: 'Relationship', 'zh-CN': '关系' },
  stages: [stage('formation', 'Formation', '形成期'), stage('stability', 'Stability', '稳定期')],
  rules: [{ test: 'stability', stage: 'stability', thresholds: { minPurchaseDays: 5, minTenureDays: 180 } }],
};
const simple = {
  key: 'simple',
  labels: { en: 'Simple', 'zh-CN': '简易' },
  stages: [stage('active', 'Active', '活跃客户'), stage('loyal', 'Loyal', '老客户')],
  rules: [{ id: 'loyal', test: 'stability', stage: 'loyal', thresholds: { minPurchaseDays: 5 } }],
};

describe('previewBody', () => {
  test('asks about the chosen model with the thresholds that differ from it', () => {
    const inputs = thresholdInputs(relationship);
    inputs.stability.minPurchaseDays = '4';
    assert.deepEqual(previewBody('relationship', relationship, inputs), {
      model: 'relationship',
      thresholds: { stability: { minPurchaseDays: 4 } },
    });
    assert.deepEqual(previewBody('simple', simple, thresholdInputs(simple)), {
      model: 'simple',
      thresholds: {},
    });
  });

  test('asks nothing while a field is not a number', () => {
    const inputs = thresholdInputs(relationship);
    inputs.stability.minTenureDays = 'half a year';
    assert.equal(previewBody('relationship', relationship, inputs), null);
  });
});

describe('moveRows', () => {
  const preview = {
    asOf: '2026-11-25',
    model: 'simple',
    evaluated: 10,
    moving: 6,
    moves: [
      { from: 'formation', to: 'active', count: 4 },
      { from: null, to: 'loyal', count: 1 },
      { from: 'gone', to: 'loyal', count: 1 },
    ],
  };

  test('names stages from the proposed and the current model, in the chosen language', () => {
    assert.deepEqual(moveRows(preview, [simple, relationship], 'zh-CN', '尚未划分阶段'), [
      { key: 'formation>active', from: '形成期', to: '活跃客户', count: 4 },
      { key: '>loyal', from: '尚未划分阶段', to: '老客户', count: 1 },
      { key: 'gone>loyal', from: 'gone', to: '老客户', count: 1 },
    ]);
    assert.equal(moveRows(preview, [simple, relationship], 'en', 'Not placed')[0].from, 'Formation');
  });
});
