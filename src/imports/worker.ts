import { type Kysely, sql } from 'kysely';
import type { DatabaseKind } from '../db/database.js';
import type { Tables } from '../db/tables.js';
import { inWorkspace } from '../db/tenant.js';
import { queues } from '../jobs/queues.js';
import type { JobContext, Jobs } from '../jobs/runner.js';
import { failImport, LEASE, runImport, thisRunner } from './run.js';
import { findImport, uploadedFile } from './store.js';

/** How often the claim on the import in hand is renewed: a few times within its lease. */
const HEARTBEAT_MS = 2000;
/** The resume sweep's schedule: an import whose runner died is taken up within about a minute. */
const RESUME_CRON = '* * * * *';
/**
 * An import on the embedded database, whose one connection also serves every request: rows staged by
 * batches of 500 and merged by ranges of 250 (RunOptions), each a transaction that holds the
 * connection for some tens of milliseconds, with requests let in between (giveWay).
 */
export const EMBEDDED_RUN = { batchRows: 500, sliceRows: 250, embedded: true } as const;

export interface ImportJob {
  workspaceId: string;
  importId: string;
}

interface Logger {
  info(object: object, message: string): void;
  error(object: object, message: string): void;
}

/** Queues the run of an uploaded import (outside the transaction that queued it: see Jobs.send). */
export function sendImportJob(jobs: Jobs, job: ImportJob) {
  return jobs.send(queues.importRun.name, job, { singletonKey: job.importId });
}

/**
 * Runs uploaded imports as jobs, one at a time per server. A job claims its import for a lease that is
 * renewed every HEARTBEAT_MS on PostgreSQL, so a second job for the same import (a retry, the sweep)
 * finds it taken while its runner lives. The sweep sends a job for every import left queued, or whose
 * runner died: on PostgreSQL one whose claim lapsed (within LEASE of that server's death), on the
 * embedded database any `running` one (the data folder is locked, so its runner was this process, in
 * an earlier life, or this very worker, which runs one import at a time).
 */
export async function runImportJobs(db: Kysely<Tables>, kind: DatabaseKind, jobs: Jobs, log: Logger) {
  await jobs.work<ImportJob>(queues.importRun.name, (job) => runImportJob(db, kind, job, log));
  await jobs.work<Record<string, never>>(queues.importResume.name, async () => {
    const { rows } = await sql<{
      workspace_id: string;
      id: string;
      status: string;
      lease_until: Date | null;
    }>`
      select * from clm_unfinished_imports()`.execute(db);
    for (const row of rows) {
      const held = kind === 'postgres' && row.status === 'running' && row.lease_until;
      // A job ready for the moment the claim lapses: it finds nothing to do if the runner renewed it.
      await jobs.send(
        queues.importRun.name,
        { workspaceId: row.workspace_id, importId: row.id },
        { singletonKey: row.id, ...(held ? { startAfter: row.lease_until ?? undefined } : {}) },
      );
    }
  });
  await jobs.schedule(queues.importResume.name, RESUME_CRON);
  if (jobs.running) await jobs.send(queues.importResume.name, {}, { singletonKey: 'start' });
}

async function runImportJob(db: Kysely<Tables>, kind: DatabaseKind, job: JobContext<ImportJob>, log: Logger) {
  const { workspaceId, importId } = job.data;
  const runner = thisRunner();
  if (!(await claimImport(db, kind, workspaceId, importId, runner))) return;
  log.info({ importId, attempt: job.retryCount + 1 }, 'import started');
  // The embedded database's claims matter only after a restart (see above).
  const stopRenewing = kind === 'postgres' ? renewClaim(db, workspaceId, importId, runner, log) : () => {};
  try {
    await runImport(db, workspaceId, importId, {
      open: uploadedFile(db, workspaceId, importId),
      signal: job.signal,
      ...(kind === 'pglite' && EMBEDDED_RUN),
    });
  } catch (error) {
    if (job.signal.aborted) throw error;
    log.error({ err: error, importId, attempt: job.retryCount + 1 }, 'import failed');
    // The last attempt ends the import with the message; earlier ones leave it to the retry.
    if (job.retryCount >= job.retryLimit) await stopOnError(db, workspaceId, importId, error);
    throw error;
  } finally {
    stopRenewing();
  }
  // Stopped between batches: the retry, here or on another server, resumes from the last batch.
  if (job.signal.aborted) throw new Error('the server stopped during the import; it resumes later');
}

/**
 * Claims an uploaded import for `runner`: a queued one, or a running one that is this runner's own (a
 * retry), whose claim lapsed, or, on the embedded database, any (see runImportJobs).
 */
async function claimImport(
  db: Kysely<Tables>,
  kind: DatabaseKind,
  workspaceId: string,
  id: string,
  runner: string,
): Promise<boolean> {
  const claimed = await inWorkspace(db, workspaceId, (tx) =>
    tx
      .updateTable('imports')
      .set({
        status: 'running',
        runner,
        lease_until: sql<Date>`now() + ${LEASE}::interval`,
        updated_at: new Date(),
      })
      .where('id', '=', id)
      .where('source', '=', 'upload')
      .where((eb) =>
        eb.or([
          eb('status', '=', 'queued'),
          eb.and([
            eb('status', '=', 'running'),
            eb.or([
              eb.val(kind === 'pglite'),
              eb('runner', '=', runner),
              eb('lease_until', 'is', null),
              eb('lease_until', '<', sql<Date>`now()`),
            ]),
          ]),
        ]),
      )
      .returning('id')
      .executeTakeFirst(),
  );
  return claimed !== undefined;
}

/**
 * Renews this runner's claim on an import every HEARTBEAT_MS until stopped. A renewal skips the row
 * while a transaction holds it (a batch, the merge) rather than wait: that transaction's own lock keeps
 * other runners away meanwhile, and a batch renews the claim itself.
 */
function renewClaim(db: Kysely<Tables>, workspaceId: string, id: string, runner: string, log: Logger) {
  let renewing: Promise<unknown> | undefined;
  const timer = setInterval(() => {
    if (renewing) return;
    renewing = inWorkspace(db, workspaceId, (tx) =>
      sql`update imports set lease_until = now() + ${LEASE}::interval
        where (workspace_id, id) in (select workspace_id, id from imports
          where workspace_id = ${workspaceId} and id = ${id} and runner = ${runner} and status = 'running'
          for update skip locked)`.execute(tx),
    )
      .catch((error: unknown) => log.error({ err: error, importId: id }, 'renewing an import claim failed'))
      .finally(() => {
        renewing = undefined;
      });
  }, HEARTBEAT_MS);
  return () => clearInterval(timer);
}

/** An error that is not about the file (a bug, a lost database): the import stops with the message. */
async function stopOnError(db: Kysely<Tables>, workspaceId: string, id: string, error: unknown) {
  const { kind } = await inWorkspace(db, workspaceId, (tx) => findImport(tx, id));
  const message = error instanceof Error ? error.message : String(error);
  await failImport(
    db,
    { workspace_id: workspaceId, id, kind },
    `the import stopped on an internal error: ${message}`,
  );
}
