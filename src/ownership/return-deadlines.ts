import { sql } from 'kysely';
import { inWholeWorkspace, type Tx } from '../db/tenant.js';
import { type OwnedFacts, ownedFacts } from './facts.js';
import { type PoolRow, poolsById, rulesOf } from './pools.js';
import { type ReturnRule, returnDeadline } from './return-rules.js';

type Pools = Awaited<ReturnType<typeof poolsById>>;

/** An owned customer's deadline under its pool's rules. */
export interface Due {
  customer: OwnedFacts;
  pool: PoolRow;
  at: Date;
  rule: number;
}

/**
 * Each owned customer in view with its deadline under its pool's rules (those without one left out),
 * computed from what the rules look at now. The stored deadlines are this function's results (see
 * refreshReturnDeadlines); the rule editor's preview calls it with draft rules.
 */
export async function deadlines(
  tx: Tx,
  filter: { ids?: string[]; ownerId?: string; poolId?: string } = {},
  rulesOfPool: (pool: PoolRow) => ReturnRule[] = rulesOf,
  pools?: Pools,
): Promise<Due[]> {
  const facts = await ownedFacts(tx, { ids: filter.ids, ownerId: filter.ownerId });
  if (!facts.length) return [];
  const { byId, fallback } = pools ?? (await poolsById(tx));
  const due: Due[] = [];
  for (const customer of facts) {
    const pool = (customer.poolId && byId.get(customer.poolId)) || fallback;
    if (filter.poolId && pool.id !== filter.poolId) continue;
    const deadline = returnDeadline(rulesOfPool(pool), customer);
    if (deadline) due.push({ customer, pool, ...deadline });
  }
  return due;
}

/** The live owned customers of a pool (those whose pool is null are the default pool's). */
async function ownedIn(tx: Tx, poolId: string): Promise<string[]> {
  const rows = await tx
    .selectFrom('customers as c')
    .select('c.id')
    .where('c.owner_id', 'is not', null)
    .where('c.deleted_at', 'is', null)
    .where((eb) =>
      eb.or([
        eb('c.pool_id', '=', poolId),
        eb.and([
          eb('c.pool_id', 'is', null),
          eb.exists(
            eb
              .selectFrom('pools')
              .select('pools.id')
              .where('pools.id', '=', poolId)
              .where('pools.is_default', '=', true),
          ),
        ]),
      ]),
    )
    .execute();
  return rows.map((r) => r.id);
}

/**
 * Writes the deadlines in `due` for the customers `ids` (every customer without ids) in one statement,
 * without reading the stored ones first: inserts the new, updates those that changed (an unchanged row
 * is left as it is) and deletes those of customers with no deadline now.
 */
async function store(tx: Tx, due: Due[], ids: string[] | undefined) {
  const inScope = ids ? sql`d.customer_id = any(${ids}::uuid[])` : sql`true`;
  await sql`with due as (
      select * from unnest(${due.map((d) => d.customer.id)}::uuid[],
        ${due.map((d) => d.at.toISOString())}::timestamptz[],
        ${due.map((d) => d.rule)}::integer[],
        ${due.map((d) => d.pool.id)}::uuid[]) as t (customer_id, returns_at, rule, pool_id)
    ), written as (
      insert into customer_return_deadlines as d (workspace_id, customer_id, returns_at, rule, pool_id)
      select clm_current_workspace(), customer_id, returns_at, rule, pool_id from due
      on conflict (workspace_id, customer_id) do update
        set returns_at = excluded.returns_at, rule = excluded.rule, pool_id = excluded.pool_id
        where (d.returns_at, d.rule, d.pool_id) is distinct from (excluded.returns_at, excluded.rule, excluded.pool_id)
    )
    delete from customer_return_deadlines d
    where ${inScope} and not exists (select 1 from due where due.customer_id = d.customer_id)`.execute(tx);
}

/**
 * Recomputes the stored return deadlines of these customers (by ids, or those of a pool; every
 * customer without either) and writes only what changed: the one way the stored deadlines move. Every
 * write that changes what the rules look at calls it in its transaction — an owner change, a follow-up,
 * a purchase or other customer data (through customersChanged), a pool edit — and the pool-return run
 * recomputes everyone. It sees the whole workspace whatever the caller's scope (a rep releasing a
 * customer to a pool they are not in no longer sees it, and its row must still go) and answers the
 * deadlines it stored.
 */
export async function refreshReturnDeadlines(
  tx: Tx,
  customers?: string[] | { poolId: string },
): Promise<Due[]> {
  // Nothing to do, and no need to widen the scope for it.
  if (Array.isArray(customers) && customers.length === 0) return [];
  const pools = await poolsById(tx);
  // Without a rule in any pool no customer has a deadline, and none is stored (the edit that took a
  // pool's rules away removed its customers' deadlines): the writes of such a workspace stop here.
  const ruled = [...pools.byId.values()].some((pool) => rulesOf(pool).length > 0);
  if (Array.isArray(customers) && !ruled) return [];
  return inWholeWorkspace(tx, async (whole) => {
    const ids =
      customers === undefined || Array.isArray(customers)
        ? customers
        : await ownedIn(whole, customers.poolId);
    const due = ids?.length === 0 ? [] : await deadlines(whole, { ids }, rulesOf, pools);
    if (ids?.length !== 0) await store(whole, due, ids);
    return due;
  });
}

/** Customers that no longer exist on their own (merged into another) have no deadline. */
export async function forgetReturnDeadlines(tx: Tx, customerIds: string[]): Promise<void> {
  if (customerIds.length === 0) return;
  await tx
    .deleteFrom('customer_return_deadlines')
    .where(sql<boolean>`customer_id = any(${customerIds}::uuid[])`)
    .execute();
}
