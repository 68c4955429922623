import { sql } from 'kysely';
import type { Tx } from '../db/tenant.js';

/** Purchase metrics of one customer (businessLineId null) or of one customer in one line, at day D (see purchaseRowsOf). */
export interface PurchaseRow {
  customerId: string;
  businessLineId: string | null;
  n: number;
  first: number | null;
  last: number | null;
  rhythm: number | null;
  rev: number;
  prev: number;
  windowChange: number | null;
  nextPurchase: number | null;
  /** When the latest purchase up to D was recorded: a purchase recorded after an override ends it. */
  lastRecordedAt: Date | null;
}

/** What the rules need from outside the transactions, per customer. */
export interface SignalRow {
  customerId: string;
  hasOwner: boolean;
  lastInteraction: number | null;
  nextInteraction: number | null;
}

// Day numbers (days since 1970-01-01) of instants in the workspace time zone, as in the aggregates.
const dayOf = (column: string, tz: string) =>
  sql<number>`((${sql.ref(column)} at time zone ${tz})::date - date '1970-01-01')`;

/**
 * When the latest sale up to D of each given customer was recorded: a sale recorded after an
 * override was made ends it. Asked only for the customers with an override in force.
 */
export async function lastRecordings(
  tx: Tx,
  tz: string,
  asOf: number,
  ids: string[],
): Promise<Map<string, Date>> {
  if (ids.length === 0) return new Map();
  const { rows } = await sql<{ customerId: string; at: Date }>`
    select customer_id as "customerId", max(created_at) as at from transactions
    where customer_id = any(${ids}::uuid[]) and ${dayOf('occurred_at', tz)} <= ${asOf}
    group by customer_id`.execute(tx);
  return new Map(rows.map((r) => [r.customerId, r.at]));
}

/** Owner and interaction days of the candidates (null: of everyone) that are not deleted. */
export async function signalRows(
  tx: Tx,
  tz: string,
  asOf: number,
  ids: string[] | null,
): Promise<SignalRow[]> {
  const { rows } = await sql<SignalRow>`
    select c.id as "customerId", c.owner_id is not null as "hasOwner",
      max(${dayOf('i.occurred_at', tz)}) filter (where ${dayOf('i.occurred_at', tz)} <= ${asOf}) as "lastInteraction",
      min(${dayOf('i.occurred_at', tz)}) filter (where ${dayOf('i.occurred_at', tz)} > ${asOf}) as "nextInteraction"
    from customers c
    left join interactions i on i.workspace_id = c.workspace_id and i.customer_id = c.id
    where ${ids ? sql`c.id = any(${ids}::uuid[])` : sql`true`} and c.deleted_at is null
    group by c.id, c.owner_id`.execute(tx);
  return rows;
}
