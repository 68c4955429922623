import { sql } from 'kysely';
import { recordAudit } from '../audit/record.js';
import { can } from '../authorization/permissions.js';
import { type CustomerRow, findCustomer, setCustomerOwner, setOwnerOfNew } from '../customers/repository.js';
import type { Actor } from '../customers/service.js';
import type { OwnershipEventKind, OwnershipReasonCode } from '../db/tables.js';
import { type Tx, widenToWorkspace } from '../db/tenant.js';
import { AppError, badRequest, conflict } from '../errors.js';
import { notify } from '../notifications/inbox.js';
import { isEnding } from './ending-phase.js';
import { limitsFor } from './member-limits.js';
import { findPool, memberLimitsOf, type PoolRow } from './pools.js';
import { returnCountdown } from './return-countdown.js';
import { refreshReturnDeadlines } from './return-deadlines.js';
import type { AssignInput, OwnershipJson, ReleaseInput } from './schema.js';

const DAY_MS = 86_400_000;

interface OwnerChange {
  customerId: string;
  kind: OwnershipEventKind;
  from: string | null;
  to: string | null;
  poolId: string | null;
  reason?: string;
  /** A reason the product gives itself, worded by each language (see OwnershipReasonCode). */
  reasonCode?: OwnershipReasonCode;
  reasonParams?: Record<string, unknown>;
  churnReason?: ReleaseInput['churnReason'];
  at: Date;
}

/**
 * An owner change as the customer's timeline and the audit trail keep it, in the change's transaction,
 * with the customer's return deadline as the new owner's clock sets it (none without an owner).
 */
export async function recordOwnerChange(
  tx: Tx,
  actor: { workspaceId: string; userId: string | null },
  change: OwnerChange,
) {
  await tx
    .insertInto('ownership_events')
    .values({
      workspace_id: actor.workspaceId,
      customer_id: change.customerId,
      at: change.at,
      kind: change.kind,
      from_user_id: change.from,
      to_user_id: change.to,
      by_user_id: actor.userId,
      pool_id: change.poolId,
      reason: change.reason ?? null,
      reason_code: change.reasonCode ?? null,
      reason_params: change.reasonParams ? JSON.stringify(change.reasonParams) : null,
      churn_reason: change.churnReason ?? null,
    })
    .execute();
  await recordAudit(tx, actor, {
    action: change.kind,
    entity: 'customer',
    entityId: change.customerId,
    before: { ownerId: change.from },
    after: {
      ownerId: change.to,
      poolId: change.poolId,
      reason: change.reason ?? null,
      ...(change.reasonCode ? { reasonCode: change.reasonCode, reasonParams: change.reasonParams } : {}),
    },
  });
  await refreshReturnDeadlines(tx, [change.customerId]);
}

/**
 * The new owner hears who gave them the customer and why (not when they took it themselves). The
 * params as the inbox documents them for `assignment`.
 */
async function tellNewOwner(
  tx: Tx,
  actor: { workspaceId: string; userId: string | null },
  change: {
    customerId: string;
    to: string;
    from: string | null;
    kind: 'assign' | 'transfer' | 'merge';
    reason?: string;
  },
  at: Date,
) {
  if (change.to === actor.userId) return;
  await notify(
    tx,
    actor.workspaceId,
    [
      {
        userId: change.to,
        kind: 'assignment',
        customerId: change.customerId,
        params: {
          change: change.kind,
          byUserId: actor.userId,
          fromUserId: change.from,
          reason: change.reason ?? null,
        },
      },
    ],
    at,
  );
}

const limitReached = (detail: string, limit: string) =>
  new AppError(409, 'ownership-limit', detail, [], { limit });

/**
 * A rep's limits in the pool: held in total, claimed today (the pool's, or those of their team or role),
 * and the cool-down after letting it go; `held` alone for a customer they create (not a claim from a pool).
 */
async function assertWithinLimits(
  tx: Tx,
  actor: Actor,
  pool: PoolRow,
  customerId: string,
  now: Date,
  only?: 'held',
) {
  if (can(actor.role, 'customers.assign')) return;
  const member = await tx
    .selectFrom('memberships')
    .select('team_id')
    .where('user_id', '=', actor.userId)
    .executeTakeFirst();
  const limits = limitsFor(
    { claimsPerDay: pool.claims_per_day, heldLimit: pool.held_limit },
    memberLimitsOf(pool),
    { role: actor.role, teamId: member?.team_id ?? null },
  );
  if (limits.heldLimit !== null) {
    const held = await tx
      .selectFrom('customers')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('owner_id', '=', actor.userId)
      .where('id', '!=', customerId)
      .where('deleted_at', 'is', null)
      .executeTakeFirstOrThrow();
    if (Number(held.n) >= limits.heldLimit)
      throw limitReached(`you hold ${held.n} customers, the most this pool allows`, 'heldLimit');
  }
  if (only === 'held') return;
  if (limits.claimsPerDay !== null) {
    const claimed = await tx
      .selectFrom('ownership_events')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('by_user_id', '=', actor.userId)
      .where('kind', '=', 'claim')
      .where('at', '>', new Date(now.getTime() - DAY_MS))
      .executeTakeFirstOrThrow();
    if (Number(claimed.n) >= limits.claimsPerDay)
      throw limitReached(`you claimed ${claimed.n} customers in the last 24 hours`, 'claimsPerDay');
  }
  if (pool.reclaim_cooldown_days > 0) {
    const recent = await tx
      .selectFrom('ownership_events')
      .select('at')
      .where('customer_id', '=', customerId)
      .where('from_user_id', '=', actor.userId)
      .where('kind', 'in', ['release', 'return', 'transfer', 'assign'])
      .where('at', '>', new Date(now.getTime() - pool.reclaim_cooldown_days * DAY_MS))
      .executeTakeFirst();
    if (recent)
      throw limitReached(
        `you let this customer go less than ${pool.reclaim_cooldown_days} days ago`,
        'reclaimCooldownDays',
      );
  }
}

/** The customer row as it stands after a change of owner. */
type Changed = Promise<CustomerRow>;

async function claim(tx: Tx, actor: Actor, customer: CustomerRow, now: Date): Changed {
  if (!can(actor.role, 'records.write'))
    throw new AppError(403, 'forbidden', 'your role can read but not take customers');
  if (customer.owner_id !== null)
    throw conflict(
      customer.owner_id === actor.userId
        ? 'you already own this customer'
        : 'someone else owns this customer',
      { ownerId: customer.owner_id },
    );
  const pool = await findPool(tx, customer.pool_id);
  await assertWithinLimits(tx, actor, pool, customer.id, now);
  const row = await setCustomerOwner(tx, customer.id, null, { ownerId: actor.userId, at: now });
  if (!row) throw conflict('someone claimed this customer first');
  await recordOwnerChange(tx, actor, {
    customerId: customer.id,
    kind: 'claim',
    from: null,
    to: actor.userId,
    poolId: pool.id,
    at: now,
  });
  return row;
}

type Release = Omit<ReleaseInput, 'reason'> & { reason?: string };

async function release(tx: Tx, actor: Actor, customer: CustomerRow, input: Release, now: Date): Changed {
  if (customer.owner_id === null) throw conflict('the customer is in a pool already');
  if (customer.owner_id !== actor.userId && !can(actor.role, 'customers.assign'))
    throw new AppError(403, 'forbidden', 'only its owner, a manager or an admin can release a customer');
  if (!input.churnReason && (await isEnding(tx, actor.workspaceId, customer.id)))
    throw badRequest('say why the relationship ended', [
      {
        path: 'body.churnReason',
        code: 'required',
        message: 'is required for a customer in decline or terminated (POST /customers/:id/release)',
      },
    ]);
  const pool = await findPool(tx, input.poolId ?? customer.pool_id).catch(() => {
    throw badRequest('unknown pool', [
      { path: 'body.poolId', code: 'not_in_workspace', message: 'is not a pool here' },
    ]);
  });
  const row = await setCustomerOwner(tx, customer.id, customer.owner_id, {
    ownerId: null,
    poolId: pool.is_default ? null : pool.id,
    at: now,
  });
  if (!row) throw conflict('the customer changed hands meanwhile');
  await recordOwnerChange(tx, actor, {
    customerId: customer.id,
    kind: 'release',
    from: customer.owner_id,
    to: null,
    poolId: pool.id,
    reason: input.reason,
    churnReason: input.churnReason,
    at: now,
  });
  return row;
}

const mayNotAssign = () =>
  new AppError(403, 'forbidden', 'only owners, admins and managers assign customers', [
    { path: 'body.ownerId', message: 'cannot be set by your role' },
  ]);

async function assertActiveMember(tx: Tx, userId: string) {
  const member = await tx
    .selectFrom('memberships')
    .select('user_id')
    .where('user_id', '=', userId)
    .where('deactivated_at', 'is', null)
    .executeTakeFirst();
  if (!member)
    throw badRequest('unknown owner', [
      {
        path: 'body.ownerId',
        code: 'not_in_workspace',
        message: 'is not an active member of this workspace',
      },
    ]);
}

async function assign(
  tx: Tx,
  actor: Actor,
  customer: CustomerRow,
  input: { ownerId: string; reason?: string },
  now: Date,
): Changed {
  if (!can(actor.role, 'customers.assign')) throw mayNotAssign();
  await assertActiveMember(tx, input.ownerId);
  if (customer.owner_id === input.ownerId) throw conflict('the customer has this owner already');
  // The caller sees the customer (checked above); its new owner may be outside the caller's team.
  await widenToWorkspace(tx);
  const row = await setCustomerOwner(tx, customer.id, customer.owner_id, { ownerId: input.ownerId, at: now });
  if (!row) throw conflict('the customer changed hands meanwhile');
  const kind = customer.owner_id === null ? 'assign' : 'transfer';
  await recordOwnerChange(tx, actor, {
    customerId: customer.id,
    kind,
    from: customer.owner_id,
    to: input.ownerId,
    poolId: customer.pool_id,
    reason: input.reason,
    at: now,
  });
  await tellNewOwner(
    tx,
    actor,
    { customerId: customer.id, to: input.ownerId, from: customer.owner_id, kind, reason: input.reason },
    now,
  );
  return row;
}

/** Takes a customer of a pool the caller belongs to (row-level security hides the others: 404). */
export async function claimCustomer(tx: Tx, actor: Actor, id: string, now: Date): Promise<OwnershipJson> {
  await claim(tx, actor, await findCustomer(tx, id), now);
  return ownershipOf(tx, id, now);
}

/** Gives a customer back to a pool: its owner, or a manager or admin. */
export async function releaseCustomer(
  tx: Tx,
  actor: Actor,
  id: string,
  input: ReleaseInput,
  now: Date,
): Promise<OwnershipJson> {
  await release(tx, actor, await findCustomer(tx, id), input, now);
  return ownershipOf(tx, id, now);
}

/** A manager or admin gives a customer (owned or in a pool) to a member, with the reason. */
export async function assignCustomer(
  tx: Tx,
  actor: Actor,
  id: string,
  input: AssignInput,
  now: Date,
): Promise<OwnershipJson> {
  if (!can(actor.role, 'customers.assign')) throw mayNotAssign();
  await assign(tx, actor, await findCustomer(tx, id), input, now);
  return ownershipOf(tx, id, now);
}

/**
 * An owner written on the customer's record (PATCH /customers/:id): the same change as a claim (a rep
 * taking a pool customer), an assignment or a release, with its ownership event, audit entry and limits.
 */
export async function changeOwner(
  tx: Tx,
  actor: Actor,
  customer: CustomerRow,
  ownerId: string | null,
  now: Date,
): Changed {
  if (ownerId === customer.owner_id) return customer;
  if (ownerId === null) return release(tx, actor, customer, {}, now);
  if (customer.owner_id === null && ownerId === actor.userId && !can(actor.role, 'customers.assign'))
    return claim(tx, actor, customer, now);
  return assign(tx, actor, customer, { ownerId }, now);
}

/** Who may be named owner of a customer being created: oneself, or anyone by those who assign. */
export async function assertMayOwnNew(tx: Tx, actor: Actor, ownerId: string | null) {
  if (ownerId === null) return;
  if (ownerId !== actor.userId && !can(actor.role, 'customers.assign')) throw mayNotAssign();
  await assertActiveMember(tx, ownerId);
}

/**
 * A customer created with an owner: on its timeline from the start, and within the held limit of
 * the default pool when a rep takes it themselves.
 */
export async function recordNewOwner(tx: Tx, actor: Actor, customer: CustomerRow, now: Date) {
  if (customer.owner_id === null) return;
  if (customer.owner_id === actor.userId)
    await assertWithinLimits(tx, actor, await findPool(tx, customer.pool_id), customer.id, now, 'held');
  await recordOwnerChange(tx, actor, {
    customerId: customer.id,
    kind: 'assign',
    from: null,
    to: customer.owner_id,
    poolId: customer.pool_id,
    at: now,
  });
  await tellNewOwner(
    tx,
    actor,
    { customerId: customer.id, to: customer.owner_id, from: null, kind: 'assign' },
    now,
  );
}

/**
 * A customer given the owner of a customer merged into it (the survivor had none): an `assign` event on
 * its timeline and an audit entry, reason code `merge`. The merge checked who may merge; an owner no
 * longer an active member passes nothing on, and the survivor stays in its pool.
 */
export async function inheritOwner(
  tx: Tx,
  actor: Actor,
  customer: CustomerRow,
  from: { ownerId: string; customerId: string },
  now: Date,
): Changed {
  if (customer.owner_id !== null) return customer;
  const active = await tx
    .selectFrom('memberships')
    .select('user_id')
    .where('user_id', '=', from.ownerId)
    .where('deactivated_at', 'is', null)
    .executeTakeFirst();
  if (!active) return customer;
  await widenToWorkspace(tx);
  const row = await setCustomerOwner(tx, customer.id, null, { ownerId: from.ownerId, at: now });
  if (!row) throw conflict('the customer changed hands meanwhile');
  await recordOwnerChange(tx, actor, {
    customerId: customer.id,
    kind: 'assign',
    from: null,
    to: from.ownerId,
    poolId: customer.pool_id,
    reasonCode: 'merge',
    reasonParams: { mergedId: from.customerId },
    at: now,
  });
  await tellNewOwner(
    tx,
    actor,
    { customerId: customer.id, to: from.ownerId, from: null, kind: 'merge' },
    now,
  );
  return row;
}

/**
 * The customers a rep's import created become theirs, set-based: one `assign` event each (reason code
 * `import`) and one audit entry for the import, whatever its size.
 */
export async function assignImported(
  tx: Tx,
  actor: { workspaceId: string; userId: string | null },
  input: { importId: string; ownerId: string; customerIds: string[] },
  now: Date,
) {
  const ids = await setOwnerOfNew(tx, input.customerIds, input.ownerId, now);
  if (!ids.length) return;
  const params = JSON.stringify({ importId: input.importId });
  await sql`insert into ownership_events
      (workspace_id, customer_id, at, kind, to_user_id, by_user_id, reason_code, reason_params)
    select ${actor.workspaceId}, id, ${now}, 'assign', ${input.ownerId}, ${actor.userId}, 'import', ${params}::jsonb
    from unnest(${ids}::uuid[]) as id`.execute(tx);
  await recordAudit(tx, actor, {
    action: 'assign',
    entity: 'import',
    entityId: input.importId,
    after: { ownerId: input.ownerId, customers: ids.length, reasonCode: 'import' },
  });
  await refreshReturnDeadlines(tx, ids);
}

/** Who has the customer, since when, and when it returns to its pool (its stored deadline). */
export async function ownershipOf(tx: Tx, id: string, now: Date): Promise<OwnershipJson> {
  const customer = await findCustomer(tx, id);
  const deadline = customer.owner_id
    ? await tx
        .selectFrom('customer_return_deadlines as d')
        .innerJoin('pools as p', (j) =>
          j.onRef('p.workspace_id', '=', 'd.workspace_id').onRef('p.id', '=', 'd.pool_id'),
        )
        .select(['d.returns_at', 'p.urgent_days'])
        .where('d.customer_id', '=', id)
        .executeTakeFirst()
    : undefined;
  return {
    customerId: id,
    ownerId: customer.owner_id,
    poolId: customer.owner_id ? null : (await findPool(tx, customer.pool_id)).id,
    ownedSince: customer.owned_since?.toISOString() ?? null,
    ...returnCountdown(deadline?.returns_at ?? null, deadline?.urgent_days ?? 0, now),
  };
}
