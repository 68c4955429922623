import { z } from 'zod';
import { AppError } from '../errors.js';

/**
 * A lifecycle stage model as data: its stages in order, and the rules that place a customer in one of
 * them, tried first to last (the first that matches wins). Rules are a fixed vocabulary of tests with
 * thresholds, so a workspace can reorder, retarget and retune them without code, and every decision
 * names the test that made it.
 */

const key = z.string().regex(/^[a-z][a-z0-9-]{0,39}$/, 'must be a lower-case key such as "stability"');
const colour = z.string().regex(/^#[0-9a-f]{6}$/i, 'must be a colour such as #3b82f6');
const days = z.number().int().min(1).max(3650);
const share = z.number().gt(0).lt(1);

export const stageSchema = z.strictObject({
  key,
  labels: z.strictObject({ en: z.string().min(1).max(60), 'zh-CN': z.string().min(1).max(60) }),
  colour,
});

/** Every rule: its id (the test's name unless the test is used twice) and the stage it assigns. */
const common = { id: key.optional(), stage: key };

/** No business for `inactiveDays` days (or an explicit termination by a user). */
const terminatedRule = z.strictObject({
  test: z.literal('terminated'),
  ...common,
  thresholds: z.strictObject({ inactiveDays: days }),
});

/**
 * Purchases stopped earlier than the customer's own rhythm predicts, the BG/NBD model thinks the
 * customer has probably left, revenue of the recent window fell against the window before, or the
 * service signals of decline (SPEC §4): a complaint left unresolved too long, a fall in satisfaction.
 */
const declineRule = z.strictObject({
  test: z.literal('decline'),
  ...common,
  thresholds: z.strictObject({
    rhythmMultiple: z.number().min(1).max(20),
    minOverdueDays: days,
    overdueDaysWithoutRhythm: days,
    minPurchaseDaysForPAlive: z.number().int().min(2).max(100),
    pAliveBelow: share,
    revenueRatioBelow: share,
    /** Ratio conditions must clear their threshold by this share before a customer leaves. */
    hysteresisMargin: z.number().min(0).max(1),
    /**
     * A complaint open for more than this many days. Optional, as is the next one: a model saved before
     * the service signals existed, or one that leaves them out, does without them; null switches the
     * signal off (a workspace's thresholds can thus turn off a signal its model has).
     */
    complaintOpenDays: days.nullable().optional(),
    /** The latest survey answer fell by at least this share against the one before (satisfactionDrop). */
    satisfactionDropAtLeast: share.nullable().optional(),
  }),
});

/** The company invests in a customer without repeat business yet: an owner, an opportunity, a contact. */
const developmentRule = z.strictObject({
  test: z.literal('development'),
  ...common,
  thresholds: z.strictObject({ maxPurchaseDays: z.number().int().min(0).max(100) }),
});

/** Little or no business yet: at most `maxPurchaseDays` purchase days (0 = prospects only). */
const explorationRule = z.strictObject({
  test: z.literal('exploration'),
  ...common,
  thresholds: z.strictObject({ maxPurchaseDays: z.number().int().min(0).max(100) }),
});

/** Steady repeat business over a long enough relationship. */
const stabilityRule = z.strictObject({
  test: z.literal('stability'),
  ...common,
  thresholds: z.strictObject({ minPurchaseDays: z.number().int().min(1).max(1000), minTenureDays: days }),
});

/** The catch-all last rule. */
const otherwiseRule = z.strictObject({
  test: z.literal('otherwise'),
  ...common,
  thresholds: z.strictObject({}).default({}),
});

export const ruleSchema = z.discriminatedUnion('test', [
  terminatedRule,
  declineRule,
  developmentRule,
  explorationRule,
  stabilityRule,
  otherwiseRule,
]);
export type Rule = z.infer<typeof ruleSchema>;
export type RuleTest = Rule['test'];
export type Thresholds<T extends RuleTest> = Extract<Rule, { test: T }>['thresholds'];

export const stageModelSchema = z
  .strictObject({
    key,
    labels: z.strictObject({ en: z.string().min(1).max(80), 'zh-CN': z.string().min(1).max(80) }),
    stages: z.array(stageSchema).min(2).max(12),
    rules: z.array(ruleSchema).min(1).max(12),
    windows: z.strictObject({
      /** Length of the recent and of the previous revenue window (rev90 / prev90). */
      revenueDays: days,
      /** An interaction counts as recent for this many days. */
      interactionDays: days,
    }),
  })
  .superRefine((model, ctx) => {
    const stages = new Set<string>();
    model.stages.forEach((stage, i) => {
      if (stages.has(stage.key))
        ctx.addIssue({ code: 'custom', path: ['stages', i, 'key'], message: `duplicate stage ${stage.key}` });
      stages.add(stage.key);
    });
    const ids = new Set<string>();
    model.rules.forEach((rule, i) => {
      if (!stages.has(rule.stage))
        ctx.addIssue({ code: 'custom', path: ['rules', i, 'stage'], message: `unknown stage ${rule.stage}` });
      // A cause names its rule by id, so ids must be unambiguous.
      if (ids.has(ruleId(rule)))
        ctx.addIssue({
          code: 'custom',
          path: ['rules', i, 'id'],
          message: `rule ${ruleId(rule)} appears twice`,
        });
      ids.add(ruleId(rule));
      const last = i === model.rules.length - 1;
      if (last !== (rule.test === 'otherwise'))
        ctx.addIssue({
          code: 'custom',
          path: ['rules', i, 'test'],
          message: 'the last rule, and only it, must be "otherwise"',
        });
    });
  });
export type StageModel = z.infer<typeof stageModelSchema>;

/**
 * Parses a model; a bad one is a 400 whose errors name each faulty field, such as
 * `lifecycleModel.rules.1.thresholds.pAliveBelow`, under `at`.
 */
export function parseStageModel(input: unknown, at = 'model'): StageModel {
  const result = stageModelSchema.safeParse(input);
  if (result.success) return result.data;
  throw new AppError(
    400,
    'validation',
    'invalid lifecycle model',
    result.error.issues.map((issue) => ({
      path: [at, ...issue.path].join('.'),
      message: issue.message,
    })),
  );
}

export const ruleId = (rule: Rule): string => rule.id ?? rule.test;

/** The stage a test assigns in this model, if the model uses the test. */
export function stageOfTest(model: StageModel, test: RuleTest): string | undefined {
  return model.rules.find((rule) => rule.test === test)?.stage;
}
