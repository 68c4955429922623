import type { FastifyRequest } from 'fastify';
import { sql } from 'kysely';

/**
 * A workspace's sign-in rules. Read and written inside the request's workspace, so row-level security
 * keeps one workspace's admins to their own rules.
 */
export async function mfaRequired(request: FastifyRequest): Promise<boolean> {
  const [row] = await request.read(
    request.server.db
      .selectFrom('workspace_auth_policies')
      .select('require_mfa')
      .where('workspace_id', '=', request.workspace.id),
  );
  return row?.require_mfa ?? false;
}

export async function setMfaRequired(request: FastifyRequest, required: boolean): Promise<void> {
  await request.tx((tx) =>
    tx
      .insertInto('workspace_auth_policies')
      .values({ workspace_id: request.workspace.id, require_mfa: required })
      .onConflict((oc) =>
        oc.column('workspace_id').doUpdateSet({ require_mfa: required, updated_at: sql`now()` }),
      )
      .execute(),
  );
}
