import { type Kysely, sql } from 'kysely';
import type { Tables } from '../db/tables.js';
import { queues } from '../jobs/queues.js';
import type { Jobs } from '../jobs/runner.js';
import { type ReturnRun, runPoolReturns } from './returns.js';

/** Every workspace's returns and warnings due at `now`, one workspace after the other. */
export async function runAllPoolReturns(db: Kysely<Tables>, now: Date, only?: string[]) {
  const { rows } = await sql<{ id: string }>`select id from clm_workspace_timezones()`.execute(db);
  const total: ReturnRun = { returned: 0, warned: 0, escalated: 0 };
  for (const { id } of rows) {
    if (only && !only.includes(id)) continue;
    const run = await runPoolReturns(db, id, now);
    total.returned += run.returned;
    total.warned += run.warned;
    total.escalated += run.escalated;
  }
  return total;
}

export interface PoolReturnOptions {
  /** A cron expression (UTC); null: no schedule of their own, returns run after the nightly refresh only. */
  cron: string | null;
  now: () => Date;
  onRun?: (run: ReturnRun) => void;
  /** Only these workspaces (all by default). */
  only?: string[];
}

/**
 * Pool returns on the job runner, more often than the nightly refresh: pg-boss's cron sends one job per
 * slot however many servers run, and each return is conditional on the owner the rules judged, so a
 * job run twice (a retry, a restart) returns nothing twice.
 */
export async function schedulePoolReturns(db: Kysely<Tables>, jobs: Jobs, options: PoolReturnOptions) {
  if (options.cron === null) return jobs.unschedule(queues.poolReturns.name);
  await jobs.work(queues.poolReturns.name, async () => {
    const run = await runAllPoolReturns(db, options.now(), options.only);
    if (run.returned || run.warned || run.escalated) options.onRun?.(run);
  });
  await jobs.schedule(queues.poolReturns.name, options.cron);
}
