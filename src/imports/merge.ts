import { type RawBuilder, sql } from 'kysely';
import type { Tx } from '../db/tenant.js';
import type { ImportKind } from './fields.js';

export interface MergeCounts {
  imported: number;
  updated: number;
  duplicates: number;
  rejected: number;
}

export interface MergeContext {
  workspaceId: string;
  importId: string;
  kind: ImportKind;
  /** Create customers that a transaction or follow-up names but CLM does not know yet. */
  createCustomers: boolean;
  /** Owner of the customers the import creates (a rep's own import), or the public pool. */
  ownerId: string | null;
  /** Author of imported follow-ups. */
  userId: string | null;
  /** Header of the column that names the customer, for the rows refused without one. */
  customerColumn: string;
}

/** The staging table of each kind. */
export const STAGING: Record<ImportKind, string> = {
  customers: 'import_customer_rows',
  transactions: 'import_transaction_rows',
  interactions: 'import_interaction_rows',
};

const affected = (result: { numAffectedRows?: bigint }) => Number(result.numAffectedRows ?? 0n);

async function count(tx: Tx, query: RawBuilder<unknown>): Promise<number> {
  const { rows } = await sql<{ n: number }>`select count(*)::int as n from (${query}) q`.execute(tx);
  return Number(rows[0].n);
}

/**
 * Moves the staged rows of one import into the workspace's records, set-based, in the caller's
 * transaction: a handful of statements whatever the number of rows. The aggregate triggers refresh
 * customer_stats once per statement for every customer it touched. The staged rows are deleted.
 */
export async function mergeStaged(tx: Tx, context: MergeContext): Promise<MergeCounts> {
  // The staging rows were never analysed (only their owner may), so the planner would guess a handful
  // and join them row by row; hash joins are right for any size of file.
  await sql`set local enable_nestloop = off`.execute(tx);
  // Sorts of a large file stay in memory.
  await sql`set local work_mem = '64MB'`.execute(tx);
  const counts =
    context.kind === 'customers' ? await mergeCustomers(tx, context) : await mergeActivity(tx, context);
  await sql`delete from ${sql.table(STAGING[context.kind])}
    where workspace_id = ${context.workspaceId} and import_id = ${context.importId}`.execute(tx);
  return counts;
}

/**
 * The distinct customers a transaction or follow-up file names, each resolved to a customer: by external
 * id, then phone, then e-mail, among live customers. When allowed, the missing ones are created in the
 * same order (one per external id, then per phone, then per e-mail), so rows that name one person by
 * different means still land on one customer.
 */
async function resolveCustomers(tx: Tx, context: MergeContext, staging: string) {
  const { workspaceId: ws, importId } = context;
  await sql`create temp table import_refs on commit drop as
    select coalesce(customer_external_id, '') as ext, coalesce(customer_phone, '') as phone,
      coalesce(customer_email, '') as email,
      (array_agg(customer_name order by line) filter (where customer_name is not null))[1] as name,
      min(line) as line, null::uuid as customer_id
    from ${sql.table(staging)} where workspace_id = ${ws} and import_id = ${importId}
    group by 1, 2, 3`.execute(tx);
  await sql`analyze import_refs`.execute(tx);

  const byExternalId = sql`update import_refs r set customer_id = c.id from customers c
    where r.customer_id is null and r.ext <> '' and c.workspace_id = ${ws} and c.external_id = r.ext
      and c.deleted_at is null`;
  const byArray = (column: 'phones' | 'emails', field: 'phone' | 'email') => sql`
    update import_refs r set customer_id = (
      select c.id from customers c
      where c.workspace_id = ${ws} and c.deleted_at is null and c.${sql.ref(column)} @> array[r.${sql.ref(field)}]
      order by c.created_at, c.id limit 1)
    where r.customer_id is null and r.${sql.ref(field)} <> ''`;
  const create = (key: 'ext' | 'phone' | 'email') => sql`
    insert into customers (workspace_id, name, external_id, phones, emails, owner_id, source)
    select ${ws}, coalesce(name, nullif(ext, ''), nullif(phone, ''), email),
      nullif(ext, ''), case when phone <> '' then array[phone] else '{}' end,
      case when email <> '' then array[email] else '{}' end, ${context.ownerId}::uuid, 'import'
    from (
      select distinct on (${sql.ref(key)}) * from import_refs
      where customer_id is null and ${sql.ref(key)} <> '' order by ${sql.ref(key)}, line
    ) fresh`;

  await byExternalId.execute(tx);
  if (context.createCustomers) {
    await create('ext').execute(tx);
    await byExternalId.execute(tx);
  }
  await byArray('phones', 'phone').execute(tx);
  if (context.createCustomers) {
    await create('phone').execute(tx);
    await byArray('phones', 'phone').execute(tx);
  }
  await byArray('emails', 'email').execute(tx);
  if (context.createCustomers) {
    await create('email').execute(tx);
    await byArray('emails', 'email').execute(tx);
  }
}

const joinRefs = sql`join import_refs r on r.ext = coalesce(s.customer_external_id, '')
  and r.phone = coalesce(s.customer_phone, '') and r.email = coalesce(s.customer_email, '')`;

/** Lists the rows whose customer is unknown (and not to be created) among the import's errors. */
export async function refuseUnknownCustomers(tx: Tx, context: MergeContext): Promise<number> {
  const { workspaceId: ws, importId } = context;
  const staging = STAGING[context.kind];
  await resolveCustomers(tx, context, staging);
  const refused =
    await sql`insert into import_errors (workspace_id, import_id, line, column_name, value, reason)
    select ${ws}, ${importId}, s.line, ${context.customerColumn},
      coalesce(s.customer_external_id, s.customer_phone, s.customer_email, ''),
      'no customer has this id, phone or e-mail, and creating customers is off'
    from ${sql.table(staging)} s ${joinRefs}
    where s.workspace_id = ${ws} and s.import_id = ${importId} and r.customer_id is null`.execute(tx);
  return affected(refused);
}

async function mergeActivity(tx: Tx, context: MergeContext): Promise<MergeCounts> {
  const { workspaceId: ws, importId } = context;
  const staging = STAGING[context.kind];
  const mine = sql`s.workspace_id = ${ws} and s.import_id = ${importId}`;
  const rejected = await refuseUnknownCustomers(tx, context);
  const eligible = await count(
    tx,
    sql`select 1 from ${sql.table(staging)} s ${joinRefs} where ${mine} and r.customer_id is not null`,
  );

  const occurredAt = sql`coalesce(n.occurred_utc, n.occurred_local at time zone w.timezone)`;
  let inserted: number;
  if (context.kind === 'transactions') {
    await sql`insert into business_lines (workspace_id, name)
      select distinct ${ws}::uuid, s.business_line from import_transaction_rows s
      where ${mine} and s.business_line is not null
      on conflict do nothing`.execute(tx);
    // Identical rows are numbered in file order, so the n-th copy of a purchase always gets the same key.
    const result = await sql`
      with numbered as (
        select s.*, r.customer_id, row_number() over (
          partition by s.customer_external_id, s.customer_phone, s.customer_email, s.occurred_local,
            s.occurred_utc, s.amount, s.margin, s.currency, s.business_line
          order by s.line) as occurrence
        from import_transaction_rows s ${joinRefs}
        where ${mine} and r.customer_id is not null
      )
      insert into transactions
        (workspace_id, customer_id, business_line_id, occurred_at, amount, margin, currency, external_id, import_key)
      select ${ws}, n.customer_id, bl.id, ${occurredAt}, n.amount, n.margin, coalesce(n.currency, w.currency),
        n.external_id,
        case when n.external_id is null then md5(row(n.customer_external_id, n.customer_phone, n.customer_email,
          n.occurred_local, extract(epoch from n.occurred_utc), n.amount, n.margin, n.currency,
          n.business_line)::text) || ':' || n.occurrence end
      from numbered n
      cross join (select timezone, currency from workspaces where id = ${ws}) w
      left join business_lines bl on bl.workspace_id = ${ws} and bl.name = n.business_line
      order by n.customer_id, n.line
      on conflict do nothing`.execute(tx);
    inserted = affected(result);
  } else {
    const result = await sql`
      with numbered as (
        select s.*, r.customer_id, row_number() over (
          partition by s.customer_external_id, s.customer_phone, s.customer_email, s.channel, s.direction,
            s.summary, s.occurred_local, s.occurred_utc, s.next_follow_up_on
          order by s.line) as occurrence
        from import_interaction_rows s ${joinRefs}
        where ${mine} and r.customer_id is not null
      )
      insert into interactions (workspace_id, customer_id, channel, direction, summary, occurred_at,
        next_follow_up_on, user_id, import_key)
      select ${ws}, n.customer_id, n.channel, n.direction, n.summary, ${occurredAt}, n.next_follow_up_on,
        ${context.userId}::uuid,
        md5(row(n.customer_external_id, n.customer_phone, n.customer_email, n.channel, n.direction, n.summary,
          n.occurred_local, extract(epoch from n.occurred_utc), n.next_follow_up_on)::text) || ':' || n.occurrence
      from numbered n
      cross join (select timezone from workspaces where id = ${ws}) w
      on conflict do nothing`.execute(tx);
    inserted = affected(result);
  }
  return { imported: inserted, updated: 0, duplicates: eligible - inserted, rejected };
}

/**
 * Customers: a row that names a live customer's external id, one of their phones or e-mails (or, for
 * rows with none of these, has the content of a row imported before) updates that customer, filling
 * in what the file says and adding phones, e-mails and tags. A row repeating an earlier row's
 * identity is a duplicate. The others become new customers.
 */
async function mergeCustomers(tx: Tx, context: MergeContext): Promise<MergeCounts> {
  const { workspaceId: ws, importId } = context;
  await sql`create temp table import_matches on commit drop as
    select s.line, null::uuid as customer_id, false as duplicate,
      case when s.external_id is null and cardinality(s.phones) = 0 and cardinality(s.emails) = 0 then
        md5(row(s.name, s.kind, s.type, s.company, s.industry, s.region, s.source, s.tags, s.birthday,
          s.custom)::text) || ':' || row_number() over (
          partition by s.external_id, s.phones, s.emails, s.name, s.kind, s.type, s.company, s.industry,
            s.region, s.source, s.tags, s.birthday, s.custom
          order by s.line)
      end as import_key
    from import_customer_rows s where s.workspace_id = ${ws} and s.import_id = ${importId}`.execute(tx);
  await sql`create unique index on import_matches (line)`.execute(tx);
  await sql`analyze import_matches`.execute(tx);
  const staged = sql`import_customer_rows s join import_matches m on m.line = s.line
    and s.workspace_id = ${ws} and s.import_id = ${importId}`;

  // An earlier row of the file with the same external id, phone or e-mail makes a row a duplicate.
  await sql`update import_matches m set duplicate = true from (
      select line from (
        select line, min(line) over (partition by k) as first from (
          select s.line, 'x:' || s.external_id as k from ${staged} where s.external_id is not null
          union all select s.line, 'p:' || unnest(s.phones) from ${staged}
          union all select s.line, 'e:' || unnest(s.emails) from ${staged}
          union all select m.line, 'k:' || m.import_key from import_matches m where m.import_key is not null
        ) keys
      ) firsts group by line having min(first) < line
    ) later where m.line = later.line`.execute(tx);

  await sql`update import_matches m set customer_id = c.id from import_customer_rows s, customers c
    where s.workspace_id = ${ws} and s.import_id = ${importId} and s.line = m.line and s.external_id is not null
      and c.workspace_id = ${ws} and c.external_id = s.external_id and c.deleted_at is null`.execute(tx);
  for (const column of ['phones', 'emails'] as const)
    await sql`update import_matches m set customer_id = (
        select c.id from customers c where c.workspace_id = ${ws} and c.deleted_at is null
          and c.${sql.ref(column)} && s.${sql.ref(column)}
        order by c.created_at, c.id limit 1)
      from import_customer_rows s
      where s.workspace_id = ${ws} and s.import_id = ${importId} and s.line = m.line
        and m.customer_id is null and cardinality(s.${sql.ref(column)}) > 0`.execute(tx);
  await sql`update import_matches m set customer_id = c.id from customers c
    where m.customer_id is null and m.import_key is not null and c.workspace_id = ${ws}
      and c.import_key = m.import_key and c.deleted_at is null`.execute(tx);

  const union = (column: 'phones' | 'emails' | 'tags') => sql`c.${sql.ref(column)} || array(
    select v from unnest(s.${sql.ref(column)}) with ordinality u (v, i)
    where not v = any (c.${sql.ref(column)}) order by i)`;
  const fresh = sql`(s.name, coalesce(s.kind, c.kind), coalesce(s.type, c.type), coalesce(s.company, c.company),
    ${union('phones')}, ${union('emails')}, coalesce(s.industry, c.industry), coalesce(s.region, c.region),
    coalesce(s.source, c.source), ${union('tags')}, coalesce(s.birthday, c.birthday),
    coalesce(s.external_id, c.external_id), c.custom || s.custom)`;
  const updated = affected(
    await sql`update customers c set
        (name, kind, type, company, phones, emails, industry, region, source, tags, birthday, external_id, custom)
          = ${fresh},
        version = c.version + 1, updated_at = now()
      from (
        select distinct on (m.customer_id) s.*, m.customer_id from ${staged}
        where not m.duplicate and m.customer_id is not null order by m.customer_id, s.line
      ) s
      where c.workspace_id = ${ws} and c.id = s.customer_id
        and (c.name, c.kind, c.type, c.company, c.phones, c.emails, c.industry, c.region, c.source, c.tags,
          c.birthday, c.external_id, c.custom) is distinct from ${fresh}`.execute(tx),
  );
  const inserted = affected(
    await sql`insert into customers (workspace_id, kind, type, name, company, phones, emails, industry, region,
        source, tags, birthday, external_id, custom, owner_id, import_key)
      select ${ws}, coalesce(s.kind, 'person'), coalesce(s.type, 'consumer'), s.name, s.company, s.phones,
        s.emails, s.industry, s.region, s.source, s.tags, s.birthday, s.external_id, s.custom,
        ${context.ownerId}::uuid, m.import_key
      from ${staged}
      where not m.duplicate and m.customer_id is null
      order by s.line
      on conflict do nothing`.execute(tx),
  );
  const total = await count(tx, sql`select 1 from import_matches`);
  return { imported: inserted, updated, duplicates: total - inserted - updated, rejected: 0 };
}
