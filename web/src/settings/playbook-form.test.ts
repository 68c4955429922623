import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type PlaybookJson, playbookDocument, playbookForm } from './playbook-form';

const playbook: PlaybookJson = {
  model: 'b2b',
  stage: 'decline',
  labels: { en: 'Decline', 'zh-CN': '衰退期' },
  default: true,
  advice: { en: 'Find the cause.', 'zh-CN': '找出原因。' },
  tasks: [
    { title: { en: 'Call', 'zh-CN': '致电' }, dueInDays: 2 },
    { title: 'Visit', dueInDays: 7 },
  ],
  addTags: ['at-risk'],
  removeTags: ['vip', 'loyal'],
};

test('a playbook read into the form and back is the same document', () => {
  const { model, stage, labels, default: _, ...document } = playbook;
  assert.deepEqual(playbookDocument(playbookForm(playbook)), document);
});

test('tags split on either comma, blanks and empty advice dropped', () => {
  const form = {
    ...playbookForm(playbook),
    adviceEn: ' ',
    adviceZh: '',
    addTags: 'a，b, ,c',
    removeTags: '',
  };
  const document = playbookDocument(form);
  assert.equal(document.advice, null);
  assert.deepEqual(document.addTags, ['a', 'b', 'c']);
  assert.deepEqual(document.removeTags, []);
});

test('a title in one language serves both; days not a whole number go as typed', () => {
  const form = { ...playbookForm(playbook), tasks: [{ titleEn: '', titleZh: '回访', dueInDays: '1.5' }] };
  assert.deepEqual(playbookDocument(form).tasks, [{ title: '回访', dueInDays: '1.5' }]);
});
