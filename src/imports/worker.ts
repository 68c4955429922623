import { type Kysely, sql } from 'kysely';
import type { DatabaseKind } from '../db/database.js';
import type { Tables } from '../db/tables.js';
import { inWorkspace } from '../db/tenant.js';
import { failImport, LEASE, runImport, thisRunner } from './run.js';
import { findImport, uploadedFile } from './store.js';

/** How often a server looks for imports queued by another server on the same PostgreSQL database. */
const POLL_MS = 5000;
/** How often the claim on the import in hand is renewed: a few times within its lease. */
const HEARTBEAT_MS = 2000;

export interface ImportWorker {
  /** Look for work now (an import was just queued). */
  wake(): void;
  /** Stop after the current batch; the import in hand stays `running` and is resumed later. */
  stop(): Promise<void>;
}

interface Logger {
  error(object: object, message: string): void;
}

/**
 * Runs uploaded imports in the background, one at a time, oldest first. Interrupted ones are taken up
 * again: at start on the embedded database (the data folder is locked, so whatever is `running` was left
 * by a process that died), and on PostgreSQL once their claim lapses: renewed every HEARTBEAT_MS while
 * the import runs, it lapses within LEASE of its server's death.
 */
export function startImportWorker(db: Kysely<Tables>, kind: DatabaseKind, log: Logger): ImportWorker {
  const abort = new AbortController();
  let takeRunning = kind === 'pglite';
  let wakeUp: (() => void) | undefined;
  const runner = thisRunner();

  async function claim() {
    const { rows } = await sql<{ workspace_id: string; id: string }>`
      select * from clm_claim_import(${runner}, now() + ${LEASE}::interval, ${takeRunning})`.execute(db);
    return rows[0];
  }

  async function loop() {
    while (!abort.signal.aborted) {
      let next: { workspace_id: string; id: string } | undefined;
      try {
        next = await claim();
        if (!next) takeRunning = false;
        else {
          const claimed = next;
          // The embedded database's claims matter only at start (see above).
          const stopRenewing =
            kind === 'postgres' ? renewClaim(db, claimed.workspace_id, claimed.id, runner, log) : () => {};
          try {
            await runImport(db, claimed.workspace_id, claimed.id, {
              open: uploadedFile(db, claimed.workspace_id, claimed.id),
              signal: abort.signal,
            });
          } finally {
            stopRenewing();
          }
        }
      } catch (error) {
        if (abort.signal.aborted) break;
        log.error({ err: error, importId: next?.id }, 'import failed');
        if (next) await stopOnError(db, next.workspace_id, next.id, error).catch(() => undefined);
      }
      if (!next && !abort.signal.aborted)
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, POLL_MS);
          wakeUp = () => {
            clearTimeout(timer);
            resolve();
          };
        });
    }
  }

  const running = loop();
  return {
    wake: () => wakeUp?.(),
    async stop() {
      abort.abort();
      wakeUp?.();
      await running;
    },
  };
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
