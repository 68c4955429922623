import PgBoss from 'pg-boss';
import type { Database } from '../db/database.js';
import { JOB_SCHEMA } from './install.js';
import type { QueueName } from './queues.js';

export interface JobContext<T> {
  id: string;
  data: T;
  /** How many times this job failed before (0 on its first run). */
  retryCount: number;
  retryLimit: number;
  /** Aborted when the runner stops: a handler stops early and throws, and the job is retried later. */
  signal: AbortSignal;
}

export type JobHandler<T> = (job: JobContext<T>) => Promise<void>;

export interface Jobs {
  /** Whether this process runs jobs; every process can send them. */
  readonly running: boolean;
  /**
   * How long a job's work may go silent (no progress written) before a domain's sweep takes it for
   * abandoned by a dead server and sends it again; see JobOptions.
   */
  readonly abandonedAfterSeconds: number;
  /**
   * Queues a job; with a `singletonKey` on a stately queue, a second one while the first waits is
   * dropped (answers null). On the embedded database, call it outside any transaction.
   */
  send(queue: QueueName, data: object, options?: PgBoss.SendOptions): Promise<string | null>;
  /**
   * Runs the queue's jobs one at a time in this process (nothing when the runner is off). `batchSize`
   * takes up to that many waiting jobs at each poll, still run one after the other, each failing or
   * completing on its own: for queues of many short jobs, which one job a poll would slow to a trickle.
   */
  work<T extends object>(
    queue: QueueName,
    handler: JobHandler<T>,
    options?: { batchSize?: number },
  ): Promise<void>;
  /** Sends a job on a cron schedule, once per slot whatever the number of servers (nothing when off). */
  schedule(queue: QueueName, cron: string, data?: object): Promise<void>;
  /** Removes the queue's schedule (a scheduled feature turned off in the configuration). */
  unschedule(queue: QueueName): Promise<void>;
  /** Aborts the jobs under way, waits for their handlers, and hands unfinished ones back for a retry. */
  stop(): Promise<void>;
}

export interface JobOptions {
  /** Run jobs in this process (servers); without it the process only sends them. */
  run: boolean;
  /** How often each queue is polled, in seconds (pg-boss's minimum is 0.5). */
  pollingIntervalSeconds?: number;
  /**
   * The first retry of every job after this many seconds (doubling from there with backoff), in place
   * of each queue's own delay; unset: the queue's. For tests that go through retries.
   */
  retryDelaySeconds?: number;
  /** See Jobs.abandonedAfterSeconds; default 60, well above any one step's silence in production. */
  abandonedAfterSeconds?: number;
  onError?: (error: unknown) => void;
}

/**
 * The product's one job runner: pg-boss over the database's job connection, on PostgreSQL and on the
 * embedded PGlite alike. Its schema was installed by the owner when the database opened (install.ts).
 */
export async function startJobs(database: Database, options: JobOptions): Promise<Jobs> {
  const boss = new PgBoss({
    db: { executeSql: database.jobSql },
    schema: JOB_SCHEMA,
    migrate: false,
    supervise: options.run,
    schedule: options.run,
    // Retention: a day of finished jobs in the job table, then a week in pg-boss's archive.
    archiveCompletedAfterSeconds: 24 * 3600,
    deleteAfterDays: 7,
  });
  boss.on('error', (error) => options.onError?.(error));
  await boss.start();
  if (options.run && database.kind === 'pglite') await failLeftActive(database, boss);
  const abort = new AbortController();
  const polling = Math.max(0.5, options.pollingIntervalSeconds ?? 2);

  const retryDelay = options.retryDelaySeconds;

  return {
    running: options.run,
    abandonedAfterSeconds: options.abandonedAfterSeconds ?? 60,
    send: (queue, data, sendOptions) =>
      boss.send(queue, data, retryDelay === undefined ? (sendOptions ?? {}) : { retryDelay, ...sendOptions }),
    async work<T extends object>(
      queue: QueueName,
      handler: JobHandler<T>,
      workOptions: { batchSize?: number } = {},
    ) {
      if (!options.run) return;
      const batchSize = workOptions.batchSize ?? 1;
      await boss.work<T>(
        queue,
        { includeMetadata: true, batchSize, pollingIntervalSeconds: polling },
        async (batch) => {
          for (const job of batch) {
            const context = {
              id: job.id,
              data: job.data,
              retryCount: job.retryCount,
              retryLimit: job.retryLimit,
              signal: abort.signal,
            };
            // A single job's failure is the batch's, as pg-boss has it.
            if (batch.length === 1) return handler(context);
            // In a batch each job fails alone (and is retried by its own policy); pg-boss then completes
            // only the jobs still active. Jobs not begun when the runner stops are handed back.
            try {
              if (abort.signal.aborted) throw new Error('the server stopped before this job began');
              await handler(context);
            } catch (error) {
              await boss.fail(queue, job.id, { message: (error as Error).message });
            }
          }
        },
      );
    },
    async schedule(queue, cron, data) {
      if (options.run) await boss.schedule(queue, cron, data, { tz: 'UTC' });
    },
    unschedule: (queue) => boss.unschedule(queue),
    async stop() {
      abort.abort();
      // Waits for handlers to return (they stop at the next batch), then fails what is left under way,
      // so that it is retried rather than waiting for its expiry.
      await boss.stop({ graceful: true, timeout: 30_000, wait: true, close: false });
    },
  };
}

/**
 * On the embedded database the data folder is locked to this process, so a job still active at start
 * was left by a process that died (kill -9, a crash): it fails now, and is retried if it has retries
 * left, rather than hang as active until its expiry. (On PostgreSQL another server may be running it:
 * there the expiry, or the domain's own lease, decides.)
 */
async function failLeftActive(database: Database, boss: PgBoss) {
  const { rows } = await database.jobSql(`select name, id from ${JOB_SCHEMA}.job where state = 'active'`);
  for (const { name, id } of rows as { name: string; id: string }[])
    await boss.fail(name, id, { message: 'the server stopped while running this job' });
}
