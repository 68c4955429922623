import { type Kysely, sql } from 'kysely';
import type { Tables } from '../db/tables.js';
import { inWorkspace } from '../db/tenant.js';
import { notFound } from '../errors.js';

/**
 * Every workspace that has a member. The application role sees workspaces only through row-level
 * security, and the one cross-workspace read it is granted is `clm_user_workspaces`; asking it for
 * every user enumerates them without an owner connection. A workspace nobody belongs to is left out:
 * nobody can read its aggregates.
 */
export async function memberWorkspaceIds(db: Kysely<Tables>): Promise<string[]> {
  const { rows } = await sql<{ id: string }>`
    select distinct w.id from users u cross join lateral clm_user_workspaces(u.id) w order by w.id`.execute(
    db,
  );
  return rows.map((r) => r.id);
}

/**
 * Recomputes one workspace's customer aggregates from its transactions in one set-based pass. The
 * triggers keep them current on every write; this repairs them when rows were changed with the
 * triggers disabled (a restore, a manual fix). Returns how many customers have purchases.
 */
export function rebuildCustomerStats(db: Kysely<Tables>, workspaceId: string): Promise<number> {
  return inWorkspace(db, workspaceId, async (tx) => {
    const workspace = await tx
      .selectFrom('workspaces')
      .select('id')
      .where('id', '=', workspaceId)
      .executeTakeFirst();
    if (!workspace) throw notFound('workspace');
    await sql`select clm_rebuild_customer_stats(${workspaceId})`.execute(tx);
    const { n } = await tx
      .selectFrom('customer_stats')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(n);
  });
}
