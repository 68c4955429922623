import type { Kysely } from 'kysely';
import { setCustomerOwner } from '../customers/repository.js';
import type { Tables } from '../db/tables.js';
import { inWorkspace, type Tx } from '../db/tenant.js';
import { managersOf, notify } from '../notifications/inbox.js';
import { type OwnedFacts, ownedFacts } from './facts.js';
import { type PoolRow, poolsById, rulesOf } from './pools.js';
import { type ReturnRule, returnDeadline } from './return-rules.js';
import { recordOwnerChange } from './service.js';

const DAY_MS = 86_400_000;

interface Due {
  customer: OwnedFacts;
  pool: PoolRow;
  at: Date;
  rule: number;
}

/** Each owned customer in view with its deadline under its pool's rules (those without one left out). */
export async function deadlines(
  tx: Tx,
  filter: { ownerId?: string; poolId?: string } = {},
  rulesOfPool: (pool: PoolRow) => ReturnRule[] = rulesOf,
): Promise<Due[]> {
  const { byId, fallback } = await poolsById(tx);
  const due: Due[] = [];
  for (const customer of await ownedFacts(tx, { ownerId: filter.ownerId })) {
    const pool = (customer.poolId && byId.get(customer.poolId)) || fallback;
    if (filter.poolId && pool.id !== filter.poolId) continue;
    const deadline = returnDeadline(rulesOfPool(pool), customer);
    if (deadline) due.push({ customer, pool, ...deadline });
  }
  return due;
}

export interface ReturnRun {
  returned: number;
  warned: number;
}

/**
 * Returns to their pools the customers whose deadline has passed, and warns the owners (and their team's
 * managers, in their inboxes) of those whose deadline is within their pool's warning days (once per
 * holding). Runs on the job runner's schedule and after the nightly refresh; each
 * return is conditional on the owner still being the one the rules judged, so a second run, or a
 * second server, changes nothing more.
 */
export async function runPoolReturns(db: Kysely<Tables>, workspaceId: string, now: Date): Promise<ReturnRun> {
  return inWorkspace(db, workspaceId, async (tx) => {
    const system = { workspaceId, userId: null };
    let returned = 0;
    let warned = 0;
    for (const { customer, pool, at, rule } of await deadlines(tx)) {
      if (at <= now) {
        const row = await setCustomerOwner(tx, customer.id, customer.ownerId, { ownerId: null, at: now });
        if (!row) continue;
        await recordOwnerChange(tx, system, {
          customerId: customer.id,
          kind: 'return',
          from: customer.ownerId,
          to: null,
          poolId: pool.id,
          reasonCode: 'return-rule',
          reasonParams: { rule: rule + 1, pool: pool.name },
          at: now,
        });
        returned++;
      } else if (at.getTime() - pool.warn_days * DAY_MS <= now.getTime()) {
        const earlier = await tx
          .selectFrom('ownership_events')
          .select('id')
          .where('customer_id', '=', customer.id)
          .where('kind', '=', 'warning')
          .where('to_user_id', '=', customer.ownerId)
          .where('at', '>=', customer.ownedSince)
          .executeTakeFirst();
        if (earlier) continue;
        const params = { pool: pool.name, returnsAt: at.toISOString() };
        await tx
          .insertInto('ownership_events')
          .values({
            workspace_id: workspaceId,
            customer_id: customer.id,
            at: now,
            kind: 'warning',
            to_user_id: customer.ownerId,
            pool_id: pool.id,
            reason_code: 'return-warning',
            reason_params: JSON.stringify(params),
          })
          .execute();
        // The owner first, and the managers of their team, who can step in or reassign.
        const readers = [customer.ownerId, ...(await managersOf(tx, customer.ownerId))];
        await notify(
          tx,
          workspaceId,
          readers.map((userId) => ({
            userId,
            kind: 'return-warning',
            customerId: customer.id,
            params: { ...params, ownerId: customer.ownerId },
          })),
          now,
        );
        warned++;
      }
    }
    return { returned, warned };
  });
}

/**
 * How many customers of a pool would return within `days` from `now` under `rules` (a draft in the rule
 * editor; by default the pool's own).
 */
export async function previewReturns(tx: Tx, poolId: string, days: number, now: Date, rules?: ReturnRule[]) {
  const horizon = now.getTime() + days * DAY_MS;
  const due = await deadlines(tx, { poolId }, (pool) => rules ?? rulesOf(pool));
  return { days, returning: due.filter((d) => d.at.getTime() <= horizon).length };
}
