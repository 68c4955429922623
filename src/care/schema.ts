import { z } from 'zod';
import { CHURN_LEVELS } from '../analytics/churn.js';
import { isoDate } from '../http/dates.js';
import { pageQuery } from '../http/list.js';
import { festivalKeys } from './calendar.js';
import { templateError } from './templates.js';

/**
 * A care rule: a trigger that names an occasion for a customer on a day, conditions the customer must
 * meet, and the actions taken once per occasion. One declaration for validation, types and OpenAPI.
 */

const text = (max: number) => z.string().trim().min(1).max(max);
const bilingual = (max: number) => z.strictObject({ en: text(max), 'zh-CN': text(max) });
const daysBefore = z.number().int().min(0).max(60).default(0);

/** A liquid template: its syntax is checked when the rule is saved, not when the message is due. */
const template = (max: number) =>
  text(max).superRefine((source, ctx) => {
    const error = templateError(source);
    if (error) ctx.addIssue({ code: 'custom', message: error, params: { code: 'invalid_template' } });
  });
const bilingualTemplate = (max: number) => z.strictObject({ en: template(max), 'zh-CN': template(max) });

export const triggerInput = z.discriminatedUnion('type', [
  /**
   * The customer entered this stage of the workspace's model: as a whole, or with `businessLineId` in
   * that business line (the lifecycle's stage per line).
   */
  z.strictObject({
    type: z.literal('stage-entered'),
    stage: text(50),
    businessLineId: z.uuid().nullable().default(null),
  }),
  /** The birthday, on the solar calendar or as the lunar date of the solar birthday (农历生日). */
  z.strictObject({ type: z.literal('birthday'), calendar: z.enum(['solar', 'lunar']), daysBefore }),
  z.strictObject({ type: z.literal('festival'), festival: z.enum(festivalKeys), daysBefore }),
  /** The first day off of each public holiday of the workspace's country (its phone region). */
  z.strictObject({ type: z.literal('holiday'), daysBefore }),
  /**
   * No purchase for `days` days, or for `rhythmMultiple` times the customer's own typical interval
   * between purchases (customers without a rhythm yet are not reached).
   */
  z
    .strictObject({
      type: z.literal('no-purchase'),
      days: z.number().int().min(1).max(3650).optional(),
      rhythmMultiple: z.number().min(1).max(20).optional(),
    })
    .refine((t) => (t.days === undefined) !== (t.rhythmMultiple === undefined), {
      message: 'give either days or rhythmMultiple',
      path: ['days'],
      params: { code: 'invalid' },
    }),
  /** `days` after a purchase (回访), optionally a purchase in one business line. */
  z.strictObject({
    type: z.literal('after-purchase'),
    days: z.number().int().min(0).max(3650),
    businessLineId: z.uuid().nullable().default(null),
  }),
  z.strictObject({
    type: z.literal('anniversary'),
    of: z.enum(['first-purchase', 'last-purchase']),
    daysBefore,
  }),
  /** The churn risk reached `level` (or a higher one) from a lower level. */
  z.strictObject({ type: z.literal('churn-risk'), level: z.enum(CHURN_LEVELS.slice(1) as ['medium']) }),
  /** A task of the customer was closed `afterDays` days ago. */
  z.strictObject({ type: z.literal('task-closed'), afterDays: z.number().int().min(0).max(60).default(1) }),
  /** A ticket of the customer was resolved `afterDays` days ago (a follow-up call, a thank-you). */
  z.strictObject({
    type: z.literal('ticket-resolved'),
    afterDays: z.number().int().min(0).max(60).default(1),
  }),
]);
export type Trigger = z.output<typeof triggerInput>;

export const conditionsInput = z
  .strictObject({
    stages: z.array(text(50)).max(20),
    abcClasses: z.array(z.enum(['A', 'B', 'C'])).max(3),
    rfmSegments: z.array(text(50)).max(20),
    cnClasses: z.array(text(50)).max(8),
    clvMin: z.number().min(0).max(1e12),
    clvMax: z.number().min(0).max(1e12),
    /** Owners' ids; `none` for customers in the public pool. */
    owners: z.array(z.union([z.uuid(), z.literal('none')])).max(50),
    /** The owner's team; `none` for customers whose owner has no team, or who have no owner. */
    teams: z.array(z.union([z.uuid(), z.literal('none')])).max(50),
    tagsAny: z.array(text(50)).max(20),
    tagsNone: z.array(text(50)).max(20),
    regions: z.array(text(100)).max(50),
    /** Customers with a purchase in one of these business lines. */
    businessLineIds: z.array(z.uuid()).max(20),
    /** Channels the customer must have consented to. */
    consent: z.array(z.enum(['email', 'sms', 'phone', 'wechat', 'post'])).max(5),
  })
  .partial()
  .superRefine((c, ctx) => {
    if (c.clvMin !== undefined && c.clvMax !== undefined && c.clvMin > c.clvMax)
      ctx.addIssue({ code: 'custom', path: ['clvMax'], message: 'must not be below clvMin' });
  });
export type Conditions = z.output<typeof conditionsInput>;

export const MESSAGE_CHANNELS = ['email', 'sms', 'wechat', 'other'] as const;

/** An e-mail from a template, in the customer's language. */
const emailAction = z.strictObject({
  type: z.literal('email'),
  subject: bilingualTemplate(200),
  body: bilingualTemplate(10_000),
});
/** A signed POST to an adapter (SMS, WeChat…), with the message text in the customer's language. */
const webhookAction = z.strictObject({
  type: z.literal('webhook'),
  channel: z.enum(['sms', 'wechat', 'other']),
  url: z.url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' }).max(2000),
  text: bilingualTemplate(2000),
});
/** A task for the customer's owner. */
const taskAction = z.strictObject({
  type: z.literal('task'),
  title: bilingualTemplate(200),
  dueInDays: z.number().int().min(0).max(365),
});

export const actionInput = z.discriminatedUnion('type', [
  emailAction,
  webhookAction,
  taskAction,
  /** Tags the customer, e.g. to mark who was greeted or to hand them to a segment. */
  z.strictObject({ type: z.literal('add-tag'), tag: text(50) }),
  z.strictObject({ type: z.literal('remove-tag'), tag: text(50) }),
]);
export type Action = z.output<typeof actionInput>;

const ruleFields = {
  names: bilingual(200),
  enabled: z.boolean(),
  trigger: triggerInput,
  conditions: conditionsInput,
  actions: z.array(actionInput).min(1).max(5),
  /** The share of reached customers kept out at random (and logged as held out), to measure the rule's effect. */
  holdoutPercent: z.number().int().min(0).max(50),
};
export const ruleInput = z.strictObject({
  ...ruleFields,
  enabled: ruleFields.enabled.default(true),
  conditions: ruleFields.conditions.default({}),
  holdoutPercent: ruleFields.holdoutPercent.default(0),
});
export type RuleInput = z.output<typeof ruleInput>;
/** A change: the fields given only. No defaults here: zod applies them to absent fields, which would reset them. */
export const rulePatch = z.strictObject(ruleFields).partial();
/** A rule as the editor holds it, for a dry run before it is saved; `id`: the saved rule it edits. */
export const rulePreviewInput = ruleInput.extend({
  id: z.uuid().optional(),
  day: isoDate.optional(),
});
export type RulePatch = z.output<typeof rulePatch>;

const jsonObject = z.record(z.string(), z.unknown());
/** A trigger or action as stored: its `type`, and that type's fields (see ruleFields). */
const typedObject = z.looseObject({ type: z.string() });
export const ruleJson = z.object({
  id: z.uuid(),
  names: z.object({ en: z.string(), 'zh-CN': z.string() }),
  enabled: z.boolean(),
  trigger: typedObject,
  conditions: jsonObject,
  actions: z.array(typedObject),
  holdoutPercent: z.number().int(),
  createdBy: z.uuid().nullable(),
  version: z.number().int(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export type RuleJson = z.infer<typeof ruleJson>;

/** `sent`: the SMTP server or the webhook's adapter took it; `delivered`: the channel said it arrived. */
export const MESSAGE_STATUSES = [
  'queued',
  'held',
  'sending',
  'sent',
  'delivered',
  'failed',
  'skipped',
] as const;
export const messageJson = z.object({
  id: z.uuid(),
  /** Null for a message no rule sent, such as a survey invitation (its occasion `survey:<id>`). */
  ruleId: z.uuid().nullable(),
  customerId: z.uuid(),
  /** What the rule fired on, e.g. `birthday:2026` or `no-purchase:2026-03-01`, or `survey:<id>`. */
  occasion: z.string(),
  actionIndex: z.number().int().nullable(),
  channel: z.enum(['email', 'sms', 'wechat', 'other', 'task', 'tag']),
  status: z.enum(MESSAGE_STATUSES),
  /**
   * Why held or skipped (`quiet-hours`, `no-consent`, `cap`, `channel-cap`, `holdout`, `paused`, `no-address`,
   * `unchanged` for a tag already as the action wants it), or the error.
   */
  reason: z.string().nullable(),
  attempts: z.number().int(),
  sendAfter: z.iso.datetime().nullable(),
  sentAt: z.iso.datetime().nullable(),
  deliveredAt: z.iso.datetime().nullable(),
  createdAt: z.iso.datetime(),
});
export const messageListQuery = pageQuery.extend({
  ruleId: z.uuid().optional(),
  customerId: z.uuid().optional(),
  status: z.enum(MESSAGE_STATUSES).optional(),
});

const channelCap = z.strictObject({
  messages: z.number().int().min(1).max(100),
  days: z.number().int().min(1).max(365),
});
export type ChannelCaps = Partial<Record<(typeof MESSAGE_CHANNELS)[number], z.output<typeof channelCap>>>;

export const careSettingsInput = z.strictObject({
  /** Stops every rule of the workspace: nothing is evaluated or sent while paused. */
  paused: z.boolean(),
  /** Local hours (workspace time zone) when no message goes out; equal hours: no quiet hours. */
  quietStart: z.number().int().min(0).max(23),
  quietEnd: z.number().int().min(0).max(23),
  /** At most `capMessages` messages to one customer in `capDays` days, across all rules and channels. */
  capMessages: z.number().int().min(1).max(100),
  capDays: z.number().int().min(1).max(365),
  /** Caps of one channel each (e.g. e-mail at most 2 in 7 days), beside the cap across all channels. */
  channelCaps: z
    .strictObject({
      email: channelCap.optional(),
      sms: channelCap.optional(),
      wechat: channelCap.optional(),
      other: channelCap.optional(),
    })
    .default({}),
  /** Hosts a webhook may reach although they resolve to a private or loopback address. */
  webhookAllowedHosts: z.array(text(253)).max(20),
});
export type CareSettings = z.output<typeof careSettingsInput>;
const secretHint = z.string().nullable().describe('the last characters of the secret, for owners and admins');
export const careSettingsJson = z.object({
  ...careSettingsInput.shape,
  /** The guards' version, also their ETag: PUT needs it as If-Match. */
  version: z.number().int(),
  /** The key webhook bodies are signed with (HMAC-SHA256) is never shown after it is made: its hint is. */
  webhookSecretHint: secretHint,
  /** The workspace's SMTP server for care e-mails; null: the server's (CLM_SMTP_URL). */
  smtp: z
    .object({
      host: z.string(),
      port: z.number().int(),
      user: z.string().nullable(),
      from: z.string(),
      passwordHint: secretHint,
    })
    .nullable(),
});

export const webhookSecretJson = z.object({
  /** Shown this once: the receiver checks signatures with it. */
  webhookSecret: z.string(),
});

export const smtpInput = z.strictObject({
  host: text(253).regex(/^[A-Za-z0-9.-]+$/, 'must be a host name or an IPv4 address'),
  /** 465: TLS from the start; any other port upgrades with STARTTLS when the server offers it. */
  port: z.number().int().min(1).max(65535),
  user: text(320).nullable().default(null),
  /** Absent: the stored password stays; null: none. */
  password: z.string().min(1).max(500).nullable().optional(),
  from: text(320),
});
export type SmtpInput = z.output<typeof smtpInput>;

export const smtpTestInput = z.strictObject({ to: z.email().max(320) });

/** Why a rule reaches a customer: the trigger's occasion and each condition with what the customer has. */
export const reasonJson = z.object({
  trigger: z.object({
    type: z.string(),
    /** The day the occasion is about: the birthday, the purchase, the stage entry… */
    day: z.iso.date(),
    occasion: z.string(),
  }),
  conditions: z.array(
    z.object({
      /** The condition's field, e.g. `stages`, `tagsAny`, `clvMin`. */
      condition: z.string(),
      /** What the rule asks. */
      expected: z.unknown(),
      /** What the customer has. */
      actual: z.unknown(),
    }),
  ),
});
export const previewJson = z.object({
  day: z.iso.date(),
  data: z.array(
    z.object({
      customerId: z.uuid(),
      name: z.string(),
      occasion: z.string(),
      heldOut: z.boolean(),
      why: reasonJson,
    }),
  ),
});

export const calendarJson = z.object({
  from: z.iso.date(),
  data: z.array(
    z.object({
      day: z.iso.date(),
      ruleId: z.uuid(),
      customerId: z.uuid(),
      name: z.string(),
      occasion: z.string(),
    }),
  ),
});

/** The actions that carry templates. */
export const templatedActionInput = z.discriminatedUnion('type', [emailAction, webhookAction, taskAction]);

/** A template of the workspace: one templated action of one rule, edited through the rule. */
export const templateJson = z.object({
  ruleId: z.uuid(),
  ruleNames: z.object({ en: z.string(), 'zh-CN': z.string() }),
  /** The rule's version: an edit PATCHes the rule's actions with it as If-Match. */
  ruleVersion: z.number().int(),
  actionIndex: z.number().int(),
  action: z.looseObject({ type: z.enum(['email', 'webhook', 'task']) }),
});

export const templatePreviewInput = z.strictObject({
  /** The customer whose fields fill the templates. */
  customerId: z.uuid(),
  action: templatedActionInput,
});
const renderedJson = z.object({
  subject: z.string().nullable(),
  text: z.string(),
  /** An e-mail's HTML part, in which every printed value is escaped. */
  html: z.string().nullable(),
});
export const templatePreviewJson = z.object({
  customerId: z.uuid(),
  name: z.string(),
  /** The customer's own language, which a message to them would use. */
  language: z.enum(['en', 'zh-CN']),
  rendered: z.object({ en: renderedJson, 'zh-CN': renderedJson }),
});
