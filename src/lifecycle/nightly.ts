import { type Kysely, sql } from 'kysely';
import { withoutStatementTimeout } from '../db/statement-timeout.js';
import type { Tables } from '../db/tables.js';
import { inWorkspace } from '../db/tenant.js';
import { queues } from '../jobs/queues.js';
import type { Jobs } from '../jobs/runner.js';
import { runPoolReturns } from '../ownership/returns.js';
import { runRetention } from '../privacy/retention.js';
import { refreshLifecycle } from './refresh.js';

/** The local day and hour of an instant in a time zone. */
export function localTime(timezone: string, now: Date): { day: string; hour: number } {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: timezone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(now);
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return { day: `${part('year')}-${part('month')}-${part('day')}`, hour: Number(part('hour')) };
}

export interface NightlyRun {
  workspaceId: string;
  day: string;
  evaluated: number;
  changed: number;
}

/** A workspace whose refresh hour has come in its time zone and whose local day has no run yet. */
export interface DueRefresh {
  workspaceId: string;
  day: string;
}

/** The workspaces due for their nightly refresh at `now`: local time at or past `hour`, day not run. */
export async function dueRefreshes(
  db: Kysely<Tables>,
  hour: number,
  now: Date,
  /** Only these workspaces (all by default). */
  only?: string[],
): Promise<DueRefresh[]> {
  const { rows: all } = await sql<{ id: string; timezone: string }>`
    select id, timezone from clm_workspace_timezones()`.execute(db);
  const due: DueRefresh[] = [];
  for (const workspace of all) {
    if (only && !only.includes(workspace.id)) continue;
    const local = localTime(workspace.timezone, now);
    if (local.hour < hour) continue;
    const done = await inWorkspace(db, workspace.id, (tx) =>
      tx.selectFrom('lifecycle_refresh_runs').select('day').where('day', '=', local.day).executeTakeFirst(),
    );
    if (!done) due.push({ workspaceId: workspace.id, day: local.day });
  }
  return due;
}

/**
 * Refreshes one workspace at as-of = its local `day`, once: in one transaction the run row is claimed
 * first (a second runner blocks on the key until the first commits, then finds the day done), then the
 * refresh runs; if it fails, the row goes with it and a retry tries again. Answers null when the day
 * was already done.
 */
export async function refreshWorkspaceDay(
  db: Kysely<Tables>,
  { workspaceId, day }: DueRefresh,
  now: Date,
): Promise<NightlyRun | null> {
  const run = await inWorkspace(db, workspaceId, async (tx) => {
    const claimed = await tx
      .insertInto('lifecycle_refresh_runs')
      .values({ workspace_id: workspaceId, day })
      .onConflict((oc) => oc.columns(['workspace_id', 'day']).doNothing())
      .returning('day')
      .executeTakeFirst();
    if (!claimed) return null;
    await withoutStatementTimeout(tx);
    // Once a day everyone's value is recomputed: refresh the fit and the cut-offs that the
    // refreshes of the day score changed customers against.
    const result = await refreshLifecycle(tx, workspaceId, day, { recomputeValues: true });
    await tx
      .updateTable('lifecycle_refresh_runs')
      .set({ finished_at: new Date(), result: JSON.stringify(result) })
      .where('day', '=', day)
      .execute();
    return { workspaceId, day, ...result };
  });
  // Once a day per workspace, with its refresh: the audit trail's retention and the customers' one,
  // and customers nobody followed up going back to their pools.
  if (run) {
    await runRetention(db, now, [workspaceId]);
    await runPoolReturns(db, workspaceId, now);
  }
  return run;
}

/** One tick in place, for the command line and tests: every due workspace refreshed in turn. */
export async function runDueRefreshes(
  db: Kysely<Tables>,
  hour: number,
  now: Date,
  only?: string[],
): Promise<NightlyRun[]> {
  const runs: NightlyRun[] = [];
  for (const due of await dueRefreshes(db, hour, now, only)) {
    const run = await refreshWorkspaceDay(db, due, now);
    if (run) runs.push(run);
  }
  return runs;
}

export interface NightlyOptions {
  /** Local hour (0–23) from which each workspace's day is refreshed; null: no nightly refresh. */
  hour: number | null;
  now: () => Date;
  onRun?: (run: NightlyRun) => void;
  /** Only these workspaces (all by default). */
  only?: string[];
}

// Every five minutes: time zones at a half or quarter hour are refreshed within minutes of their hour.
const TICK_CRON = '*/5 * * * *';

/**
 * The nightly refresh on the job runner: a scheduled tick (one per slot, however many servers) sends
 * one refresh job per due workspace and day; the run row makes each day happen once, and a failed
 * refresh is retried with backoff. A tick is also sent at start, so a server that was down at the
 * hour catches up at once.
 */
export async function scheduleNightlyRefresh(db: Kysely<Tables>, jobs: Jobs, options: NightlyOptions) {
  const { hour } = options;
  if (hour === null) return jobs.unschedule(queues.nightlyTick.name);
  await jobs.work<Record<string, never>>(queues.nightlyTick.name, async () => {
    for (const due of await dueRefreshes(db, hour, options.now(), options.only))
      await jobs.send(queues.nightlyRefresh.name, due, { singletonKey: `${due.workspaceId}:${due.day}` });
  });
  await jobs.work<DueRefresh>(queues.nightlyRefresh.name, async (job) => {
    const run = await refreshWorkspaceDay(db, job.data, options.now());
    if (run) options.onRun?.(run);
  });
  await jobs.schedule(queues.nightlyTick.name, TICK_CRON);
  if (jobs.running) await jobs.send(queues.nightlyTick.name, {}, { singletonKey: 'start' });
}
