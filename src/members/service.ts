import { auditorOf } from '../audit/record.js';
import type { Actor } from '../customers/service.js';
import type { Role } from '../db/tables.js';
import type { Tx } from '../db/tenant.js';
import { AppError, conflict } from '../errors.js';
import { assertReferences } from '../workspaces/references.js';
import { findMember, lockOwners } from './repository.js';
import type { MemberJson, MemberPatch } from './schema.js';

const audit = auditorOf('membership');

const ADMINS: Role[] = ['owner', 'admin'];

export function assertAdmin(actor: Actor) {
  if (!ADMINS.includes(actor.role))
    throw new AppError(403, 'forbidden', 'only owners and admins manage members and teams');
}

/** Owners hold the workspace itself (billing, deletion), so only an owner makes or unmakes one. */
export function assertOwnerChange(actor: Actor, before: Role | undefined, after: Role | undefined) {
  if (before === after || (before !== 'owner' && after !== 'owner') || actor.role === 'owner') return;
  throw new AppError(403, 'forbidden', 'only an owner can grant or remove the owner role', [
    { path: 'body.role', message: 'cannot be changed to or from owner by your role' },
  ]);
}

/** A workspace without an active owner could never be administered again. */
async function assertAnotherOwner(tx: Tx, userId: string) {
  const owners = await lockOwners(tx);
  if (!owners.some((id) => id !== userId))
    throw conflict('the last active owner cannot be demoted, deactivated or removed');
}

/**
 * Makes a user a member with `role`. Only an accepted invitation calls this: nobody is put into a
 * workspace without saying yes. The actor is the person joining.
 */
export async function joinWorkspace(tx: Tx, actor: Actor, role: Role): Promise<MemberJson> {
  const inserted = await tx
    .insertInto('memberships')
    .values({ workspace_id: actor.workspaceId, user_id: actor.userId, role, team_id: null })
    .onConflict((oc) => oc.columns(['workspace_id', 'user_id']).doNothing())
    .returning('user_id')
    .executeTakeFirst();
  if (!inserted) throw conflict('you are already a member of this workspace');
  const member = await findMember(tx, actor.userId);
  await audit(tx, actor, 'create', actor.userId, { after: member });
  return member;
}

/**
 * Deactivating takes away access without deleting: the member's records still name them. Only an owner
 * deactivates or reactivates an owner, and an active owner must remain.
 */
async function assertActiveChange(tx: Tx, actor: Actor, member: MemberJson, active: boolean) {
  if (!active && member.userId === actor.userId) throw conflict('you cannot deactivate yourself');
  if (member.role !== 'owner') return;
  if (actor.role !== 'owner')
    throw new AppError(403, 'forbidden', 'only an owner can deactivate or reactivate an owner');
  if (!active) await assertAnotherOwner(tx, member.userId);
}

export async function updateMember(tx: Tx, actor: Actor, userId: string, patch: MemberPatch) {
  assertAdmin(actor);
  const before = await findMember(tx, userId);
  const roleChanges = patch.role !== undefined && patch.role !== before.role;
  if (roleChanges) {
    assertOwnerChange(actor, before.role, patch.role);
    if (before.role === 'owner') await assertAnotherOwner(tx, userId);
  }
  const activeChanges = patch.active !== undefined && patch.active !== before.active;
  if (activeChanges && patch.active !== undefined) await assertActiveChange(tx, actor, before, patch.active);
  await assertReferences(tx, [{ path: 'body.teamId', kind: 'team', id: patch.teamId }]);
  if (patch.role === undefined && patch.teamId === undefined && !activeChanges) return before;
  await tx
    .updateTable('memberships')
    .set({
      role: patch.role,
      team_id: patch.teamId,
      ...(activeChanges ? { deactivated_at: patch.active ? null : new Date() } : {}),
    })
    .where('user_id', '=', userId)
    .execute();
  const after = await findMember(tx, userId);
  const action = roleChanges
    ? 'role-change'
    : activeChanges
      ? patch.active
        ? 'reactivate'
        : 'deactivate'
      : 'update';
  await audit(tx, actor, action, userId, { before, after });
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
