import type { Tx } from '../db/tenant.js';
import { notFound } from '../errors.js';
import { decodeTimeCursor, toPage } from '../http/list.js';
import type { MemberJson, MemberListQuery } from './schema.js';

/** Memberships are rows of this workspace (row-level security); users are global, joined for e-mail and name. */
function members(tx: Tx) {
  return tx
    .selectFrom('memberships as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .select(['m.user_id', 'u.email', 'u.name', 'm.role', 'm.team_id', 'm.deactivated_at', 'm.created_at']);
}

type MemberRow = Awaited<ReturnType<ReturnType<typeof members>['executeTakeFirstOrThrow']>>;

export function memberToJson(row: MemberRow): MemberJson {
  return {
    userId: row.user_id,
    email: row.email,
    name: row.name,
    role: row.role,
    teamId: row.team_id,
    active: row.deactivated_at === null,
    createdAt: row.created_at.toISOString(),
  };
}

export async function findMember(tx: Tx, userId: string): Promise<MemberJson> {
  const row = await members(tx).where('m.user_id', '=', userId).executeTakeFirst();
  if (!row) throw notFound('member');
  return memberToJson(row);
}

/** Members in the order they joined. */
export async function listMembers(tx: Tx, query: MemberListQuery) {
  let base = members(tx);
  if (query.role) base = base.where('m.role', '=', query.role);
  if (query.teamId) base = base.where('m.team_id', '=', query.teamId);
  let page = base.limit(query.limit + 1);
  if (query.cursor) {
    const [after, id] = decodeTimeCursor(query.cursor);
    page = page.where((eb) => eb(eb.refTuple('m.created_at', 'm.user_id'), '>', eb.tuple(after, id)));
  }
  const rows = await page.orderBy('m.created_at').orderBy('m.user_id').execute();
  const total = query.count
    ? Number(
        (
          await base
            .clearSelect()
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      )
    : undefined;
  return toPage(rows, query.limit, memberToJson, (row) => [row.created_at.toISOString(), row.user_id], total);
}

/** Active owners of the workspace, locked until the transaction ends so that two demotions cannot both pass. */
export async function lockOwners(tx: Tx): Promise<string[]> {
  const rows = await tx
    .selectFrom('memberships')
    .select('user_id')
    .where('role', '=', 'owner')
    .where('deactivated_at', 'is', null)
    .forUpdate()
    .execute();
  return rows.map((r) => r.user_id);
}

/**
 * Whom to escalate a member's work to: the active managers of their team, or, where the team has none (or
 * they have no team), the workspace's active owners and admins.
 */
export async function managersOf(tx: Tx, userId: string | null): Promise<MemberJson[]> {
  const active = members(tx).where('m.deactivated_at', 'is', null);
  const member = userId ? await active.where('m.user_id', '=', userId).executeTakeFirst() : undefined;
  if (member?.team_id) {
    const managers = await active
      .where('m.team_id', '=', member.team_id)
      .where('m.role', '=', 'manager')
      .where('m.user_id', '!=', member.user_id)
      .orderBy('m.created_at')
      .execute();
    if (managers.length) return managers.map(memberToJson);
  }
  const heads = await active.where('m.role', 'in', ['owner', 'admin']).orderBy('m.created_at').execute();
  return heads.map(memberToJson);
}
