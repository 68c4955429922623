import { type Kysely, sql } from 'kysely';
import { z } from 'zod';
import { type AuditActor, recordAudit } from '../audit/record.js';
import { pruneAudit } from '../audit/retention.js';
import { customerAndMergedIds } from '../customers/erase.js';
import type { Tables } from '../db/tables.js';
import { inWorkspace, type Tx } from '../db/tenant.js';
import { erasePerson } from './erase.js';

export const privacySettingsInput = z.strictObject({
  /** Customers with no purchase, interaction or change for this many years are erased nightly; null: never. */
  eraseInactiveAfterYears: z.number().int().min(1).max(100).nullable(),
});
export const privacySettingsJson = privacySettingsInput;
export type PrivacySettings = z.infer<typeof privacySettingsInput>;

/** People erased per workspace and night at most: the rest follow on the next nights. */
const NIGHTLY_LIMIT = 500;

export async function loadPrivacySettings(tx: Tx): Promise<PrivacySettings> {
  const row = await tx.selectFrom('privacy_settings').select('erase_inactive_years').executeTakeFirst();
  return { eraseInactiveAfterYears: row?.erase_inactive_years ?? null };
}

export async function savePrivacySettings(tx: Tx, actor: AuditActor, input: PrivacySettings) {
  const before = await loadPrivacySettings(tx);
  const years = input.eraseInactiveAfterYears;
  await tx
    .insertInto('privacy_settings')
    .values({ workspace_id: actor.workspaceId, erase_inactive_years: years })
    .onConflict((oc) =>
      oc.column('workspace_id').doUpdateSet({ erase_inactive_years: years, updated_at: new Date() }),
    )
    .execute();
  await recordAudit(tx, actor, {
    action: 'settings-change',
    entity: 'privacy-settings',
    entityId: actor.workspaceId,
    before,
    after: input,
  });
  return input;
}

/**
 * Customers of the workspace not erased yet whose last sign of life (created, changed, a purchase, an
 * interaction) is more than `years` before `now`. Customers merged into another are left to their
 * survivor: they are the same person, erased with it.
 */
async function inactiveCustomers(tx: Tx, now: Date, years: number): Promise<string[]> {
  const { rows } = await sql<{ id: string }>`
    select c.id from customers c
    left join customer_stats s on s.workspace_id = c.workspace_id and s.customer_id = c.id
    where c.erased_at is null
      and not exists (select 1 from customer_aliases a where a.alias_id = c.id)
      and greatest(c.created_at, c.updated_at, s.last_purchase_at,
        (select max(i.occurred_at) from interactions i where i.workspace_id = c.workspace_id and i.customer_id = c.id))
        < ${now}::timestamptz - make_interval(years => ${years}::int)
    order by c.id
    limit ${NIGHTLY_LIMIT}`.execute(tx);
  return rows.map((r) => r.id);
}

/**
 * The retention rule: in every workspace that set one (or those of `only`), erases the customers
 * inactive for its number of years. Each workspace in its own transaction. Answers how many people were
 * erased.
 */
export async function eraseInactiveCustomers(
  db: Kysely<Tables>,
  now: Date,
  only?: string[],
): Promise<number> {
  const { rows } = await sql<{ id: string }>`select id from clm_workspace_timezones()`.execute(db);
  let erased = 0;
  for (const { id: workspaceId } of rows) {
    if (only && !only.includes(workspaceId)) continue;
    erased += await inWorkspace(db, workspaceId, async (tx) => {
      const { eraseInactiveAfterYears: years } = await loadPrivacySettings(tx);
      if (years === null) return 0;
      let count = 0;
      for (const id of await inactiveCustomers(tx, now, years)) {
        const ids = await customerAndMergedIds(tx, id);
        if (await erasePerson(tx, { workspaceId, userId: null }, ids, 'retention')) count++;
      }
      return count;
    });
  }
  return erased;
}

/** What the nightly job keeps in check: the audit trail's age and the retention rule for customers. */
export async function runRetention(db: Kysely<Tables>, now: Date, only?: string[]) {
  return {
    auditPruned: await pruneAudit(db, now, only),
    erased: await eraseInactiveCustomers(db, now, only),
  };
}
