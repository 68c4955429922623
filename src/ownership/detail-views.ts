import { can } from '../authorization/permissions.js';
import type { Role } from '../db/tables.js';
import type { Tx } from '../db/tenant.js';
import { AppError } from '../errors.js';
import { localTime } from '../lifecycle/nightly.js';
import { findPool } from './pools.js';

interface Viewer {
  workspaceId: string;
  userId: string;
  role: Role;
  timezone: string;
}

/**
 * Counts a member opening a pool customer's details against the pool's limit per local day, or refuses
 * with 429 once they have opened as many different customers of the pool that day. Opening one again the
 * same day is free; owned customers, and those who assign customers, are not counted.
 */
export async function notePoolDetailView(
  tx: Tx,
  viewer: Viewer,
  customer: { id: string; ownerId: string | null; poolId: string | null },
  now: Date,
) {
  if (customer.ownerId !== null || can(viewer.role, 'customers.assign')) return;
  const pool = await findPool(tx, customer.poolId);
  const limit = pool.details_per_day;
  if (limit === null) return;
  const day = localTime(viewer.timezone, now).day;
  const seen = await tx
    .selectFrom('pool_detail_views')
    .select('customer_id')
    .where('user_id', '=', viewer.userId)
    .where('day', '=', day)
    .where('customer_id', '=', customer.id)
    .executeTakeFirst();
  if (seen) return;
  const { n } = await tx
    .selectFrom('pool_detail_views')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('user_id', '=', viewer.userId)
    .where('day', '=', day)
    .where('pool_id', '=', pool.id)
    .executeTakeFirstOrThrow();
  if (Number(n) >= limit)
    throw new AppError(
      429,
      'pool-detail-limit',
      `you opened ${n} customers of this pool today, the most it allows; claim one or try again tomorrow`,
      [],
      { limit: 'detailsPerDay', max: limit },
    );
  await tx
    .insertInto('pool_detail_views')
    .values({
      workspace_id: viewer.workspaceId,
      user_id: viewer.userId,
      day,
      customer_id: customer.id,
      pool_id: pool.id,
    })
    .onConflict((oc) => oc.doNothing())
    .execute();
}
