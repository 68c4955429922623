import { type ExpressionBuilder, type Kysely, type Selectable, sql } from 'kysely';
import type { CustomersTable, Tables } from '../db/tables.js';
import { reusableQuery, type Tx } from '../db/tenant.js';
import { badRequest, notFound } from '../errors.js';
import { type CursorValue, decodeCursor, decodeTextCursor, decodeTimeCursor, toPage } from '../http/list.js';
import { joinStageAndValue, type StageAndValue, stageAndValueColumns } from '../lifecycle/customer-view.js';
import { returnCountdown } from '../ownership/return-countdown.js';
import { normalisePhone } from './normalise.js';
import { pinyinQuery } from './pinyin-search.js';
import { purchaseConditions } from './purchase-filters.js';
import { idsByReturnDeadline } from './return-sort.js';
import type { CustomerJson, CustomerListQuery } from './schema.js';

export type CustomerRow = Selectable<CustomersTable>;

export function customerToJson(row: CustomerRow): CustomerJson {
  return {
    id: row.id,
    kind: row.kind,
    type: row.type,
    name: row.name,
    company: row.company,
    phones: row.phones,
    emails: row.emails,
    industry: row.industry,
    region: row.region,
    source: row.source,
    tags: row.tags,
    birthday: row.birthday,
    custom: row.custom,
    ownerId: row.owner_id,
    consent: row.consent,
    externalId: row.external_id,
    version: row.version,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

/** When the customer last bought, and the next follow-up their latest interaction promised. */
interface Activity {
  last_purchase_at: Date | string | null;
  next_follow_up_on: string | null;
}

/** When an owned customer goes back to its pool (the stored deadline), and its pool's urgent days. */
interface ReturnClock {
  returns_at: Date | string | null;
  urgent_days: number | null;
}

/** A customer as reads show it: its row, its stage and value, its activity and its return deadline. */
export type CustomerView = CustomerRow & StageAndValue & Activity & ReturnClock;

// Two probes by primary key and by the (customer, occurred_at) index per customer. The follow-up is the
// latest interaction's, as My day reads it: a later contact without one means none is due.
const activityColumns = [
  sql<Date | string | null>`(select s.last_purchase_at from customer_stats s
    where s.workspace_id = customers.workspace_id and s.customer_id = customers.id)`.as('last_purchase_at'),
  sql<string | null>`(select i.next_follow_up_on::text from interactions i
    where i.workspace_id = customers.workspace_id and i.customer_id = customers.id
    order by i.occurred_at desc, i.id desc limit 1)`.as('next_follow_up_on'),
] as const;

/**
 * A customer as reads show it: with the current lifecycle stage, the value summary, the activity and
 * the days left before it returns to its pool at `now`.
 */
export function customerViewToJson(row: CustomerView, now: Date): CustomerJson {
  // Added to the object rather than spread into a copy of it: a customer read spent more on the copy
  // than on building the object.
  const json = customerToJson(row);
  json.lifecycle = row.lifecycle;
  json.value = row.value;
  json.lastPurchaseAt = row.last_purchase_at === null ? null : new Date(row.last_purchase_at).toISOString();
  json.nextFollowUpOn = row.next_follow_up_on;
  const deadline = row.returns_at === null ? null : new Date(row.returns_at);
  const countdown = returnCountdown(deadline, row.urgent_days ?? 0, now);
  json.returnsAt = countdown.returnsAt;
  json.daysLeft = countdown.daysLeft;
  json.returnUrgent = countdown.returnUrgent;
  return json;
}

/**
 * Customers by id with their stage, value, activity and return deadline, one statement:
 * `customerViewsByIds(db, ids)`.
 */
export const customerViewsByIds = reusableQuery<CustomerView, [ids: string[]]>((db) =>
  joinStageAndValue(db.selectFrom('customers'))
    .leftJoin('customer_return_deadlines as d', (join) =>
      join.onRef('d.workspace_id', '=', 'customers.workspace_id').onRef('d.customer_id', '=', 'customers.id'),
    )
    .leftJoin('pools as dp', (join) =>
      join.onRef('dp.workspace_id', '=', 'd.workspace_id').onRef('dp.id', '=', 'd.pool_id'),
    )
    .selectAll('customers')
    .select(stageAndValueColumns)
    .select(activityColumns)
    .select(['d.returns_at', 'dp.urgent_days'])
    .where(sql<boolean>`customers.id = any(${[]}::uuid[])`)
    .where('customers.deleted_at', 'is', null),
);

/** The live (not deleted) customer with this id, as a query to run where the caller needs it. */
export const customerById = (db: Kysely<Tables>, id: string) =>
  db.selectFrom('customers').selectAll().where('id', '=', id).where('deleted_at', 'is', null);

/**
 * Gives a live customer to `ownerId` (null: to the pool `poolId`, or the one it is in) if it still has
 * the owner `from`: a claim and a transfer racing for one customer cannot both win. Undefined when
 * the customer changed hands meanwhile.
 */
export function setCustomerOwner(
  tx: Tx,
  id: string,
  from: string | null,
  change: { ownerId: string | null; poolId?: string | null; at: Date },
): Promise<CustomerRow | undefined> {
  return tx
    .updateTable('customers')
    .set((eb) => ({
      owner_id: change.ownerId,
      owned_since: change.ownerId ? change.at : null,
      ...(change.poolId !== undefined ? { pool_id: change.poolId } : {}),
      version: eb('version', '+', 1),
      updated_at: change.at,
    }))
    .where('id', '=', id)
    .where('deleted_at', 'is', null)
    .where((eb) => (from === null ? eb('owner_id', 'is', null) : eb('owner_id', '=', from)))
    .returningAll()
    .executeTakeFirst();
}

/**
 * Gives the live customers among `ids` still without an owner to `ownerId`, in one statement (new
 * customers of an import); answers the ids given.
 */
export async function setOwnerOfNew(tx: Tx, ids: string[], ownerId: string, at: Date): Promise<string[]> {
  if (!ids.length) return [];
  const rows = await tx
    .updateTable('customers')
    .set({ owner_id: ownerId, owned_since: at })
    .where(sql<boolean>`id = any(${ids}::uuid[])`)
    .where('owner_id', 'is', null)
    .where('deleted_at', 'is', null)
    .returning('id')
    .execute();
  return rows.map((r) => r.id);
}

export async function findCustomer(tx: Tx, id: string): Promise<CustomerRow> {
  const row = await customerById(tx, id).executeTakeFirst();
  if (!row) throw notFound('customer');
  return row;
}

const sortColumns = { name: 'name', createdAt: 'created_at', updatedAt: 'updated_at' } as const;
// Sorts on the joined value row; customers without one come last in both directions. Each walks the
// index of its figure's band (migration 0061) and sorts within a band: `band` is null exactly when the
// figure is, and `bandOf` gives a cursor's figure the band its row has.
const valueSorts = {
  clv: {
    value: sql<string | null>`v.clv`,
    band: sql<number | null>`v.clv_band`,
    bandOf: (value: string | number) => sql`clm_clv_band(${String(value)}::numeric)`,
  },
  churnRisk: {
    value: sql<number | null>`v.churn_risk`,
    band: sql<number | null>`v.churn_band`,
    bandOf: (value: string | number) => sql`clm_churn_band(${Number(value)}::float8)`,
  },
};

const DECIMAL = /^-?\d+(\.\d+)?$/;

/** A cursor after a value (a decimal string, a number, or null for customers without one) and an id. */
function decodeValueCursor(cursor: string): [string | number | null, string] {
  const [value, id] = decodeCursor(cursor);
  const valid =
    value === null || (typeof value === 'number' && Number.isFinite(value)) || DECIMAL.test(String(value));
  if (!valid || !/^[0-9a-f-]{36}$/i.test(id))
    throw badRequest('invalid cursor', [
      { path: 'querystring.cursor', message: 'is not a cursor this API returned' },
    ]);
  return [value, id];
}

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/** Customers matching the search box: above this many, the page walks its sort's index instead. */
const FEW_MATCHES = 500;

/** What the search box's text is looked for as, in each column (null: not looked for there). */
function searchTerms(q: string, phoneRegion: string) {
  const phone = /^[+\d][\d\s().-]{4,}$/.test(q) ? normalisePhone(q, phoneRegion) : undefined;
  const digits = q.replace(/\D/g, '');
  const pinyin = pinyinQuery(q);
  return {
    pattern: `%${escapeLike(q)}%`,
    email: q.toLowerCase(),
    pinyin: pinyin ? `%${pinyin}%` : null,
    phone: phone ?? null,
    // Partial phone numbers: the last digits a caller remembers.
    digits: digits.length >= 4 && !phone ? `%${digits}%` : null,
  };
}

/**
 * The search as one condition on each row: name, company, pinyin of the name, e-mail, phone numbers.
 * The same conditions as the function clm_customer_matches (migration 0022), which finds the rows.
 */
function textMatches(terms: ReturnType<typeof searchTerms>) {
  return (eb: ExpressionBuilder<Tables, 'customers'>) =>
    eb.or([
      eb('name', 'ilike', terms.pattern),
      eb('company', 'ilike', terms.pattern),
      eb('emails', '@>', eb.val([terms.email])),
      ...(terms.pinyin ? [eb('customers.name_pinyin', 'like', terms.pinyin)] : []),
      ...(terms.phone ? [eb('phones', '@>', eb.val([terms.phone]))] : []),
      ...(terms.digits ? [eb(eb.fn('clm_phones_text', ['phones']), 'like', terms.digits)] : []),
    ]);
}

/** A page of the list; `now` counts the days left before each owned customer's return. */
export async function listCustomers(tx: Tx, query: CustomerListQuery, phoneRegion: string, now: Date) {
  const descending = query.sort.startsWith('-');
  const sortKey = query.sort.replace('-', '');
  let base = joinStageAndValue(tx.selectFrom('customers')).where('customers.deleted_at', 'is', null);
  if (query.ownerId)
    base = base.where(
      'owner_id',
      query.ownerId === 'none' ? 'is' : '=',
      query.ownerId === 'none' ? null : query.ownerId,
    );
  if (query.poolId) {
    const poolId = query.poolId;
    // A customer whose pool is null is in the default pool.
    base = base
      .where('owner_id', 'is', null)
      .where((eb) =>
        eb.or([
          eb('customers.pool_id', '=', poolId),
          eb.and([
            eb('customers.pool_id', 'is', null),
            eb.exists(
              eb
                .selectFrom('pools')
                .select('pools.id')
                .where('pools.id', '=', poolId)
                .where('pools.is_default', '=', true),
            ),
          ]),
        ]),
      );
  }
  if (query.tag) base = base.where((eb) => eb('tags', '@>', eb.val([query.tag!])));
  if (query.type) base = base.where('type', '=', query.type);
  if (query.kind) base = base.where('kind', '=', query.kind);
  if (query.region) base = base.where('region', '=', query.region);
  if (query.industry) base = base.where('industry', '=', query.industry);
  if (query.source) base = base.where('source', '=', query.source);
  if (query.stage) base = base.where('l.stage', '=', query.stage);
  if (query.segment) base = base.where('v.rfm_segment', '=', query.segment);
  if (query.abc) base = base.where('v.abc_class', '=', query.abc);
  if (query.rScore) base = base.where('v.r_score', '=', query.rScore);
  if (query.fScore) base = base.where('v.f_score', '=', query.fScore);
  // The purchase filters' days are the workspace's: its time zone goes into the statement as a value.
  const purchaseFiltered = [
    query.firstPurchaseFrom,
    query.firstPurchaseTo,
    query.purchasedFrom,
    query.purchasedTo,
  ];
  const timezone = purchaseFiltered.some(Boolean)
    ? (
        await tx
          .selectFrom('workspaces')
          .select('timezone')
          .where(sql<boolean>`id = clm_current_workspace()`)
          .executeTakeFirstOrThrow()
      ).timezone
    : 'UTC';
  for (const condition of purchaseConditions(query, timezone)) base = base.where(condition);
  if (query.q) {
    const terms = searchTerms(query.q, phoneRegion);
    // The matching customers first, from the indexes, when they are few: sorted by the page's order a
    // few hundred cost nothing. Under row-level security no index serves LIKE or @> (see migration
    // 0022), and a page that tests each row in its sort's order read every customer (1 s at 100,000)
    // when fewer than a page match. Past the limit, the sort's order meets 51 matches soon.
    const found = await sql<{
      id: string;
    }>`select id from clm_customer_matches(${terms.pattern}, ${terms.email},
      ${terms.pinyin}, ${terms.phone}, ${terms.digits}, ${FEW_MATCHES + 1}) as m(id)`.execute(tx);
    base =
      found.rows.length > FEW_MATCHES
        ? base.where(textMatches(terms))
        : base.where(sql<boolean>`customers.id = any(${found.rows.map((r) => r.id)}::uuid[])`);
  }

  // The page's ids first, then their stage and value summary: built for the 51 rows of a page rather
  // than for every row the sort or a filter looks at (which cost 0.25 s at 10,000 customers).
  const limit = query.limit + 1;
  const direction = descending ? 'desc' : 'asc';
  const than = descending ? sql`<` : sql`>`;
  let ids: string[];
  let cursorOf: (row: CustomerView) => CursorValue;
  if (sortKey in valueSorts) {
    const { value, band, bandOf } = valueSorts[sortKey as keyof typeof valueSorts];
    const after = query.cursor ? decodeValueCursor(query.cursor) : undefined;
    // Customers with a value in the order of its bands' index, then those without one (last either
    // way) by id: one ORDER BY … NULLS LAST over the outer join would sort every customer for each page.
    ids = [];
    if (after?.[0] !== null) {
      let valued = base.select('customers.id').where(sql<boolean>`${band} is not null`);
      if (after) {
        const from = bandOf(after[0]);
        // The band bound is the index's; the row comparison places the cursor within its band.
        valued = valued
          .where(sql<boolean>`${band} ${sql.raw(descending ? '<=' : '>=')} ${from}`)
          .where(
            sql<boolean>`(${band}, ${value}, customers.id) ${than} (${from}, ${after[0]}, ${after[1]}::uuid)`,
          );
      }
      const rows = await valued
        .orderBy(sql`${band} ${sql.raw(direction)}`)
        .orderBy(sql`${value} ${sql.raw(direction)}`)
        .orderBy('customers.id', direction)
        .limit(limit)
        .execute();
      ids = rows.map((r) => r.id);
    }
    if (ids.length < limit) {
      let unvalued = base.select('customers.id').where(sql<boolean>`${band} is null`);
      if (after?.[0] === null) unvalued = unvalued.where(sql<boolean>`customers.id ${than} ${after[1]}`);
      const rows = await unvalued
        .orderBy('customers.id', direction)
        .limit(limit - ids.length)
        .execute();
      ids.push(...rows.map((r) => r.id));
    }
    cursorOf = (row) => [
      sortKey === 'clv' ? (row.value?.clv ?? null) : (row.value?.churnRisk ?? null),
      row.id,
    ];
  } else if (sortKey === 'returnsAt') {
    ids = await idsByReturnDeadline(base, query.cursor, descending, limit);
    cursorOf = (row) => [row.returns_at === null ? null : new Date(row.returns_at).toISOString(), row.id];
  } else {
    const column = sortColumns[sortKey as keyof typeof sortColumns];
    let page = base.select('customers.id');
    if (query.cursor) {
      const [after, id] = column === 'name' ? decodeTextCursor(query.cursor) : decodeTimeCursor(query.cursor);
      page = page.where((eb) =>
        eb(eb.refTuple(column, 'customers.id'), descending ? '<' : '>', eb.tuple(after, id)),
      );
    }
    const rows = await page
      .orderBy(column, direction)
      .orderBy('customers.id', direction)
      .limit(limit)
      .execute();
    ids = rows.map((r) => r.id);
    cursorOf = (row) => [column === 'name' ? row.name : row[column].toISOString(), row.id];
  }
  const views = ids.length ? await tx.executeQuery(customerViewsByIds(tx, ids)) : { rows: [] };
  const byId = new Map(views.rows.map((row) => [row.id, row]));
  const rows = ids.flatMap((id) => byId.get(id) ?? []);

  const total = query.count
    ? Number((await base.select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n)
    : undefined;
  return toPage(rows, query.limit, (row) => customerViewToJson(row, now), cursorOf, total);
}
