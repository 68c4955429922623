import { sql } from 'kysely';
import { CHURN_LEVELS } from '../analytics/churn.js';
import type { Tx } from '../db/tenant.js';
import { badRequest } from '../errors.js';
import { decodeCursor, toPage } from '../http/list.js';
import type { CustomerValueJson } from './schema.js';
import { riskBand } from './value-rows.js';

export interface WarningsQuery {
  limit: number;
  cursor?: string;
  ownerId?: string;
  minLevel: (typeof CHURN_LEVELS)[number];
}

interface WarningRow {
  customer_id: string;
  name: string;
  owner_id: string | null;
  churn_risk: number;
  churn_level: string;
  clv: string | null;
  value_at_risk: string;
  churn_reasons: CustomerValueJson['churnReasons'];
}

/** Customers at or above a churn level, largest value at risk (CLV × risk / 100) first. */
export async function churnWarnings(tx: Tx, query: WarningsQuery) {
  const levels = CHURN_LEVELS.slice(CHURN_LEVELS.indexOf(query.minLevel));
  const after = query.cursor ? decodeWarningCursor(query.cursor) : null;
  const { rows } = await sql<WarningRow>`
    select v.customer_id, c.name, c.owner_id, v.churn_risk, v.churn_level, v.clv::text as clv,
      v.value_at_risk::text as value_at_risk, v.churn_reasons
    from customer_values v
    join customers c on c.workspace_id = v.workspace_id and c.id = v.customer_id
    where c.deleted_at is null and v.churn_level in (${sql.join(levels)})
      ${query.ownerId ? sql`and c.owner_id = ${query.ownerId}` : sql``}
      ${after ? sql`and v.value_at_risk_band <= ${riskBand(Number(after[0]))} and (v.value_at_risk < ${after[0]}::numeric or (v.value_at_risk = ${after[0]}::numeric and v.customer_id > ${after[1]}))` : sql``}
    -- The band never falls as the value rises (migration 0011): the index gives the bands in order,
    -- and each band's rows are sorted by value.
    order by v.value_at_risk_band desc, v.value_at_risk desc, v.customer_id
    limit ${query.limit + 1}`.execute(tx);
  return toPage(
    rows,
    query.limit,
    (r) => ({
      customerId: r.customer_id,
      name: r.name,
      ownerId: r.owner_id,
      churnRisk: r.churn_risk,
      churnLevel: r.churn_level,
      clv: r.clv,
      valueAtRisk: r.value_at_risk,
      reasons: r.churn_reasons,
    }),
    (r) => [r.value_at_risk, r.customer_id],
  );
}

const DECIMAL = /^-?\d+(\.\d+)?$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A forged cursor is a 400, not a database error. */
function decodeWarningCursor(cursor: string): [string, string] {
  const [value, id] = decodeCursor(cursor);
  if (typeof value !== 'string' || !DECIMAL.test(value) || !UUID.test(id))
    throw badRequest('invalid cursor', [
      { path: 'querystring.cursor', message: 'is not a cursor this API returned' },
    ]);
  return [value, id];
}
