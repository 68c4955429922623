import { type Kysely, sql } from 'kysely';
import type { DatabaseKind } from '../db/database.js';
import type { Tables } from '../db/tables.js';
import { inWorkspace } from '../db/tenant.js';
import { failImport, runImport, thisRunner } from './run.js';
import { findImport, uploadedFile } from './store.js';

/** How often a server looks for imports queued by another server on the same PostgreSQL database. */
const POLL_MS = 5000;

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
 * by a process that died), and on PostgreSQL once their claim lapses.
 */
export function startImportWorker(db: Kysely<Tables>, kind: DatabaseKind, log: Logger): ImportWorker {
  const abort = new AbortController();
  let takeRunning = kind === 'pglite';
  let wakeUp: (() => void) | undefined;
  const runner = thisRunner();

  async function claim() {
    const { rows } = await sql<{ workspace_id: string; id: string }>`
      select * from clm_claim_import(${runner}, now() + interval '2 minutes', ${takeRunning})`.execute(db);
    return rows[0];
  }

  async function loop() {
    while (!abort.signal.aborted) {
      let next: { workspace_id: string; id: string } | undefined;
      try {
        next = await claim();
        if (!next) takeRunning = false;
        else
          await runImport(db, next.workspace_id, next.id, {
            open: uploadedFile(db, next.workspace_id, next.id),
            signal: abort.signal,
          });
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
