import { isDeepStrictEqual } from 'node:util';
import { sql } from 'kysely';
import { parseIsoDay } from '../analytics/civil-days.js';
import type { RepeatModel } from '../analytics/repeat-model.js';
import { analyzeStaleTables } from '../db/analyze-stale.js';
import type { Tx } from '../db/tenant.js';
import { badRequest, notFound } from '../errors.js';
import { warnOfChurnRises } from '../notifications/churn-warnings.js';
import { storedWorkspaceModel, workspaceModelAt } from '../scoring/model-store.js';
import { startValueRefresh } from '../value/refresh.js';
import {
  valueColumns,
  type WorkspaceTransactions,
  workspaceTransactions,
} from '../value/transaction-columns.js';
import { assessCustomers } from './assess-customers.js';
import { takeCandidates, withBuyers } from './candidates.js';
import { type CourseWriteOptions, writeCourses } from './course-writes.js';
import { todayIn } from './overrides.js';
import { runPlaybooks, type StageEntry } from './playbooks.js';
import { choiceOf, effectiveModel, loadSettings } from './settings.js';
import type { StageModel } from './stage-model.js';
import { endOverrides } from './store.js';

export interface RefreshResult {
  /** Customers evaluated (each with its business lines). */
  evaluated: number;
  /** Stage changes written, customers' and business lines' together. */
  changed: number;
}

/**
 * Evaluates the workspace's customers at `asOf` (YYYY-MM-DD) and stores their stages and every change.
 * Incremental: only customers that can have changed are read (see takeCandidates), so a second
 * refresh at the same as-of finds nothing to do. Refreshes of one workspace run one at a time (the
 * settings row is locked), so two racing refreshes cannot both write a change.
 */
export interface RefreshOptions {
  /** Evaluate every customer, not only those that can have changed (repairs, and checking the increments). */
  full?: boolean;
  /** Recompute every customer's value and the cut-offs (the nightly refresh); the fit follows its own policy. */
  recomputeValues?: boolean;
}

/**
 * What the stored stages record as the model they were computed with. The engine's name changes when
 * the meaning of a stored stage does, so that the first refresh after such a change replays everyone
 * (stages in event time, with their past, replaced stages placed at the day of each refresh).
 */
export const evaluatedAs = (model: StageModel) => ({ ...model, engine: 'event-time' });

export async function refreshLifecycle(
  tx: Tx,
  workspaceId: string,
  asOf: string,
  options: RefreshOptions = {},
): Promise<RefreshResult> {
  const day = parseIsoDay(asOf);
  if (Number.isNaN(day))
    throw badRequest('invalid as-of date', [{ path: 'asOf', message: 'must be YYYY-MM-DD' }]);
  const workspace = await tx
    .selectFrom('workspaces')
    .select('timezone')
    .where('id', '=', workspaceId)
    .executeTakeFirst();
  if (!workspace) throw notFound('workspace');
  const { timezone } = workspace;
  // A full refresh groups and joins every transaction: with the default 4 MB, its aggregates and
  // hash joins spill to disk in dozens of batches. For this transaction only.
  await sql`set local work_mem = '64MB'`.execute(tx);
  const settings = await loadSettings(tx, workspaceId, true);
  const model = effectiveModel(choiceOf(settings));
  // Deep equality, not JSON text: jsonb stores object keys in its own order.
  const everyone =
    options.full === true ||
    !isDeepStrictEqual(settings.evaluated_model, evaluatedAs(model)) ||
    (settings.last_as_of !== null && day < parseIsoDay(settings.last_as_of));
  const candidates = await takeCandidates(tx, { asOf: day, everyone });
  // Everyone's transactions, when the fit or the stages need them all, are read once: for the fit,
  // the stages and the values alike.
  let all = everyone ? await workspaceTransactions(tx, timezone) : null;
  const { stored, previous, refitted } = await workspaceModelAt(
    tx,
    { id: workspaceId, timezone },
    day,
    async () => {
      all ??= await workspaceTransactions(tx, timezone);
      return { columns: valueColumns(all, day), customerIds: all.customerIds };
    },
  );
  const fit = stored.model.repeat;
  const before = previous?.model.repeat ?? null;
  const moved = refitted && !isDeepStrictEqual(before, fit);
  // Everyone: the customers the read numbered, all live ones.
  const ids =
    candidates === null
      ? (all as unknown as WorkspaceTransactions).customerIds
      : moved
        ? await withBuyers(tx, candidates, before?.kind === 'bgnbd' && fit?.kind === 'bgnbd')
        : candidates;
  const some = all === null && ids.length > 0 ? await workspaceTransactions(tx, timezone, ids) : null;
  const transactions = all ?? some;
  // Between daily recomputations, and while the fit holds, only the customers evaluated here are
  // scored, against the stored fit and the cut-offs of the last recomputation (quantile scores and ABC classes are relative: new data of one customer
  // moves the others a little, and the nightly refresh settles that). With no customer marked, no
  // transaction changed.
  // Started before the stages are written: a large workspace's values are computed meanwhile.
  const writeValues = await startValueRefresh(tx, workspaceId, asOf, {
    dataUnchanged: ids.length === 0 && !refitted,
    changed: everyone || refitted ? undefined : ids,
    everyone: options.recomputeValues,
    model: stored.model,
    transactions: (only) => (only ? (some ?? undefined) : (all ?? undefined)),
  });
  // Playbooks act on customers entering a stage. The first refresh only places the customers the
  // workspace already had, and a switch of model re-places everyone in the new model's stages: neither
  // is an entry anyone should act on.
  const previousModel = (settings.evaluated_model as StageModel | null)?.key;
  const acts = settings.last_as_of !== null && previousModel === model.key;
  // A few customers' values are written while their stages are replayed: started once the reads the
  // replay needs are sent, the value statements run while this process replays.
  let valuesWritten: ReturnType<typeof writeValues> | undefined;
  const writeValuesBeside = () => {
    valuesWritten = writeValues();
    valuesWritten.catch(() => undefined);
  };
  // Everyone: the statements read every customer rather than a list of them all.
  const { changed, entries } =
    transactions && ids.length > 0
      ? await evaluate(
          tx,
          workspaceId,
          timezone,
          model,
          day,
          everyone ? null : ids,
          fit,
          { entriesFrom: acts ? parseIsoDay(settings.last_as_of as string) : null, exclusive: true },
          transactions,
          writeValues.few ? writeValuesBeside : undefined,
        ).catch(async (error) => {
          // A failed value statement fails the ones queued after it: its error is the one to tell.
          await valuesWritten;
          throw error;
        })
      : { changed: 0, entries: [] };
  if (acts) await runPlaybooks(tx, workspaceId, model, entries);
  await tx
    .updateTable('lifecycle_settings')
    .set({ last_as_of: asOf, evaluated_model: JSON.stringify(evaluatedAs(model)) })
    .where('workspace_id', '=', workspaceId)
    .execute();
  const values = await (valuesWritten ?? writeValues());
  // The churn levels just written: owners hear of their customers' rises in the same transaction.
  if (values.scored !== 'none')
    await warnOfChurnRises(tx, workspaceId, values.scored === 'changed' ? ids : undefined);
  // The stages and values just written plan well from the next query on, autovacuum or not.
  await analyzeStaleTables(tx);
  return { evaluated: ids.length, changed };
}

/**
 * Re-places the given customers right after their transactions were written, in the writing
 * transaction. The day is the last refresh's as-of, moved forward to the customers' latest sale day
 * when that is later (never past today): a sale recorded today counts today. The marks the triggers
 * left stay, so the next refresh evaluates these customers again and recomputes everyone's value.
 * Nothing happens before the workspace's first refresh, or while the model changed since the last one
 * (the next refresh re-places everyone). The settings row is read FOR SHARE: writers do not wait for
 * each other, only for a running refresh. `latestSale` (YYYY-MM-DD): the latest sale day of a larger
 * set these customers are part of, placed in several calls at one day.
 */
export async function refreshCustomers(
  tx: Tx,
  workspaceId: string,
  customerIds: string[],
  latestSale?: string | null,
): Promise<void> {
  const ids = [...new Set(customerIds)].sort();
  if (ids.length === 0) return;
  const settings = await tx
    .selectFrom('lifecycle_settings')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .forShare()
    .executeTakeFirst();
  if (!settings?.last_as_of) return;
  const model = effectiveModel(choiceOf(settings));
  if (!isDeepStrictEqual(settings.evaluated_model, evaluatedAs(model))) return;
  const { timezone } = await tx
    .selectFrom('workspaces')
    .select('timezone')
    .where('id', '=', workspaceId)
    .executeTakeFirstOrThrow();
  const today = todayIn(timezone);
  const latest =
    (latestSale === undefined ? await latestSaleDay(tx, timezone, ids) : latestSale) ?? settings.last_as_of;
  const day = Math.max(parseIsoDay(settings.last_as_of), Math.min(parseIsoDay(latest), parseIsoDay(today)));
  const fit = (await storedWorkspaceModel(tx))?.model.repeat ?? null;
  const { entries } = await evaluate(tx, workspaceId, timezone, model, day, ids, fit, {
    entriesFrom: parseIsoDay(settings.last_as_of),
    exclusive: false,
  });
  await runPlaybooks(tx, workspaceId, model, entries);
}

/** The latest day (YYYY-MM-DD, in the workspace's zone) any of the customers bought on, or null. */
export async function latestSaleDay(tx: Tx, timezone: string, customerIds: string[]): Promise<string | null> {
  const { rows } = await sql<{ day: string | null }>`
    select max((occurred_at at time zone ${timezone})::date)::text as day
    from transactions where customer_id = any(${customerIds}::uuid[])`.execute(tx);
  return rows[0]?.day ?? null;
}

async function evaluate(
  tx: Tx,
  workspaceId: string,
  timezone: string,
  model: StageModel,
  day: number,
  /** The customers to evaluate; null: everyone. */
  ids: string[] | null,
  fit: RepeatModel | null,
  options: CourseWriteOptions,
  /** The customers' transactions, when read already. */
  transactions?: WorkspaceTransactions,
  /** Started once the customers are read, before their courses are replayed and written. */
  beside?: () => void,
): Promise<{ changed: number; entries: StageEntry[] }> {
  const assessed = await assessCustomers(tx, timezone, model, day, ids, fit, { transactions });
  beside?.();
  const { changed, entries, overrideEnds } = await writeCourses(tx, workspaceId, assessed, options);
  await endOverrides(tx, overrideEnds);
  return { changed, entries };
}
