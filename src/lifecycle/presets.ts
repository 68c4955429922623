import { type Rule, type StageModel, stageModelSchema } from './stage-model.js';

/**
 * The built-in stage models. Their rules are the defaults documented in docs/lifecycle.md; the
 * thresholds of `relationship` are those of the issue that specified the engine, and the other two
 * presets reuse them so that the three models agree wherever their stages correspond.
 */

const windows = { revenueDays: 90, interactionDays: 90 };

// A year without business ends a relationship; most B2B and retail buying cycles are far shorter.
const terminated = (stage: string): Rule => ({
  test: 'terminated',
  stage,
  thresholds: { inactiveDays: 365 },
});

// Overdue = twice the customer's own median interval (never less than 60 days, so weekly buyers are
// not declined after a fortnight's holiday); 120 days when there is no rhythm yet (n < 3).
// Service: a complaint still open after two weeks is one handled late, past any resolution target a
// desk sets; a fall of 30 % is CSAT 5 to 3 or C = b / a from 1 to 0.7, while 5 to 4 is taken as noise.
const decline = (stage: string): Rule => ({
  test: 'decline',
  stage,
  thresholds: {
    rhythmMultiple: 2,
    minOverdueDays: 60,
    overdueDaysWithoutRhythm: 120,
    minPurchaseDaysForPAlive: 2,
    pAliveBelow: 0.3,
    revenueRatioBelow: 0.5,
    hysteresisMargin: 0.1,
    complaintOpenDays: 14,
    satisfactionDropAtLeast: 0.3,
  },
});

const stability = (stage: string): Rule => ({
  test: 'stability',
  stage,
  thresholds: { minPurchaseDays: 5, minTenureDays: 180 },
});

const relationship: StageModel = {
  key: 'relationship',
  labels: { en: 'Relationship lifecycle (four phases)', 'zh-CN': '客户关系生命周期（四阶段）' },
  stages: [
    { key: 'exploration', labels: { en: 'Exploration', 'zh-CN': '考察期' }, colour: '#60a5fa' },
    { key: 'formation', labels: { en: 'Formation', 'zh-CN': '形成期' }, colour: '#34d399' },
    { key: 'stability', labels: { en: 'Stability', 'zh-CN': '稳定期' }, colour: '#059669' },
    { key: 'decline', labels: { en: 'Decline', 'zh-CN': '退化期' }, colour: '#f59e0b' },
    { key: 'terminated', labels: { en: 'Terminated', 'zh-CN': '终止' }, colour: '#9ca3af' },
  ],
  rules: [
    terminated('terminated'),
    decline('decline'),
    { test: 'exploration', stage: 'exploration', thresholds: { maxPurchaseDays: 1 } },
    stability('stability'),
    { id: 'formation', test: 'otherwise', stage: 'formation', thresholds: {} },
  ],
  windows,
};

const sixStage: StageModel = {
  key: 'six-stage',
  labels: { en: 'Six-stage lifecycle', 'zh-CN': '六阶段生命周期' },
  stages: [
    { key: 'potential', labels: { en: 'Potential', 'zh-CN': '潜在客户期' }, colour: '#93c5fd' },
    { key: 'development', labels: { en: 'Development', 'zh-CN': '开发期' }, colour: '#60a5fa' },
    { key: 'growth', labels: { en: 'Growth', 'zh-CN': '成长期' }, colour: '#34d399' },
    { key: 'maturity', labels: { en: 'Maturity', 'zh-CN': '成熟期' }, colour: '#059669' },
    { key: 'decline', labels: { en: 'Decline', 'zh-CN': '衰退期' }, colour: '#f59e0b' },
    { key: 'terminated', labels: { en: 'Terminated', 'zh-CN': '终止期' }, colour: '#9ca3af' },
  ],
  rules: [
    terminated('terminated'),
    decline('decline'),
    // Development is the company's choice to invest before any repeat purchase.
    { test: 'development', stage: 'development', thresholds: { maxPurchaseDays: 1 } },
    { id: 'potential', test: 'exploration', stage: 'potential', thresholds: { maxPurchaseDays: 1 } },
    { ...stability('maturity'), id: 'maturity' },
    { id: 'growth', test: 'otherwise', stage: 'growth', thresholds: {} },
  ],
  windows,
};

const simple: StageModel = {
  key: 'simple',
  labels: { en: 'Simple lifecycle', 'zh-CN': '简易生命周期' },
  stages: [
    { key: 'potential', labels: { en: 'Potential', 'zh-CN': '潜在客户' }, colour: '#93c5fd' },
    { key: 'new', labels: { en: 'New', 'zh-CN': '新客户' }, colour: '#60a5fa' },
    { key: 'active', labels: { en: 'Active', 'zh-CN': '活跃客户' }, colour: '#34d399' },
    { key: 'loyal', labels: { en: 'Loyal', 'zh-CN': '老客户' }, colour: '#059669' },
    { key: 'lapsed', labels: { en: 'Lapsed', 'zh-CN': '流失客户' }, colour: '#9ca3af' },
  ],
  // `lapsed` merges decline and termination: the simple model does not tell them apart.
  rules: [
    terminated('lapsed'),
    decline('lapsed'),
    { id: 'potential', test: 'exploration', stage: 'potential', thresholds: { maxPurchaseDays: 0 } },
    { id: 'new', test: 'exploration', stage: 'new', thresholds: { maxPurchaseDays: 1 } },
    { ...stability('loyal'), id: 'loyal' },
    { id: 'active', test: 'otherwise', stage: 'active', thresholds: {} },
  ],
  windows,
};

export const PRESET_KEYS = ['relationship', 'six-stage', 'simple'] as const;
export type PresetKey = (typeof PRESET_KEYS)[number];

// Parsed once at load so that a broken preset fails every test run, not a customer's refresh.
export const PRESETS: Readonly<Record<PresetKey, StageModel>> = {
  relationship: stageModelSchema.parse(relationship),
  'six-stage': stageModelSchema.parse(sixStage),
  simple: stageModelSchema.parse(simple),
};

export const isPresetKey = (key: string): key is PresetKey =>
  (PRESET_KEYS as readonly string[]).includes(key);
