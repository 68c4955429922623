import { z } from 'zod';
import type { Tx } from '../db/tenant.js';
import { AppError, badRequest } from '../errors.js';
import { limitedJson } from '../http/free-json.js';
import { isPresetKey, PRESETS } from './presets.js';
import { parseStageModel, type Rule, ruleId, type StageModel, stageModelSchema } from './stage-model.js';

/** A workspace's lifecycle configuration: the chosen model, its own models and threshold changes. */
export interface LifecycleChoice {
  model: string;
  customModels: StageModel[];
  /**
   * Per rule id, thresholds that replace the model's: `{ decline: { pAliveBelow: 0.2 } }`; null turns off
   * a threshold that may be off (the decline rule's service signals).
   */
  thresholds: Record<string, Record<string, number | null>>;
}

export const lifecycleChoiceInput = z.strictObject({
  model: z.string().min(1).max(40).optional(),
  customModels: limitedJson(z.array(z.unknown()).max(20), { bytes: 262_144, depth: 16 }).optional(),
  thresholds: z.record(z.string(), z.record(z.string(), z.number().nullable())).optional(),
});
export type LifecycleChoiceInput = z.infer<typeof lifecycleChoiceInput>;

/** The settings row, created with the defaults on first use. `lock` serialises refreshes. */
export async function loadSettings(tx: Tx, workspaceId: string, lock = false) {
  await tx
    .insertInto('lifecycle_settings')
    .values({ workspace_id: workspaceId })
    .onConflict((oc) => oc.column('workspace_id').doNothing())
    .execute();
  let query = tx.selectFrom('lifecycle_settings').selectAll().where('workspace_id', '=', workspaceId);
  if (lock) query = query.forUpdate();
  return query.executeTakeFirstOrThrow();
}

export function choiceOf(row: {
  model: string;
  custom_models: unknown[];
  thresholds: Record<string, Record<string, number | null>>;
}): LifecycleChoice {
  return {
    model: row.model,
    // Stored models were validated on the way in; parse again so that a type is a checked fact.
    customModels: row.custom_models.map((m) => stageModelSchema.parse(m)),
    thresholds: row.thresholds,
  };
}

/** Where a request put each part of a choice, so that an error names the field the client sent. */
export interface ChoicePaths {
  model: string;
  thresholds: string;
  customModels: string;
}

const PATHS: ChoicePaths = { model: 'model', thresholds: 'thresholds', customModels: 'customModels' };

/** The model the rules run with: the chosen preset or custom model with the threshold changes applied. */
export function effectiveModel(choice: LifecycleChoice, paths: ChoicePaths = PATHS): StageModel {
  const base = isPresetKey(choice.model)
    ? PRESETS[choice.model]
    : choice.customModels.find((m) => m.key === choice.model);
  if (!base)
    throw badRequest(`unknown lifecycle model ${choice.model}`, [
      { path: paths.model, message: 'is neither a preset nor a custom model of this workspace' },
    ]);
  const ids = base.rules.map(ruleId);
  const unknown = Object.keys(choice.thresholds).filter((id) => !ids.includes(id));
  if (unknown.length)
    throw badRequest(
      'thresholds name rules the model does not have',
      unknown.map((id) => ({
        path: `${paths.thresholds}.${id}`,
        message: `model ${base.key} has no rule ${id}`,
      })),
    );
  const rules = base.rules.map((rule) => withThresholds(rule, choice.thresholds[ruleId(rule)]));
  try {
    return parseStageModel({ ...base, rules }, '');
  } catch (error) {
    // `.rules.1.thresholds.pAliveBelow` → `thresholds.decline.pAliveBelow`: the field the client sent.
    if (!(error instanceof AppError)) throw error;
    const renamed = error.errors.map((e) => ({
      ...e,
      path: e.path.replace(/^\.rules\.(\d+)\.thresholds/, (_, i) => `${paths.thresholds}.${ids[Number(i)]}`),
    }));
    throw badRequest('invalid thresholds', renamed);
  }
}

function withThresholds(rule: Rule, changes: Record<string, number | null> | undefined): Rule {
  return changes ? ({ ...rule, thresholds: { ...rule.thresholds, ...changes } } as Rule) : rule;
}

/** Every model a workspace can choose: the presets, then its own. */
export function availableModels(choice: LifecycleChoice): StageModel[] {
  return [...Object.values(PRESETS), ...choice.customModels];
}

/** Where the settings endpoints take a choice from: the request body. */
const BODY_PATHS: ChoicePaths = {
  model: 'body.model',
  thresholds: 'body.thresholds',
  customModels: 'body.customModels',
};

/**
 * The configuration a change would give, validated (a 400 naming the field when it gives no valid
 * model) and with the model the rules would then run: what saving stores, and what a preview evaluates.
 */
export function proposeChoice(
  current: LifecycleChoice,
  input: LifecycleChoiceInput,
  paths: ChoicePaths = BODY_PATHS,
): { choice: LifecycleChoice; model: StageModel } {
  const customModels = input.customModels
    ? input.customModels.map((m, i) => parseStageModel(m, `${paths.customModels}.${i}`))
    : current.customModels;
  const clash = customModels.findIndex((m) => isPresetKey(m.key));
  if (clash >= 0)
    throw badRequest('a custom model cannot take a preset key', [
      { path: `${paths.customModels}.${clash}.key`, message: 'is the key of a preset' },
    ]);
  const model = input.model ?? current.model;
  // Thresholds belong to rules of one model: switching model without new thresholds drops the old ones.
  const thresholds = input.thresholds ?? (model === current.model ? current.thresholds : {});
  const choice: LifecycleChoice = { model, customModels, thresholds };
  return { choice, model: effectiveModel(choice, paths) };
}

/**
 * Changes the workspace's lifecycle configuration; the result must give a valid model, so a bad
 * threshold or an unknown model key is a 400 naming it and nothing is stored. The next refresh sees
 * the changed model and evaluates every customer.
 */
export async function saveChoice(
  tx: Tx,
  workspaceId: string,
  input: LifecycleChoiceInput,
  paths: ChoicePaths = BODY_PATHS,
): Promise<LifecycleChoice> {
  const current = choiceOf(await loadSettings(tx, workspaceId, true));
  const { choice: next } = proposeChoice(current, input, paths);
  await tx
    .updateTable('lifecycle_settings')
    .set((eb) => ({
      model: next.model,
      custom_models: JSON.stringify(next.customModels),
      thresholds: JSON.stringify(next.thresholds),
      version: eb('version', '+', 1),
      updated_at: new Date(),
    }))
    .where('workspace_id', '=', workspaceId)
    .execute();
  return next;
}

/** Switches the workspace's model, for `PATCH /api/v1/workspace {"lifecycleModel": …}`. */
export async function chooseLifecycleModel(tx: Tx, workspaceId: string, model: string) {
  const at = 'body.lifecycleModel';
  await saveChoice(tx, workspaceId, { model }, { model: at, thresholds: at, customModels: at });
}
