import type { Stage, StageModel } from '../api/types';

/** A model as the API stores it: the fields the web types name, and the rest (its windows) kept as read. */
export type StoredModel = StageModel & Record<string, unknown>;

/**
 * An editable copy of a model: a key of its own (not taken by any model listed) and the copy's
 * labels marked, so the workspace can rename, recolour and reorder the stages a preset ships with.
 */
export function copyModel(
  model: StoredModel,
  taken: readonly string[],
  mark: { en: string; 'zh-CN': string },
): StoredModel {
  const stem = `${model.key}-own`.slice(0, 36);
  let key = stem;
  for (let n = 2; taken.includes(key); n++) key = `${stem}-${n}`;
  return {
    ...model,
    key,
    labels: { en: `${model.labels.en} ${mark.en}`, 'zh-CN': `${model.labels['zh-CN']}${mark['zh-CN']}` },
    stages: model.stages.map((s) => ({ ...s, labels: { ...s.labels } })),
  };
}

/** The stages with the one at `index` moved by `by` places (kept within the list). */
export function moveStage(stages: readonly Stage[], index: number, by: -1 | 1): Stage[] {
  const to = index + by;
  if (index < 0 || index >= stages.length || to < 0 || to >= stages.length) return [...stages];
  const out = [...stages];
  [out[index], out[to]] = [out[to], out[index]];
  return out;
}

/** The stages with one stage's label in one language, or its colour, changed. */
export function editStage(
  stages: readonly Stage[],
  index: number,
  change: { language: 'en' | 'zh-CN'; label: string } | { colour: string },
): Stage[] {
  return stages.map((stage, i) => {
    if (i !== index) return stage;
    if ('colour' in change) return { ...stage, colour: change.colour };
    return { ...stage, labels: { ...stage.labels, [change.language]: change.label } };
  });
}

/** The workspace's own models with `model` put in place of the one with its key, or added at the end. */
export function withModel(own: readonly StoredModel[], model: StoredModel): StoredModel[] {
  const at = own.findIndex((m) => m.key === model.key);
  return at < 0 ? [...own, model] : own.map((m, i) => (i === at ? model : m));
}

/**
 * The server's path of a refused stage field (`body.customModels.2.stages.1.labels.en`) as the
 * editor's field name (`1.labels.en`), for the model at `modelIndex`; null for other paths.
 */
export function stageFieldOf(path: string, modelIndex: number): string | null {
  const prefix = `body.customModels.${modelIndex}.stages.`;
  return path.startsWith(prefix) ? path.slice(prefix.length) : null;
}
