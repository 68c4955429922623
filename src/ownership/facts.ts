import { sql } from 'kysely';
import { contractClockColumns } from '../contracts/contract-clocks.js';
import type { Tx } from '../db/tenant.js';
import type { OwnedCustomer } from './return-rules.js';

export interface OwnedFacts extends OwnedCustomer {
  id: string;
  ownerId: string;
  poolId: string | null;
}

/** Instants by business line, from a JSON object of them. */
const byLine = (json: Record<string, string> | null) =>
  new Map(Object.entries(json ?? {}).map(([line, at]) => [line, new Date(at)]));

/**
 * What the return rules look at, for the owned customers in view (`ids`: only those), in one
 * statement: the last follow-up, the last purchase (overall and per business line), the contracts'
 * end and last signing (the contracts domain's columns), the ABC class, the CLV and the overall stage.
 */
export async function ownedFacts(tx: Tx, filter: { ids?: string[]; ownerId?: string } = {}) {
  let query = tx
    .selectFrom('customers as c')
    .leftJoin('customer_stats as s', (j) =>
      j.onRef('s.workspace_id', '=', 'c.workspace_id').onRef('s.customer_id', '=', 'c.id'),
    )
    .leftJoin('customer_values as v', (j) =>
      j.onRef('v.workspace_id', '=', 'c.workspace_id').onRef('v.customer_id', '=', 'c.id'),
    )
    .leftJoin('customer_lifecycle as l', (j) =>
      j
        .onRef('l.workspace_id', '=', 'c.workspace_id')
        .onRef('l.customer_id', '=', 'c.id')
        .on('l.business_line_id', 'is', null),
    )
    .select([
      'c.id',
      'c.owner_id',
      'c.pool_id',
      'c.owned_since',
      's.last_purchase_at',
      'v.abc_class',
      'v.clv',
      'l.stage',
      sql<Record<string, string> | null>`(select json_object_agg(ls.business_line_id, ls.last_purchase_at)
        from customer_line_stats ls
        where ls.workspace_id = c.workspace_id and ls.customer_id = c.id)`.as('lines'),
      sql<Date | null>`(select max(i.occurred_at) from interactions i
        where i.workspace_id = c.workspace_id and i.customer_id = c.id)`.as('last_follow_up_at'),
      ...contractClockColumns('c'),
    ])
    .where('c.owner_id', 'is not', null)
    .where('c.deleted_at', 'is', null);
  if (filter.ids) query = query.where(sql<boolean>`c.id = any(${filter.ids}::uuid[])`);
  if (filter.ownerId) query = query.where('c.owner_id', '=', filter.ownerId);
  const rows = await query.execute();
  return rows.map(
    (r): OwnedFacts => ({
      id: r.id,
      ownerId: r.owner_id as string,
      poolId: r.pool_id,
      ownedSince: r.owned_since ?? new Date(0),
      lastFollowUpAt: r.last_follow_up_at ? new Date(r.last_follow_up_at) : null,
      lastPurchaseAt: r.last_purchase_at ? new Date(r.last_purchase_at) : null,
      abcClass: r.abc_class,
      stage: r.stage,
      clv: r.clv === null ? null : Number(r.clv),
      lines: byLine(r.lines),
      contractsEndedAt: r.contracts_ended_at ? new Date(r.contracts_ended_at) : null,
      lastSignedAt: r.contract_signed_at ? new Date(r.contract_signed_at) : null,
      linesSigned: byLine(r.contract_lines),
    }),
  );
}
