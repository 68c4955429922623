import { z } from 'zod';
import { parseIsoDay } from '../analytics/civil-days.js';
import type { RepeatModel } from '../analytics/repeat-model.js';
import type { Tx } from '../db/tenant.js';
import { isoDate } from '../http/dates.js';
import { repeatModelCandidates } from '../scoring/model-settings.js';
import { needsRefit, type StoredWorkspaceModel, storedWorkspaceModel } from '../scoring/model-store.js';
import { fitWorkspaceModel } from '../scoring/workspace-model.js';
import { valueColumns, workspaceTransactions } from '../value/transaction-columns.js';
import { assessCustomers } from './assess-customers.js';
import {
  choiceOf,
  type LifecycleChoice,
  type LifecycleChoiceInput,
  lifecycleChoiceInput,
  proposeChoice,
} from './settings.js';
import type { StageModel } from './stage-model.js';
import { currentStages } from './store.js';

/** The body of `POST /lifecycle/preview`: a settings change as the settings endpoint takes it, and a day. */
export const previewInput = lifecycleChoiceInput.extend({
  /** The day to evaluate at (YYYY-MM-DD); today in the workspace's time zone without it. */
  asOf: isoDate.optional(),
});
export type PreviewInput = z.infer<typeof previewInput>;

export const previewJson = z.object({
  asOf: isoDate,
  /** The key of the model the proposed settings choose. */
  model: z.string(),
  /** Customers evaluated: every customer of the workspace that is not deleted. */
  evaluated: z.number().int(),
  /** Customers whose stage under the proposed settings differs from their stored stage. */
  moving: z.number().int(),
  /** The moves by stored stage (null: not placed yet) and proposed stage, the largest first. */
  moves: z.array(z.object({ from: z.string().nullable(), to: z.string(), count: z.number().int() })),
});
export type PreviewJson = z.infer<typeof previewJson>;

// Customers are evaluated in slices, so a large workspace never holds every purchase row at once.
const SLICE = 2000;

// The settings a workspace has before its row exists: the column defaults of lifecycle_settings.
const DEFAULT_CHOICE: LifecycleChoice = { model: 'relationship', customModels: [], thresholds: {} };

/**
 * How many customers a settings change would move: every customer is placed at `asOf` by the rules of
 * the proposed model, exactly as a refresh would place them (manual overrides hold until they end),
 * and compared with the stage stored now. Only reads: nothing is stored, no playbook runs. Customers
 * as a whole are counted; their business lines are not.
 */
export async function previewLifecycle(
  tx: Tx,
  workspace: { id: string; timezone: string },
  input: LifecycleChoiceInput,
  asOf: string,
): Promise<PreviewJson> {
  const { timezone } = workspace;
  const settings = await tx
    .selectFrom('lifecycle_settings')
    .selectAll()
    .where('workspace_id', '=', workspace.id)
    .executeTakeFirst();
  const { model } = proposeChoice(settings ? choiceOf(settings) : DEFAULT_CHOICE, input);
  const day = parseIsoDay(asOf);
  const stored = await storedWorkspaceModel(tx);
  // The fit a refresh at this day would use: the stored one while the refit policy keeps it; a new
  // one is fitted, not stored (a preview only reads).
  const candidates = await repeatModelCandidates(tx);
  const fit = needsRefit(stored, day, candidates)
    ? fitWorkspaceModel(
        valueColumns(await workspaceTransactions(tx, timezone), day),
        day,
        undefined,
        candidates,
      ).repeat
    : (stored as StoredWorkspaceModel).model.repeat;
  const ids = (
    await tx.selectFrom('customers').select('id').where('deleted_at', 'is', null).orderBy('id').execute()
  ).map((r) => r.id);
  const counts = new Map<string, { from: string | null; to: string; count: number }>();
  for (let i = 0; i < ids.length; i += SLICE) {
    for (const move of await movesOf(tx, timezone, model, day, ids.slice(i, i + SLICE), fit)) {
      const key = `${move.from}\u0000${move.to}`;
      const entry = counts.get(key) ?? { ...move, count: 0 };
      entry.count++;
      counts.set(key, entry);
    }
  }
  const moves = [...counts.values()].sort(
    (a, b) => b.count - a.count || (a.from ?? '').localeCompare(b.from ?? '') || a.to.localeCompare(b.to),
  );
  return {
    asOf,
    model: model.key,
    evaluated: ids.length,
    moving: moves.reduce((sum, m) => sum + m.count, 0),
    moves,
  };
}

/** The customers of one slice whose stage as a whole would change: stored stage → proposed stage. */
async function movesOf(
  tx: Tx,
  timezone: string,
  model: StageModel,
  day: number,
  ids: string[],
  fit: RepeatModel | null,
): Promise<{ from: string | null; to: string }[]> {
  const moves: { from: string | null; to: string }[] = [];
  const [assessed, stored] = await Promise.all([
    assessCustomers(tx, timezone, model, day, ids, fit),
    currentStages(tx, ids),
  ]);
  for (let i = 0; i < assessed.count; i++) {
    const { customerId, replay } = assessed.assess(i);
    const to = replay.courses[0].stage;
    const from = stored.get(customerId)?.get('')?.stage ?? null;
    if (from !== to) moves.push({ from, to });
  }
  return moves;
}
