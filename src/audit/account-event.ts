import type { FastifyRequest } from 'fastify';
import { sql } from 'kysely';

/** What can happen to an account, as the audit trail names it. */
export type AccountAction =
  | 'login'
  | 'login-failed'
  | 'token-create'
  | 'token-revoke'
  | 'password-change'
  | 'password-reset'
  | 'mfa-enable'
  | 'mfa-disable';

/**
 * Records an event of an account in the audit trail of every workspace the account belongs to, with
 * the source address of the request: a sign-in is global, but it is each workspace's admins who need
 * to see who entered their data and from where. An account in no workspace (or an unknown e-mail)
 * leaves no entry, as there is no one whose trail it belongs to.
 */
export async function recordAccountEvent(
  request: FastifyRequest,
  userId: string,
  action: AccountAction,
  details: Record<string, unknown> = {},
): Promise<void> {
  const after = JSON.stringify({ ...details, ip: request.ip });
  await sql`select clm_audit_account_event(${userId}, ${action}, ${after}::jsonb)`.execute(request.server.db);
}
