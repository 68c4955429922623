import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { festivalKeys } from '../../../src/care/calendar';
import { actionInput, ruleInput, triggerInput } from '../../../src/care/schema';
import {
  ACTION_TYPES,
  emptyAction,
  emptyTrigger,
  FESTIVALS,
  faultsByField,
  listOf,
  newRuleForm,
  numberOf,
  type RuleDocument,
  ruleDocument,
  ruleForm,
  TRIGGER_TYPES,
} from './care-rule-form';

const names = { en: 'Care', 'zh-CN': '关怀' };
const line = '00000000-0000-4000-8000-000000000001';
const owner = '00000000-0000-4000-8000-000000000002';

// One trigger of each kind, each with its parameters away from the defaults, as the API stores them.
const triggers: RuleDocument['trigger'][] = [
  { type: 'birthday', calendar: 'lunar', daysBefore: 3 },
  { type: 'festival', festival: 'mid-autumn', daysBefore: 1 },
  { type: 'holiday', daysBefore: 2 },
  { type: 'stage-entered', stage: 'stable', businessLineId: null },
  { type: 'stage-entered', stage: 'stable', businessLineId: line },
  { type: 'no-purchase', days: 120 },
  { type: 'no-purchase', rhythmMultiple: 2.5 },
  { type: 'after-purchase', days: 7, businessLineId: line },
  { type: 'after-purchase', days: 0, businessLineId: null },
  { type: 'anniversary', of: 'last-purchase', daysBefore: 0 },
  { type: 'churn-risk', level: 'critical' },
  { type: 'task-closed', afterDays: 2 },
  { type: 'ticket-resolved', afterDays: 0 },
];

const actions: RuleDocument['actions'] = [
  {
    type: 'email',
    subject: { en: 'Hi {{ customer.name }}', 'zh-CN': '你好' },
    body: { en: 'Body', 'zh-CN': '正文' },
  },
  {
    type: 'webhook',
    channel: 'wechat',
    url: 'https://sms.example.com/send',
    text: { en: 'Hi', 'zh-CN': '你好' },
  },
  { type: 'task', title: { en: 'Call back', 'zh-CN': '回访' }, dueInDays: 2 },
  { type: 'add-tag', tag: 'greeted' },
  { type: 'remove-tag', tag: 'cold' },
];

const everyCondition = {
  stages: ['stable', 'growth'],
  abcClasses: ['A', 'C'],
  rfmSegments: ['champions'],
  cnClasses: ['重要价值客户'],
  clvMin: 100,
  clvMax: 5000.5,
  owners: [owner, 'none'],
  teams: ['none'],
  tagsAny: ['vip', 'wholesale'],
  tagsNone: ['do-not-call'],
  regions: ['Shanghai'],
  businessLineIds: [line],
  consent: ['email', 'wechat'],
};

const rule = (over: Partial<RuleDocument>): RuleDocument => ({
  names,
  enabled: true,
  trigger: triggers[0],
  conditions: {},
  actions: [actions[0]],
  holdoutPercent: 0,
  ...over,
});

const roundTrip = (doc: RuleDocument) => ruleDocument(ruleForm(doc));

describe('the care rule form', () => {
  test('covers every trigger and action kind the API accepts', () => {
    assert.deepEqual([...TRIGGER_TYPES].sort(), triggerInput.options.map((o) => o.shape.type.value).sort());
    assert.deepEqual([...ACTION_TYPES].sort(), actionInput.options.map((o) => o.shape.type.value).sort());
    assert.deepEqual([...FESTIVALS].sort(), [...festivalKeys].sort());
  });

  for (const trigger of triggers)
    test(`gives back a ${trigger.type} trigger as it was (${JSON.stringify(trigger)})`, () => {
      const doc = rule({ trigger });
      assert.deepEqual(roundTrip(doc), doc);
      // The documents are the API's own: its schema reads them unchanged.
      assert.deepEqual(ruleInput.parse(doc), doc);
    });

  for (const action of actions)
    test(`gives back a ${action.type} action as it was`, () => {
      const doc = rule({ actions: [action] });
      assert.deepEqual(roundTrip(doc), doc);
      assert.deepEqual(ruleInput.parse(doc), doc);
    });

  test('gives back every condition, a paused rule, a holdout and five actions in their order', () => {
    const doc = rule({ enabled: false, holdoutPercent: 10, conditions: everyCondition, actions });
    assert.deepEqual(roundTrip(doc), doc);
    assert.deepEqual(ruleInput.parse(doc), doc);
  });

  test('a new rule is a valid birthday e-mail once named', () => {
    const form = newRuleForm();
    form.names = names;
    const doc = ruleDocument(form);
    assert.deepEqual(doc.trigger, { type: 'birthday', calendar: 'solar', daysBefore: 0 });
    assert.equal(ruleInput.safeParse(doc).success, true);
  });

  test('each trigger kind chosen in a fresh form is valid as it stands, except a stage not yet named', () => {
    for (const type of TRIGGER_TYPES) {
      const form = newRuleForm();
      form.names = names;
      form.trigger = emptyTrigger(type);
      const parsed = ruleInput.safeParse(ruleDocument(form));
      assert.equal(parsed.success, type !== 'stage-entered', type);
    }
  });

  test('switching kinds keeps what was typed for the other kind', () => {
    const form = ruleForm(rule({ trigger: { type: 'no-purchase', rhythmMultiple: 3 } }));
    form.trigger.type = 'birthday';
    form.trigger.type = 'no-purchase';
    assert.deepEqual(ruleDocument(form).trigger, { type: 'no-purchase', rhythmMultiple: 3 });
    const action = emptyAction('task');
    action.tag = 'kept';
    action.type = 'add-tag';
    assert.deepEqual(ruleDocument({ ...form, actions: [action] }).actions, [
      { type: 'add-tag', tag: 'kept' },
    ]);
  });

  test('leaves out empty conditions and reads lists, decimal commas and ticked boxes in the API order', () => {
    const form = ruleForm(rule({}));
    form.conditions.lists.tagsAny = ' vip，wholesale\n\n, ';
    form.conditions.abcClasses = ['C', 'A'];
    form.conditions.clvMin = '12,5';
    assert.deepEqual(ruleDocument(form).conditions, {
      tagsAny: ['vip', 'wholesale'],
      abcClasses: ['A', 'C'],
      clvMin: 12.5,
    });
  });

  test('sends text that is not a number as typed, for the server to name the field', () => {
    const form = ruleForm(rule({ trigger: { type: 'holiday', daysBefore: 1 } }));
    form.trigger.daysBefore = 'soon';
    form.holdoutPercent = '';
    const doc = ruleDocument(form);
    assert.deepEqual(doc.trigger, { type: 'holiday', daysBefore: 'soon' });
    assert.equal(doc.holdoutPercent, undefined);
    const parsed = ruleInput.safeParse(doc);
    assert.deepEqual(
      parsed.error?.issues.map((i) => i.path.join('.')),
      ['trigger.daysBefore'],
    );
  });
});

describe('numberOf and listOf', () => {
  test('read what people type', () => {
    assert.equal(numberOf(' 7 '), 7);
    assert.equal(numberOf('0,25'), 0.25);
    assert.equal(numberOf(''), undefined);
    assert.equal(numberOf('ten'), 'ten');
    assert.deepEqual(listOf('a, b，c\nd'), ['a', 'b', 'c', 'd']);
    assert.deepEqual(listOf(' '), []);
  });
});

describe('faultsByField', () => {
  test("keys the server's faults by the form's paths, a list's entries by the list, the first fault winning", () => {
    const faults = faultsByField([
      { path: 'body.actions.1.subject.en', code: 'too_small' },
      { path: 'body.conditions.stages.2', code: 'unknown_stage' },
      { path: 'body.conditions.stages.3', code: 'unknown_stage' },
      { path: 'body.trigger.days', code: 'invalid' },
      { path: 'body.trigger.days', code: 'second' },
    ]);
    assert.deepEqual(Object.fromEntries([...faults].map(([k, f]) => [k, f.code])), {
      'actions.1.subject.en': 'too_small',
      'conditions.stages': 'unknown_stage',
      'trigger.days': 'invalid',
    });
  });
});
