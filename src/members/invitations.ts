import { randomBytes } from 'node:crypto';
import { type Kysely, type Selectable, sql } from 'kysely';
import { auditorOf } from '../audit/record.js';
import { assertStrongPassword } from '../auth/password-strength.js';
import { tokenDigest } from '../auth/tokens.js';
import type { Actor } from '../customers/service.js';
import { violatedConstraint } from '../db/constraint-violation.js';
import type { InvitationsTable, Tables } from '../db/tables.js';
import { inWorkspace, type Tx } from '../db/tenant.js';
import { AppError, conflict, notFound } from '../errors.js';
import { createUser, findUserByEmail } from '../users/service.js';
import type { InvitationInput, InvitationJson } from './schema.js';
import { assertAdmin, assertOwnerChange, joinWorkspace } from './service.js';

const audit = auditorOf('invitation');

// Long enough for someone away for a few days; short enough that a forgotten link does not stay a key.
const INVITATION_DAYS = 7;

type InvitationRow = Selectable<InvitationsTable>;

export function invitationToJson(row: InvitationRow, now = Date.now()): InvitationJson {
  return {
    id: row.id,
    email: row.email,
    role: row.role,
    status: row.expires_at.getTime() > now ? 'pending' : 'expired',
    invitedBy: row.invited_by,
    createdAt: row.created_at.toISOString(),
    expiresAt: row.expires_at.toISOString(),
  };
}

/** A fresh link secret (shown once, in the e-mail) and what is stored of it. */
function newSecret() {
  const token = randomBytes(32).toString('base64url');
  return { token, hash: tokenDigest(token), expiresAt: new Date(Date.now() + INVITATION_DAYS * 86_400_000) };
}

const open = (tx: Tx) =>
  tx.selectFrom('invitations').selectAll().where('accepted_at', 'is', null).where('revoked_at', 'is', null);

/** Invitations not yet accepted or withdrawn, newest first; an invitee's account is not revealed. */
export async function listInvitations(tx: Tx, actor: Actor): Promise<InvitationJson[]> {
  assertAdmin(actor);
  const rows = await open(tx).orderBy('created_at', 'desc').orderBy('id').limit(500).execute();
  return rows.map((row) => invitationToJson(row));
}

/**
 * Invites an e-mail address with a role. The answer is the same whether the address has an account:
 * it says nothing about people outside the workspace.
 */
export async function createInvitation(tx: Tx, actor: Actor, input: InvitationInput) {
  assertAdmin(actor);
  assertOwnerChange(actor, undefined, input.role);
  const email = input.email.trim().toLowerCase();
  const member = await tx
    .selectFrom('memberships as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .select('m.user_id')
    .where((eb) => eb(eb.fn('lower', ['u.email']), '=', email))
    .executeTakeFirst();
  if (member) throw conflict('this e-mail is already a member of the workspace', { userId: member.user_id });
  const pending = await open(tx)
    .where((eb) => eb(eb.fn('lower', ['email']), '=', email))
    .executeTakeFirst();
  if (pending) throw alreadyInvited(pending.id);
  const secret = newSecret();
  const row = await tx
    .insertInto('invitations')
    .values({
      workspace_id: actor.workspaceId,
      email,
      role: input.role,
      token_hash: secret.hash,
      invited_by: actor.userId,
      expires_at: secret.expiresAt,
    })
    .returningAll()
    .executeTakeFirstOrThrow()
    .catch((error: unknown) => {
      throw violatedConstraint(error) ? alreadyInvited() : error;
    });
  const invitation = invitationToJson(row);
  await audit(tx, actor, 'create', row.id, { after: invitation });
  return { invitation, token: secret.token };
}

const alreadyInvited = (invitationId?: string) =>
  conflict('this e-mail has an open invitation: send it again instead', invitationId ? { invitationId } : {});

/** A new link and a new expiry for an open invitation; the old link stops working. */
export async function renewInvitation(tx: Tx, actor: Actor, id: string) {
  assertAdmin(actor);
  const before = await open(tx).where('id', '=', id).forUpdate().executeTakeFirst();
  if (!before) throw notFound('invitation');
  assertOwnerChange(actor, undefined, before.role);
  const secret = newSecret();
  const row = await tx
    .updateTable('invitations')
    .set({ token_hash: secret.hash, expires_at: secret.expiresAt })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
  const invitation = invitationToJson(row);
  await audit(tx, actor, 'resend', id, { before: invitationToJson(before), after: invitation });
  return { invitation, token: secret.token };
}

export async function revokeInvitation(tx: Tx, actor: Actor, id: string) {
  assertAdmin(actor);
  const row = await tx
    .updateTable('invitations')
    .set({ revoked_at: new Date() })
    .where('id', '=', id)
    .where('accepted_at', 'is', null)
    .where('revoked_at', 'is', null)
    .returningAll()
    .executeTakeFirst();
  if (!row) throw notFound('invitation');
  await audit(tx, actor, 'revoke', id, { before: invitationToJson(row) });
}

// The holder of a link -------------------------------------------------------------------------

const invalidLink = () => new AppError(404, 'not-found', 'this invitation link is not valid');
const spentLink = () =>
  new AppError(410, 'invitation-closed', 'this invitation was already accepted or was withdrawn');
const expiredLink = () =>
  new AppError(410, 'invitation-expired', 'this invitation has expired: ask for a new one');

/**
 * Runs `fn` in the workspace of the invitation a link's secret names, with the invitation row locked and
 * checked open: one link, one acceptance, even when it is followed twice at once.
 */
async function withOpenInvitation<T>(
  db: Kysely<Tables>,
  token: string,
  fn: (tx: Tx, row: InvitationRow) => Promise<T>,
): Promise<T> {
  const hash = tokenDigest(token);
  const { rows } = await sql<{ id: string | null }>`select clm_invitation_workspace(${hash}) as id`.execute(
    db,
  );
  const workspaceId = rows[0]?.id;
  if (!workspaceId) throw invalidLink();
  return inWorkspace(db, workspaceId, async (tx) => {
    const row = await tx
      .selectFrom('invitations')
      .selectAll()
      .where('token_hash', '=', hash)
      .forUpdate()
      .executeTakeFirst();
    if (!row) throw invalidLink();
    if (row.accepted_at || row.revoked_at) throw spentLink();
    if (row.expires_at.getTime() <= Date.now()) throw expiredLink();
    return fn(tx, row);
  });
}

/** What the link's page shows: which workspace, for which address, and whether to sign in or sign up. */
export function describeInvitation(db: Kysely<Tables>, token: string) {
  return withOpenInvitation(db, token, async (tx, row) => {
    const workspace = await tx.selectFrom('workspaces').select('name').executeTakeFirstOrThrow();
    return {
      workspaceName: workspace.name,
      email: row.email,
      role: row.role,
      expiresAt: row.expires_at.toISOString(),
      hasAccount: (await findUserByEmail(tx, row.email)) !== undefined,
    };
  });
}

async function accept(tx: Tx, row: InvitationRow, userId: string) {
  const actor = { workspaceId: row.workspace_id, userId, role: row.role, phoneRegion: '' };
  await joinWorkspace(tx, actor, row.role);
  await tx
    .updateTable('invitations')
    .set({ accepted_at: new Date(), accepted_by: userId })
    .where('id', '=', row.id)
    .execute();
  await audit(tx, actor, 'accept', row.id, { after: { userId, role: row.role } });
  return { workspaceId: row.workspace_id, userId };
}

/** An existing account accepts: only the account of the invited address may. */
export function acceptInvitation(db: Kysely<Tables>, token: string, userId: string) {
  return withOpenInvitation(db, token, async (tx, row) => {
    const user = await findUserByEmail(tx, row.email);
    if (user?.id !== userId)
      throw new AppError(403, 'forbidden', `this invitation is for ${row.email}: sign in with that account`);
    return accept(tx, row, userId);
  });
}

/** A new person accepts by choosing their name and password; the account is created for them. */
export function signUpByInvitation(
  db: Kysely<Tables>,
  token: string,
  input: { name: string; password: string },
) {
  return withOpenInvitation(db, token, async (tx, row) => {
    if (await findUserByEmail(tx, row.email))
      throw conflict('this e-mail already has an account: sign in to accept the invitation');
    assertStrongPassword(input.password, 'body.password', [row.email, input.name]);
    const user = await createUser(tx, { email: row.email, password: input.password, name: input.name }).catch(
      (error: unknown) => {
        // Another sign-up for the same address committed first.
        throw violatedConstraint(error) ? conflict('this e-mail already has an account') : error;
      },
    );
    return accept(tx, row, user.id);
  });
}
