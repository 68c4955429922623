import { sql } from 'kysely';
import { parseIsoDay } from '../analytics/civil-days.js';
import type { RepeatModelKind } from '../analytics/repeat-model.js';
import type { TransactionColumns } from '../analytics/summaries.js';
import type { Tx } from '../db/tenant.js';
import { readChurnSignals, signalsOn } from './churn-signals.js';
import { repeatModelCandidates } from './model-settings.js';
import { fitWorkspaceModel, signalDays, WORKSPACE_MODELS, type WorkspaceModel } from './workspace-model.js';

export interface StoredWorkspaceModel {
  model: WorkspaceModel;
  fittedAt: Date;
}

/**
 * The one refit policy: the models describe months of buying, so a fit holds for a week of as-of days;
 * an as-of before the fitted one (a refresh of the past), or other candidate models than the stored
 * fit compared, refits. In between, refreshes re-evaluate customers against the stored fit, and
 * everyone sees the same P(alive).
 */
export const REFIT_DAYS = 7;

export function needsRefit(
  stored: StoredWorkspaceModel | null,
  asOf: number,
  candidates: readonly RepeatModelKind[] = WORKSPACE_MODELS,
): boolean {
  if (!stored) return true;
  const fitted = parseIsoDay(stored.model.asOf);
  const compared = stored.model.compared ?? WORKSPACE_MODELS;
  return asOf < fitted || asOf - fitted >= REFIT_DAYS || compared.join() !== candidates.join();
}

/** The workspace's stored fit (the transaction's workspace), or null before the first. */
export async function storedWorkspaceModel(tx: Tx): Promise<StoredWorkspaceModel | null> {
  const row = await tx.selectFrom('workspace_models').select(['model', 'fitted_at']).executeTakeFirst();
  return row ? { model: row.model as unknown as WorkspaceModel, fittedAt: row.fitted_at } : null;
}

async function saveWorkspaceModel(tx: Tx, workspaceId: string, model: WorkspaceModel): Promise<Date> {
  const row = { as_of: model.asOf, fitted_at: sql<Date>`now()`, model: JSON.stringify(model) };
  const saved = await tx
    .insertInto('workspace_models')
    .values({ workspace_id: workspaceId, ...row })
    .onConflict((oc) => oc.column('workspace_id').doUpdateSet(row))
    .returning('fitted_at')
    .executeTakeFirstOrThrow();
  return saved.fitted_at;
}

/**
 * The fit to score at `asOf` with: the stored one while the refit policy keeps it, otherwise a new one
 * on everyone's purchases up to `asOf` (read by `read` only then) and the customers' service signals
 * on the days the fit learns from, stored before it is returned.
 */
export async function workspaceModelAt(
  tx: Tx,
  workspace: { id: string; timezone: string },
  asOf: number,
  read: () => Promise<{ columns: TransactionColumns; customerIds: string[] }>,
): Promise<{ stored: StoredWorkspaceModel; previous: StoredWorkspaceModel | null; refitted: boolean }> {
  const previous = await storedWorkspaceModel(tx);
  const candidates = await repeatModelCandidates(tx);
  if (previous && !needsRefit(previous, asOf, candidates))
    return { stored: previous, previous, refitted: false };
  const { columns, customerIds } = await read();
  const signals = await readChurnSignals(tx, workspace.timezone, signalDays(columns, asOf), customerIds);
  const model = fitWorkspaceModel(columns, asOf, (day) => signalsOn(signals, day), candidates);
  const fittedAt = await saveWorkspaceModel(tx, workspace.id, model);
  return { stored: { model, fittedAt }, previous, refitted: true };
}
