import { type Kysely, sql } from 'kysely';
import { withoutStatementTimeout } from '../db/statement-timeout.js';
import type { Tables } from '../db/tables.js';
import { inWorkspace } from '../db/tenant.js';
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

/**
 * Refreshes, at as-of = their local day, every workspace whose local time is at or past `hour` and
 * that has no run for that day. Each workspace in one transaction: the run row is claimed first (a
 * second server blocks on the key until the first commits, then finds the day done), then the refresh
 * runs; if it fails, the row goes with it and the next tick tries again.
 */
export async function runDueRefreshes(
  db: Kysely<Tables>,
  hour: number,
  now: Date,
  /** Only these workspaces (all by default). */
  only?: string[],
): Promise<NightlyRun[]> {
  const { rows: all } = await sql<{ id: string; timezone: string }>`
    select id, timezone from clm_workspace_timezones()`.execute(db);
  const workspaces = only ? all.filter((w) => only.includes(w.id)) : all;
  const runs: NightlyRun[] = [];
  for (const workspace of workspaces) {
    const local = localTime(workspace.timezone, now);
    if (local.hour < hour) continue;
    const run = await inWorkspace(db, workspace.id, async (tx) => {
      const claimed = await tx
        .insertInto('lifecycle_refresh_runs')
        .values({ workspace_id: workspace.id, day: local.day })
        .onConflict((oc) => oc.columns(['workspace_id', 'day']).doNothing())
        .returning('day')
        .executeTakeFirst();
      if (!claimed) return null;
      await withoutStatementTimeout(tx);
      // Once a day everyone's value is recomputed: refresh the fit and the cut-offs that the
      // refreshes of the day score changed customers against.
      const result = await refreshLifecycle(tx, workspace.id, local.day, { recomputeValues: true });
      await tx
        .updateTable('lifecycle_refresh_runs')
        .set({ finished_at: new Date(), result: JSON.stringify(result) })
        .where('day', '=', local.day)
        .execute();
      return { workspaceId: workspace.id, day: local.day, ...result };
    });
    if (run) runs.push(run);
  }
  // Once a day per workspace, with its refresh: the audit trail's retention and the customers' one.
  if (runs.length)
    await runRetention(
      db,
      now,
      runs.map((r) => r.workspaceId),
    );
  return runs;
}

export interface NightlyOptions {
  /** Local hour (0–23) from which each workspace's day is refreshed. */
  hour: number;
  /** How often to look for due workspaces. */
  intervalMs?: number;
  now?: () => Date;
  onRun?: (run: NightlyRun) => void;
  onError?: (error: unknown) => void;
  only?: string[];
}

/**
 * Looks for due workspaces every minute (and at once). In the server rather than a job queue: pg-boss
 * and graphile-worker need a PostgreSQL wire connection, which the embedded PGlite does not offer; the
 * run table gives the one guarantee needed, once per workspace and day, on both databases.
 */
export function startNightlyRefresh(db: Kysely<Tables>, options: NightlyOptions) {
  const now = options.now ?? (() => new Date());
  let running: Promise<void> | null = null;
  const tick = () => {
    running ??= runDueRefreshes(db, options.hour, now(), options.only)
      .then((runs) => {
        for (const run of runs) options.onRun?.(run);
      })
      .catch((error: unknown) => options.onError?.(error))
      .finally(() => {
        running = null;
      });
    return running;
  };
  const timer = setInterval(tick, options.intervalMs ?? 60_000);
  timer.unref();
  void tick();
  return {
    tick,
    /** Stops looking and waits for a refresh under way, so that the database can close after it. */
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
