import { auditorOf } from '../audit/record.js';
import type { Actor } from '../customers/service.js';
import type { Role } from '../db/tables.js';
import type { Tx } from '../db/tenant.js';
import { AppError, badRequest, conflict } from '../errors.js';
import { createUser, findUserByEmail } from '../users/service.js';
import { assertTeamExists, findMember, lockOwners } from './repository.js';
import type { MemberInput, MemberJson, MemberPatch } from './schema.js';

const audit = auditorOf('membership');

const ADMINS: Role[] = ['owner', 'admin'];

export function assertAdmin(actor: Actor) {
  if (!ADMINS.includes(actor.role))
    throw new AppError(403, 'forbidden', 'only owners and admins manage members and teams');
}

/** Owners hold the workspace itself (billing, deletion), so only an owner makes or unmakes one. */
function assertOwnerChange(actor: Actor, before: Role | undefined, after: Role | undefined) {
  if (before === after || (before !== 'owner' && after !== 'owner') || actor.role === 'owner') return;
  throw new AppError(403, 'forbidden', 'only an owner can grant or remove the owner role', [
    { path: 'body.role', message: 'cannot be changed to or from owner by your role' },
  ]);
}

/** A workspace without an owner could never be administered again. */
async function assertAnotherOwner(tx: Tx, userId: string) {
  const owners = await lockOwners(tx);
  if (!owners.some((id) => id !== userId)) throw conflict('the last owner cannot be demoted or removed');
}

async function userIdFor(tx: Tx, input: MemberInput): Promise<string> {
  const existing = await findUserByEmail(tx, input.email);
  if (existing && input.password !== undefined)
    throw conflict('this e-mail already has an account: add it without a password', { userId: existing.id });
  if (existing) return existing.id;
  if (input.password === undefined)
    throw badRequest('no account has this e-mail', [
      { path: 'body.password', message: 'is required to create an account for a new e-mail' },
    ]);
  const user = await createUser(tx, { email: input.email, password: input.password, name: input.name });
  return user.id;
}

export async function addMember(tx: Tx, actor: Actor, input: MemberInput): Promise<MemberJson> {
  assertAdmin(actor);
  assertOwnerChange(actor, undefined, input.role);
  const userId = await userIdFor(tx, input);
  const inserted = await tx
    .insertInto('memberships')
    .values({ workspace_id: actor.workspaceId, user_id: userId, role: input.role, team_id: null })
    .onConflict((oc) => oc.columns(['workspace_id', 'user_id']).doNothing())
    .returning('user_id')
    .executeTakeFirst();
  if (!inserted) throw conflict('this user is already a member', { userId });
  const member = await findMember(tx, userId);
  await audit(tx, actor, 'create', userId, { after: member });
  return member;
}

export async function updateMember(tx: Tx, actor: Actor, userId: string, patch: MemberPatch) {
  assertAdmin(actor);
  const before = await findMember(tx, userId);
  const roleChanges = patch.role !== undefined && patch.role !== before.role;
  if (roleChanges) {
    assertOwnerChange(actor, before.role, patch.role);
    if (before.role === 'owner') await assertAnotherOwner(tx, userId);
  }
  await assertTeamExists(tx, patch.teamId);
  if (patch.role === undefined && patch.teamId === undefined) return before;
  await tx
    .updateTable('memberships')
    .set({ role: patch.role, team_id: patch.teamId })
    .where('user_id', '=', userId)
    .execute();
  const after = await findMember(tx, userId);
  await audit(tx, actor, roleChanges ? 'role-change' : 'update', userId, { before, after });
  return after;
}

export async function removeMember(tx: Tx, actor: Actor, userId: string) {
  assertAdmin(actor);
  const before = await findMember(tx, userId);
  if (before.role === 'owner') {
    if (actor.role !== 'owner') throw new AppError(403, 'forbidden', 'only an owner can remove an owner');
    await assertAnotherOwner(tx, userId);
  }
  await tx.deleteFrom('memberships').where('user_id', '=', userId).execute();
  await audit(tx, actor, 'delete', userId, { before });
}
