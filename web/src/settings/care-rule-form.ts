/**
 * A care rule as the form editor holds it, and back: every input is text (as inputs give it), every kind
 * of trigger and action keeps its own inputs, so switching kinds loses nothing typed. The server's
 * schema (src/care/schema.ts) stays the one validator: text that is not a number is sent as it is, and
 * the server names the field in its answer.
 */

export const TRIGGER_TYPES = [
  'birthday',
  'festival',
  'holiday',
  'stage-entered',
  'no-purchase',
  'after-purchase',
  'anniversary',
  'churn-risk',
  'task-closed',
  'ticket-resolved',
] as const;
export type TriggerType = (typeof TRIGGER_TYPES)[number];

export const FESTIVALS = [
  'spring-festival',
  'lantern',
  'qingming',
  'dragon-boat',
  'qixi',
  'mid-autumn',
  'double-ninth',
  'laba',
  'new-years-eve',
] as const;
export const CHURN_LEVELS = ['medium', 'high', 'critical'] as const;
export const ACTION_TYPES = ['email', 'webhook', 'task', 'add-tag', 'remove-tag'] as const;
export type ActionType = (typeof ACTION_TYPES)[number];
export const WEBHOOK_CHANNELS = ['sms', 'wechat', 'other'] as const;
export const ABC_CLASSES = ['A', 'B', 'C'] as const;
export const CONSENT_CHANNELS = ['email', 'sms', 'phone', 'wechat', 'post'] as const;

/** The conditions kept as lists, typed as text one entry after another (commas or new lines). */
export const LIST_CONDITIONS = [
  'stages',
  'rfmSegments',
  'cnClasses',
  'owners',
  'teams',
  'tagsAny',
  'tagsNone',
  'regions',
  'businessLineIds',
] as const;
type ListCondition = (typeof LIST_CONDITIONS)[number];

type Bilingual = { en: string; 'zh-CN': string };
type Json = Record<string, unknown>;

/** The rule document the API takes (POST /care/rules) and answers. */
export interface RuleDocument {
  names: Bilingual;
  enabled: boolean;
  trigger: { type: string } & Json;
  conditions: Json;
  actions: ({ type: string } & Json)[];
  /** A string only on the way out, when what was typed is not a number (the server then names the field). */
  holdoutPercent: number | string | undefined;
}

export interface TriggerForm {
  type: TriggerType;
  stage: string;
  calendar: 'solar' | 'lunar';
  festival: string;
  daysBefore: string;
  /** no-purchase: a fixed number of days, or a multiple of the customer's own rhythm. */
  quietBy: 'days' | 'rhythm';
  days: string;
  rhythmMultiple: string;
  businessLineId: string;
  of: 'first-purchase' | 'last-purchase';
  level: string;
  afterDays: string;
}

export interface ActionForm {
  type: ActionType;
  subject: Bilingual;
  body: Bilingual;
  channel: (typeof WEBHOOK_CHANNELS)[number];
  url: string;
  text: Bilingual;
  title: Bilingual;
  dueInDays: string;
  tag: string;
}

export interface ConditionsForm {
  lists: Record<ListCondition, string>;
  abcClasses: string[];
  consent: string[];
  clvMin: string;
  clvMax: string;
}

export interface RuleForm {
  names: Bilingual;
  enabled: boolean;
  holdoutPercent: string;
  trigger: TriggerForm;
  conditions: ConditionsForm;
  actions: ActionForm[];
}

const blank = (): Bilingual => ({ en: '', 'zh-CN': '' });
const str = (value: unknown, fallback = '') =>
  value === undefined || value === null ? fallback : String(value);
const bilingual = (value: unknown): Bilingual => {
  const v = (value ?? {}) as Partial<Bilingual>;
  return { en: v.en ?? '', 'zh-CN': v['zh-CN'] ?? '' };
};

/** A number typed by a person: a decimal comma read as a point; empty is absent; anything else goes as typed. */
export function numberOf(text: string): number | string | undefined {
  const trimmed = text.trim();
  if (trimmed === '') return undefined;
  const n = Number(trimmed.replace(',', '.'));
  return Number.isFinite(n) ? n : trimmed;
}

/** Entries typed one after another, separated by commas (either width) or new lines. */
export function listOf(text: string): string[] {
  return text
    .split(/[,，\n]/)
    .map((s) => s.trim())
    .filter(Boolean);
}

export const emptyTrigger = (type: TriggerType = 'birthday'): TriggerForm => ({
  type,
  stage: '',
  calendar: 'solar',
  festival: 'spring-festival',
  daysBefore: '0',
  quietBy: 'days',
  days: '90',
  rhythmMultiple: '2',
  businessLineId: '',
  of: 'first-purchase',
  level: 'high',
  afterDays: '1',
});

export const emptyAction = (type: ActionType = 'email'): ActionForm => ({
  type,
  subject: blank(),
  body: blank(),
  channel: 'sms',
  url: '',
  text: blank(),
  title: blank(),
  dueInDays: '3',
  tag: '',
});

const emptyConditions = (): ConditionsForm => ({
  lists: Object.fromEntries(LIST_CONDITIONS.map((k) => [k, ''])) as Record<ListCondition, string>,
  abcClasses: [],
  consent: [],
  clvMin: '',
  clvMax: '',
});

/** A new rule starts as a working example: a birthday e-mail, which the person then changes. */
export function newRuleForm(): RuleForm {
  const email = emptyAction('email');
  email.subject = { en: 'Happy birthday, {{ customer.name }}!', 'zh-CN': '{{ customer.name }}，生日快乐！' };
  email.body = {
    en: 'Dear {{ customer.name }},\n\nAll the best from us.',
    'zh-CN': '亲爱的{{ customer.name }}：\n\n祝您生日快乐！',
  };
  return {
    names: blank(),
    enabled: true,
    holdoutPercent: '0',
    trigger: emptyTrigger(),
    conditions: emptyConditions(),
    actions: [email],
  };
}

function triggerForm(trigger: Json): TriggerForm {
  const form = emptyTrigger(trigger.type as TriggerType);
  for (const key of ['stage', 'festival', 'daysBefore', 'businessLineId', 'level', 'afterDays'] as const)
    if (trigger[key] !== undefined) form[key] = str(trigger[key]);
  if (trigger.calendar === 'lunar') form.calendar = 'lunar';
  if (trigger.of === 'last-purchase') form.of = 'last-purchase';
  if (trigger.rhythmMultiple !== undefined) {
    form.quietBy = 'rhythm';
    form.rhythmMultiple = str(trigger.rhythmMultiple);
  }
  if (trigger.days !== undefined) form.days = str(trigger.days);
  return form;
}

function triggerDocument(form: TriggerForm): RuleDocument['trigger'] {
  const daysBefore = numberOf(form.daysBefore);
  const afterDays = numberOf(form.afterDays);
  switch (form.type) {
    case 'stage-entered':
      return {
        type: form.type,
        stage: form.stage.trim(),
        businessLineId: form.businessLineId.trim() || null,
      };
    case 'birthday':
      return { type: form.type, calendar: form.calendar, daysBefore };
    case 'festival':
      return { type: form.type, festival: form.festival, daysBefore };
    case 'holiday':
      return { type: form.type, daysBefore };
    case 'no-purchase':
      return form.quietBy === 'days'
        ? { type: form.type, days: numberOf(form.days) }
        : { type: form.type, rhythmMultiple: numberOf(form.rhythmMultiple) };
    case 'after-purchase':
      return {
        type: form.type,
        days: numberOf(form.days),
        businessLineId: form.businessLineId.trim() || null,
      };
    case 'anniversary':
      return { type: form.type, of: form.of, daysBefore };
    case 'churn-risk':
      return { type: form.type, level: form.level };
    case 'task-closed':
    case 'ticket-resolved':
      return { type: form.type, afterDays };
  }
}

function actionForm(action: Json): ActionForm {
  const form = emptyAction(action.type as ActionType);
  for (const key of ['subject', 'body', 'text', 'title'] as const)
    if (action[key] !== undefined) form[key] = bilingual(action[key]);
  if (action.channel !== undefined) form.channel = action.channel as ActionForm['channel'];
  form.url = str(action.url);
  form.tag = str(action.tag);
  if (action.dueInDays !== undefined) form.dueInDays = str(action.dueInDays);
  return form;
}

function actionDocument(form: ActionForm): RuleDocument['actions'][number] {
  switch (form.type) {
    case 'email':
      return { type: form.type, subject: form.subject, body: form.body };
    case 'webhook':
      return { type: form.type, channel: form.channel, url: form.url.trim(), text: form.text };
    case 'task':
      return { type: form.type, title: form.title, dueInDays: numberOf(form.dueInDays) };
    case 'add-tag':
    case 'remove-tag':
      return { type: form.type, tag: form.tag.trim() };
  }
}

function conditionsForm(conditions: Json): ConditionsForm {
  const form = emptyConditions();
  for (const key of LIST_CONDITIONS)
    if (Array.isArray(conditions[key])) form.lists[key] = (conditions[key] as unknown[]).join(', ');
  form.abcClasses = (conditions.abcClasses as string[] | undefined) ?? [];
  form.consent = (conditions.consent as string[] | undefined) ?? [];
  form.clvMin = str(conditions.clvMin);
  form.clvMax = str(conditions.clvMax);
  return form;
}

/** Only the conditions given: an empty list or bound is no condition. */
function conditionsDocument(form: ConditionsForm): Json {
  const out: Json = {};
  for (const key of LIST_CONDITIONS) {
    const list = listOf(form.lists[key]);
    if (list.length) out[key] = list;
  }
  // In the order the API lists them, whatever order they were ticked in.
  const abc = ABC_CLASSES.filter((c) => form.abcClasses.includes(c));
  if (abc.length) out.abcClasses = abc;
  const consent = CONSENT_CHANNELS.filter((c) => form.consent.includes(c));
  if (consent.length) out.consent = consent;
  const clvMin = numberOf(form.clvMin);
  if (clvMin !== undefined) out.clvMin = clvMin;
  const clvMax = numberOf(form.clvMax);
  if (clvMax !== undefined) out.clvMax = clvMax;
  return out;
}

export function ruleForm(rule: RuleDocument): RuleForm {
  return {
    names: bilingual(rule.names),
    enabled: rule.enabled,
    holdoutPercent: str(rule.holdoutPercent, '0'),
    trigger: triggerForm(rule.trigger),
    conditions: conditionsForm(rule.conditions),
    actions: rule.actions.map(actionForm),
  };
}

export function ruleDocument(form: RuleForm): RuleDocument {
  return {
    names: { en: form.names.en, 'zh-CN': form.names['zh-CN'] },
    enabled: form.enabled,
    trigger: triggerDocument(form.trigger),
    conditions: conditionsDocument(form.conditions),
    actions: form.actions.map(actionDocument),
    holdoutPercent: numberOf(form.holdoutPercent),
  };
}

/**
 * The server's field faults keyed by the form's own paths: `body.actions.0.subject.en` →
 * `actions.0.subject.en`. A fault on a list entry (`conditions.stages.2`) belongs to the list's input.
 */
export function faultsByField<F extends { path: string }>(faults: F[]): Map<string, F> {
  const out = new Map<string, F>();
  for (const fault of faults) {
    const parts = fault.path.split('.');
    if (parts[0] === 'body') parts.shift();
    if (parts[0] === 'conditions' && parts.length > 2) parts.length = 2;
    const key = parts.join('.');
    if (!out.has(key)) out.set(key, fault);
  }
  return out;
}
