import type { Selectable } from 'kysely';
import { auditorOf } from '../audit/record.js';
import { requirePermission } from '../authorization/permissions.js';
import type { Actor } from '../customers/service.js';
import { violatedConstraint } from '../db/constraint-violation.js';
import type { PoolsTable } from '../db/tables.js';
import type { Tx } from '../db/tenant.js';
import { AppError, type FieldError, notFound } from '../errors.js';
import { assertReferences } from '../workspaces/references.js';
import { type MemberLimit, memberLimits } from './member-limits.js';
import { refreshReturnDeadlines } from './return-deadlines.js';
import { type ReturnRule, returnRules } from './return-rules.js';
import type { PoolInput, PoolJson, PoolPatch } from './schema.js';

export type PoolRow = Selectable<PoolsTable>;
const audit = auditorOf('pool');

export const rulesOf = (pool: PoolRow): ReturnRule[] => returnRules.parse(pool.return_rules);
export const memberLimitsOf = (pool: PoolRow): MemberLimit[] => memberLimits.parse(pool.member_limits);

function poolToJson(row: PoolRow, memberIds: string[]): PoolJson {
  return {
    id: row.id,
    name: row.name,
    isDefault: row.is_default,
    claimsPerDay: row.claims_per_day,
    heldLimit: row.held_limit,
    reclaimCooldownDays: row.reclaim_cooldown_days,
    detailsPerDay: row.details_per_day,
    memberLimits: memberLimitsOf(row),
    returnRules: rulesOf(row),
    warnDays: row.warn_days,
    managerWarnDays: row.manager_warn_days,
    urgentDays: row.urgent_days,
    memberIds,
    version: row.version,
  };
}

/** Every pool of the workspace by id; a customer whose pool is null is in the default one. */
export async function poolsById(tx: Tx): Promise<{ byId: Map<string, PoolRow>; fallback: PoolRow }> {
  const rows = await tx.selectFrom('pools').selectAll().execute();
  const fallback = rows.find((r) => r.is_default);
  if (!fallback) throw new Error('the workspace has no default pool');
  return { byId: new Map(rows.map((r) => [r.id, r])), fallback };
}

export async function findPool(tx: Tx, id: string | null): Promise<PoolRow> {
  let query = tx.selectFrom('pools').selectAll();
  query = id ? query.where('id', '=', id) : query.where('is_default', '=', true);
  const row = await query.executeTakeFirst();
  if (!row) throw notFound('pool');
  return row;
}

export async function listPools(tx: Tx): Promise<PoolJson[]> {
  const rows = await tx
    .selectFrom('pools')
    .selectAll()
    .orderBy('is_default', 'desc')
    .orderBy('name')
    .execute();
  const members = await tx.selectFrom('pool_members').select(['pool_id', 'user_id']).execute();
  return rows.map((row) =>
    poolToJson(
      row,
      members.filter((m) => m.pool_id === row.id).map((m) => m.user_id),
    ),
  );
}

const nameTaken = (name: string) =>
  new AppError(409, 'conflict', `a pool named '${name}' already exists`, [
    { path: 'body.name', code: 'already_used', message: 'is already used by another pool' },
  ]);

async function setMembers(tx: Tx, actor: Actor, poolId: string, memberIds: string[] | undefined) {
  if (memberIds === undefined) return;
  const unique = [...new Set(memberIds)];
  await tx.deleteFrom('pool_members').where('pool_id', '=', poolId).execute();
  if (unique.length)
    await tx
      .insertInto('pool_members')
      .values(unique.map((user_id) => ({ workspace_id: actor.workspaceId, pool_id: poolId, user_id })))
      .execute();
}

/**
 * Each member, team (of a limit) and business line (of a return rule) a pool names is one of this
 * workspace: one 400 naming every field at fault, with the caller's `more`.
 */
export function checkReferences(tx: Tx, input: PoolPatch, more: FieldError[] = []) {
  return assertReferences(
    tx,
    [
      ...(input.memberIds ?? []).map((id, i) => ({
        path: `body.memberIds.${i}`,
        kind: 'member' as const,
        id,
      })),
      ...(input.memberLimits ?? []).map((l, i) => ({
        path: `body.memberLimits.${i}.teamId`,
        kind: 'team' as const,
        id: l.teamId,
      })),
      ...(input.returnRules ?? []).map((r, i) => ({
        path: `body.returnRules.${i}.businessLineId`,
        kind: 'businessLine' as const,
        id: r.businessLineId,
      })),
    ],
    more,
  );
}

// A new pool warns the owner 3 days before a return (the column's default) and their managers 1 day
// before: late enough that the owner had two days to act, early enough for a manager to reassign.
const DEFAULT_WARN_DAYS = 3;
const DEFAULT_MANAGER_WARN_DAYS = 1;

/** The managers hear no earlier than the owner: `managerWarnDays` is at most `warnDays`, as they will stand. */
function warnDaysErrors(input: PoolPatch, before?: PoolRow): FieldError[] {
  const warnDays = input.warnDays ?? before?.warn_days ?? DEFAULT_WARN_DAYS;
  const managerWarnDays =
    input.managerWarnDays ?? before?.manager_warn_days ?? Math.min(DEFAULT_MANAGER_WARN_DAYS, warnDays);
  if (managerWarnDays <= warnDays) return [];
  return [
    {
      path: input.managerWarnDays !== undefined ? 'body.managerWarnDays' : 'body.warnDays',
      code: 'too_big',
      message: `managerWarnDays (${managerWarnDays}) must not exceed warnDays (${warnDays})`,
    },
  ];
}

function columns(input: PoolPatch) {
  return {
    name: input.name,
    claims_per_day: input.claimsPerDay,
    held_limit: input.heldLimit,
    reclaim_cooldown_days: input.reclaimCooldownDays,
    details_per_day: input.detailsPerDay,
    return_rules: input.returnRules && JSON.stringify(input.returnRules),
    member_limits: input.memberLimits && JSON.stringify(input.memberLimits),
    warn_days: input.warnDays,
    manager_warn_days: input.managerWarnDays,
    urgent_days: input.urgentDays,
  };
}

export async function createPool(tx: Tx, actor: Actor, input: PoolInput): Promise<PoolJson> {
  requirePermission(actor.role, 'pools.manage');
  await checkReferences(tx, input, warnDaysErrors(input));
  const row = await tx
    .insertInto('pools')
    .values({
      ...columns(input),
      manager_warn_days:
        input.managerWarnDays ?? Math.min(DEFAULT_MANAGER_WARN_DAYS, input.warnDays ?? DEFAULT_WARN_DAYS),
      name: input.name,
      workspace_id: actor.workspaceId,
      return_rules: columns(input).return_rules ?? '[]',
    })
    .onConflict((oc) => oc.columns(['workspace_id', 'name']).doNothing())
    .returningAll()
    .executeTakeFirst();
  if (!row) throw nameTaken(input.name);
  await setMembers(tx, actor, row.id, input.memberIds);
  const pool = poolToJson(row, input.memberIds ? [...new Set(input.memberIds)] : []);
  await audit(tx, actor, 'create', row.id, { after: pool });
  return pool;
}

export async function updatePool(tx: Tx, actor: Actor, id: string, patch: PoolPatch): Promise<PoolJson> {
  requirePermission(actor.role, 'pools.manage');
  const before = await findPool(tx, id);
  await checkReferences(tx, patch, [
    ...warnDaysErrors(patch, before),
    ...(before.is_default && patch.memberIds !== undefined
      ? [{ path: 'body.memberIds', message: 'cannot be set on the default pool' }]
      : []),
  ]);
  const row = await tx
    .updateTable('pools')
    .set((eb) => ({ ...columns(patch), version: eb('version', '+', 1) }))
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow()
    .catch((error: unknown) => {
      throw violatedConstraint(error) ? nameTaken(patch.name ?? '') : error;
    });
  await setMembers(tx, actor, id, patch.memberIds);
  // Its rules decide its customers' deadlines; the urgent days, read with them, do not move them.
  if (patch.returnRules !== undefined) await refreshReturnDeadlines(tx, { poolId: id });
  const pools = await listPools(tx);
  const pool = pools.find((p) => p.id === id) ?? poolToJson(row, []);
  await audit(tx, actor, 'update', id, { before: poolToJson(before, []), after: pool });
  return pool;
}
