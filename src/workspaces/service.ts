import { randomUUID } from 'node:crypto';
import type { Kysely, Selectable } from 'kysely';
import type { Tables, WorkspacesTable } from '../db/tables.js';
import { inWorkspace } from '../db/tenant.js';

export interface NewWorkspace {
  name: string;
  timezone?: string;
  currency?: string;
  phoneRegion?: string;
}

/** Creates a workspace with `ownerId` as its owner, in one transaction. */
export async function createWorkspace(db: Kysely<Tables>, ownerId: string, input: NewWorkspace) {
  const id = randomUUID();
  return inWorkspace(db, id, async (tx) => {
    const row = await tx
      .insertInto('workspaces')
      .values({
        id,
        name: input.name,
        timezone: input.timezone,
        currency: input.currency,
        phone_region: input.phoneRegion,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await tx
      .insertInto('memberships')
      .values({ workspace_id: id, user_id: ownerId, role: 'owner' })
      .execute();
    return row;
  });
}

export function workspaceJson(row: Selectable<WorkspacesTable>) {
  return {
    id: row.id,
    name: row.name,
    timezone: row.timezone,
    currency: row.currency,
    phoneRegion: row.phone_region,
    settings: row.settings,
    version: row.version,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}
