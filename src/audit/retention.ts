import { type Kysely, sql } from 'kysely';
import { z } from 'zod';
import type { Tables } from '../db/tables.js';
import { inWorkspace, type Tx } from '../db/tenant.js';
import type { AuditActor } from './record.js';
import { recordAudit } from './record.js';

/** Three years: long enough to answer for a contract's whole term, short enough not to hoard. */
export const DEFAULT_RETENTION_DAYS = 1095;

export const auditSettingsInput = z.strictObject({
  /** Entries older than this many days are deleted nightly; at least 30 so that last month stays readable. */
  retentionDays: z.number().int().min(30).max(36_500),
});
export const auditSettingsJson = auditSettingsInput;
export type AuditSettings = z.infer<typeof auditSettingsInput>;

export async function loadAuditSettings(tx: Tx): Promise<AuditSettings> {
  const row = await tx.selectFrom('audit_settings').select('retention_days').executeTakeFirst();
  return { retentionDays: row?.retention_days ?? DEFAULT_RETENTION_DAYS };
}

export async function saveAuditSettings(tx: Tx, actor: AuditActor, input: AuditSettings) {
  const before = await loadAuditSettings(tx);
  await tx
    .insertInto('audit_settings')
    .values({ workspace_id: actor.workspaceId, retention_days: input.retentionDays })
    .onConflict((oc) =>
      oc.column('workspace_id').doUpdateSet({ retention_days: input.retentionDays, updated_at: new Date() }),
    )
    .execute();
  await recordAudit(tx, actor, {
    action: 'settings-change',
    entity: 'audit-settings',
    entityId: actor.workspaceId,
    before,
    after: input,
  });
  return input;
}

/**
 * Deletes, in every workspace (or those of `only`), the audit entries older than its retention. Each
 * workspace in its own transaction, so one busy workspace holds no lock on the others. Answers the
 * number of entries deleted.
 */
export async function pruneAudit(db: Kysely<Tables>, now: Date, only?: string[]): Promise<number> {
  const { rows } = await sql<{ id: string }>`select id from clm_workspace_timezones()`.execute(db);
  let deleted = 0;
  for (const { id } of rows) {
    if (only && !only.includes(id)) continue;
    deleted += await inWorkspace(db, id, async (tx) => {
      const { retentionDays } = await loadAuditSettings(tx);
      const result = await tx
        .deleteFrom('audit_log')
        .where('at', '<', new Date(now.getTime() - retentionDays * 86_400_000))
        .executeTakeFirst();
      return Number(result.numDeletedRows);
    });
  }
  return deleted;
}
