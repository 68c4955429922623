import { sql } from 'kysely';
import { z } from 'zod';
import type { Tx } from '../db/tenant.js';
import { decodeTimeCursor, listJson, pageQuery, toPage } from '../http/list.js';
import { JOB_SCHEMA } from './install.js';
import { queues } from './queues.js';

/** pg-boss's states as the API names them: a job waiting for its retry is queued too. */
const stateNames = {
  queued: ['created', 'retry'],
  running: ['active'],
  failed: ['failed'],
  finished: ['completed'],
  cancelled: ['cancelled'],
} as const;
type JobState = keyof typeof stateNames;
const jobStates = Object.keys(stateNames) as [JobState, ...JobState[]];
const queueNames = Object.values(queues).map((q) => q.name) as [string, ...string[]];

export const jobQuery = pageQuery.extend({
  state: z.enum(jobStates).optional(),
  name: z.enum(queueNames).optional(),
});
export type JobQuery = z.infer<typeof jobQuery>;

export const jobJson = z.object({
  id: z.uuid(),
  name: z.string(),
  state: z.enum(jobStates),
  data: z.record(z.string(), z.unknown()),
  /** Runs that failed so far; a queued job with failures waits for its retry. */
  failures: z.number().int(),
  retryLimit: z.number().int(),
  createdAt: z.iso.datetime(),
  /** When it may run (later than createdAt for a retry's backoff or a deferred job). */
  startAfter: z.iso.datetime(),
  startedAt: z.iso.datetime().nullable(),
  finishedAt: z.iso.datetime().nullable(),
  /** The last failure's message (a failed job, or a queued one waiting for its retry). */
  error: z.string().nullable(),
});
export const jobListJson = listJson(jobJson);

interface JobRow {
  id: string;
  name: string;
  state: string;
  data: Record<string, unknown>;
  retry_count: number;
  retry_limit: number;
  created_on: Date;
  start_after: Date;
  started_on: Date | null;
  completed_on: Date | null;
  output: unknown;
}

const columns = sql.raw(
  'id, name, state::text as state, data, retry_count, retry_limit, created_on, start_after, started_on, completed_on, output',
);

function jobToJson(row: JobRow): z.infer<typeof jobJson> {
  const state = jobStates.find((s) => (stateNames[s] as readonly string[]).includes(row.state)) ?? 'queued';
  const output = row.output as { message?: unknown } | null;
  const failed = row.state === 'failed' || row.state === 'retry';
  return {
    id: row.id,
    name: row.name,
    state,
    data: row.data ?? {},
    failures: row.retry_count + (row.state === 'failed' ? 1 : 0),
    retryLimit: row.retry_limit,
    createdAt: row.created_on.toISOString(),
    startAfter: row.start_after.toISOString(),
    startedAt: row.started_on?.toISOString() ?? null,
    finishedAt: row.completed_on?.toISOString() ?? null,
    error: failed && output ? String(output.message ?? JSON.stringify(output)) : null,
  };
}

/**
 * A workspace's jobs, newest first: those whose data names the workspace, from pg-boss's job table and
 * its archive (finished jobs move there after a day). Jobs of the whole server (schedule ticks, the
 * import sweep) belong to no workspace and are not shown.
 */
export async function listJobs(tx: Tx, workspaceId: string, query: JobQuery) {
  const jobs = sql.table(`${JOB_SCHEMA}.job`);
  const archive = sql.table(`${JOB_SCHEMA}.archive`);
  const states = query.state ? [...stateNames[query.state]] : null;
  const where = sql`j.data->>'workspaceId' = ${workspaceId}
    and (${states}::text[] is null or j.state::text = any(${states}::text[]))
    and (${query.name ?? null}::text is null or j.name = ${query.name ?? null})`;
  const all = sql`(select ${columns} from ${jobs} union all select ${columns} from ${archive}) j`;
  const after = query.cursor ? decodeTimeCursor(query.cursor) : null;
  const { rows } = await sql<JobRow>`select * from ${all} where ${where}
    ${after ? sql`and (j.created_on, j.id) < (${after[0]}, ${after[1]}::uuid)` : sql``}
    order by j.created_on desc, j.id desc limit ${query.limit + 1}`.execute(tx);
  const total = query.count
    ? Number(
        (await sql<{ n: number }>`select count(*) as n from ${all} where ${where}`.execute(tx)).rows[0]?.n,
      )
    : undefined;
  return toPage(rows, query.limit, jobToJson, (row) => [row.created_on.toISOString(), row.id], total);
}
