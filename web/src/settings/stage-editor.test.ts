import assert from 'node:assert/strict';
import { test } from 'node:test';
import { copyModel, editStage, moveStage, type StoredModel, stageFieldOf, withModel } from './stage-editor';

const stage = (key: string, colour = '#111111') => ({
  key,
  labels: { en: key, 'zh-CN': `阶段${key}` },
  colour,
});
const model: StoredModel = {
  key: 'b2b',
  labels: { en: 'B2B', 'zh-CN': '企业' },
  stages: [stage('a'), stage('b'), stage('c')],
  rules: [],
  windows: { revenueDays: 90, interactionDays: 30 },
};
const mark = { en: '(own)', 'zh-CN': '（自定义）' };

test('a copy takes a free key, keeps the windows and marks its labels', () => {
  const copy = copyModel(model, ['b2b', 'b2b-own'], mark);
  assert.equal(copy.key, 'b2b-own-2');
  assert.deepEqual(copy.windows, model.windows);
  assert.deepEqual(copy.labels, { en: 'B2B (own)', 'zh-CN': '企业（自定义）' });
  copy.stages[0].labels.en = 'changed';
  assert.equal(model.stages[0].labels.en, 'a');
});

test('a stage moves one place and never off the list', () => {
  assert.deepEqual(
    moveStage(model.stages, 2, -1).map((s) => s.key),
    ['a', 'c', 'b'],
  );
  assert.deepEqual(
    moveStage(model.stages, 0, -1).map((s) => s.key),
    ['a', 'b', 'c'],
  );
  assert.deepEqual(
    moveStage(model.stages, 2, 1).map((s) => s.key),
    ['a', 'b', 'c'],
  );
});

test('a label or a colour changes on its stage only', () => {
  const renamed = editStage(model.stages, 1, { language: 'zh-CN', label: '稳定' });
  assert.equal(renamed[1].labels['zh-CN'], '稳定');
  assert.equal(renamed[1].labels.en, 'b');
  assert.equal(renamed[0], model.stages[0]);
  assert.equal(editStage(model.stages, 0, { colour: '#ff0000' })[0].colour, '#ff0000');
});

test('a saved model replaces its namesake or joins the list', () => {
  const other = { ...model, key: 'other' };
  assert.deepEqual(
    withModel([model, other], { ...model, labels: { en: 'X', 'zh-CN': 'X' } }).map((m) => m.labels.en),
    ['X', 'B2B'],
  );
  assert.deepEqual(
    withModel([other], model).map((m) => m.key),
    ['other', 'b2b'],
  );
});

test("a refused stage field is named for the editor's model only", () => {
  assert.equal(stageFieldOf('body.customModels.1.stages.2.labels.en', 1), '2.labels.en');
  assert.equal(stageFieldOf('body.customModels.0.stages.2.colour', 1), null);
  assert.equal(stageFieldOf('body.model', 1), null);
});
