import type { LifecyclePreview, StageModel } from '../api/types';
import { type ThresholdInputs, type ThresholdModel, thresholdChanges } from './threshold-changes';

/** The body of `POST /lifecycle/preview` for what the editor shows, or null while a field is not a number. */
export function previewBody(
  modelKey: string,
  base: ThresholdModel,
  inputs: ThresholdInputs,
): { model: string; thresholds: Record<string, Record<string, number | null>> } | null {
  const changes = thresholdChanges(base, inputs);
  return changes.invalid.length ? null : { model: modelKey, thresholds: changes.thresholds };
}

export interface MoveRow {
  key: string;
  from: string;
  to: string;
  count: number;
}

/**
 * The preview's moves with stage names: `from` is a stage of the model the stages were computed with,
 * `to` one of the proposed model, so a key is looked up in the given models in turn (the proposed one
 * first); a customer not placed yet comes from `notPlaced`.
 */
export function moveRows(
  preview: LifecyclePreview,
  models: Pick<StageModel, 'stages'>[],
  language: 'en' | 'zh-CN',
  notPlaced: string,
): MoveRow[] {
  const label = (key: string) =>
    models.flatMap((m) => m.stages).find((s) => s.key === key)?.labels[language] ?? key;
  return preview.moves.map((move) => ({
    key: `${move.from ?? ''}>${move.to}`,
    from: move.from === null ? notPlaced : label(move.from),
    to: label(move.to),
    count: move.count,
  }));
}
