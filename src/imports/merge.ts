import { type RawBuilder, sql } from 'kysely';
import type { Step, Tx } from '../db/tenant.js';
import { assignImported } from '../ownership/service.js';
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
  /** The embedded database (PGlite), which runs in this process. */
  embedded?: boolean;
}

/**
 * The memory of each sort or hash of the merge's statements (work_mem). On PostgreSQL a large file's
 * sorts stay in memory, freed by the server after each statement. On the embedded database it is
 * this process's WebAssembly memory, which never shrinks: at 64MB per node the insert of 500,000
 * transactions grew it by 238 MiB, at 8MB by nothing, and ran faster.
 */
const workMem = (context: MergeContext) => (context.embedded ? '8MB' : '64MB');

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
 * Statistics of the tables the merge fills (staged rows, references, the customers it creates): the
 * planner would take them for the empty tables they were, and scan them whole for each range or
 * reference. One table per step, so that on the embedded database a request waits for one table's
 * ANALYZE at most.
 */
async function analyze(step: Step, tables: string[]) {
  for (const table of tables) await step((tx) => sql`select clm_analyze_table(${table})`.execute(tx));
}

/** Session settings of each step: the staging rows were never analysed, and the memory of its sorts. */
async function tune(tx: Tx, whole: boolean, context: MergeContext) {
  // A whole file's statements join everything with everything: hash joins are right for any size,
  // where the planner, guessing a handful of staged rows, would join them row by row.
  // A slice is small, and the statistics of what it joins describe the file before the slices began
  // (customers just created, references just resolved): it reaches everything by index.
  const off = whole ? ['enable_nestloop'] : ['enable_hashjoin', 'enable_mergejoin'];
  // One round trip: on the embedded database a range is a few statements, and each counts.
  const settings = [
    ...off.map((name) => `set_config('${name}', 'off', true)`),
    `set_config('work_mem', '${workMem(context)}', true)`,
  ];
  await sql.raw(`select ${settings.join(', ')}`).execute(tx);
}

/**
 * Moves the staged rows of a customer file into the workspace's records, set-based, in one step: a
 * handful of statements whatever the number of rows. The staged rows are deleted.
 */
export async function mergeStagedCustomers(tx: Tx, context: MergeContext): Promise<MergeCounts> {
  await tune(tx, true, context);
  const counts = await mergeCustomers(tx, context);
  await sql`delete from import_customer_rows
    where workspace_id = ${context.workspaceId} and import_id = ${context.importId}`.execute(tx);
  return counts;
}

/** A rep's import: the customers it created are theirs, through the ownership domain (event and audit). */
async function ownCreated(tx: Tx, context: MergeContext, ids: string[]) {
  if (!context.ownerId || !ids.length) return;
  await assignImported(
    tx,
    { workspaceId: context.workspaceId, userId: context.userId ?? context.ownerId },
    { importId: context.importId, ownerId: context.ownerId, customerIds: [...new Set(ids)] },
    new Date(),
  );
}

const refsOf = (context: MergeContext) =>
  sql`r.workspace_id = ${context.workspaceId} and r.import_id = ${context.importId}`;
const stagedOf = (context: MergeContext) =>
  sql`s.workspace_id = ${context.workspaceId} and s.import_id = ${context.importId}`;
/** A staged row and its reference: `ref` is reached by index, the parts make the match exact. */
const sameRef = sql`r.ref = s.ref and r.ext = coalesce(s.customer_external_id, '')
  and r.phone = coalesce(s.customer_phone, '') and r.email = coalesce(s.customer_email, '')`;
const joinRefs = sql`join import_refs r on r.workspace_id = s.workspace_id and r.import_id = s.import_id
  and ${sameRef}`;

/** Consecutive ranges [from, to] of `keys` (sorted), each holding at most `size` of `weights` (at least one key). */
export function ranges(keys: number[], weights: number[], size: number): [number, number][] {
  const out: [number, number][] = [];
  let from = 0;
  let load = 0;
  for (let i = 0; i < keys.length; i++) {
    if (i > from && load + weights[i] > size) {
      out.push([keys[from], keys[i - 1]]);
      from = i;
      load = 0;
    }
    load += weights[i];
  }
  if (keys.length > from) out.push([keys[from], keys[keys.length - 1]]);
  return out;
}

/**
 * The distinct customers a transaction or follow-up file names (import_refs), each with its first line
 * and number of rows, built from the staged rows in ranges of lines. Built again from what is still
 * staged when a merge resumes.
 */
async function collectRefs(step: Step, context: MergeContext, sliceRows: number) {
  const { workspaceId: ws, importId } = context;
  const staging = sql.table(STAGING[context.kind]);
  const whole = sliceRows === Number.POSITIVE_INFINITY;
  const bounds = await step(async (tx) => {
    await sql`delete from import_refs r where ${refsOf(context)}`.execute(tx);
    const { rows } = await sql<{ low: number | null; high: number | null }>`
      select min(line)::int8 as low, max(line)::int8 as high from ${staging} s where ${stagedOf(context)}`.execute(
      tx,
    );
    return rows[0];
  });
  if (bounds.low === null || bounds.high === null) return;
  const high = Number(bounds.high);
  for (let from = Number(bounds.low); from <= high; from += sliceRows)
    await step(async (tx) => {
      await tune(tx, whole, context);
      const lines = sql`s.line between ${from} and ${Math.min(high, from + sliceRows - 1)}`;
      if (context.kind === 'transactions')
        await sql`insert into business_lines (workspace_id, name)
          select distinct ${ws}::uuid, s.business_line from import_transaction_rows s
          where ${stagedOf(context)} and ${lines} and s.business_line is not null
          on conflict do nothing`.execute(tx);
      // Ranges come in line order, so a reference met again keeps its first line and first name.
      // Grouped byte-wise: the same groups as by the database's collation, sorted several times faster.
      await sql`insert into import_refs as r (workspace_id, import_id, ext, phone, email, name, line, named_rows)
        select ${ws}, ${importId}, coalesce(s.customer_external_id, '') collate "C",
          coalesce(s.customer_phone, '') collate "C", coalesce(s.customer_email, '') collate "C",
          (array_agg(s.customer_name order by s.line) filter (where s.customer_name is not null))[1],
          min(s.line), count(*)
        from ${staging} s where ${stagedOf(context)} and ${lines}
        group by 3, 4, 5
        on conflict (workspace_id, import_id, ext, phone, email) do update
          set named_rows = r.named_rows + excluded.named_rows, name = coalesce(r.name, excluded.name)`.execute(
        tx,
      );
    });
}

/** The references' first lines and row counts, in line order, cut into ranges of at most `size` rows (or references). */
async function refRanges(step: Step, context: MergeContext, size: number, by: 'rows' | 'refs') {
  if (size === Number.POSITIVE_INFINITY) return [[0, Number.MAX_SAFE_INTEGER]] as [number, number][];
  const refs = await step((tx) =>
    sql<{ line: number; n: number }>`select r.line::int8 as line, r.named_rows as n from import_refs r
      where ${refsOf(context)} order by r.line`.execute(tx),
  );
  const lines = refs.rows.map((r) => Number(r.line));
  return ranges(lines, by === 'rows' ? refs.rows.map((r) => r.n) : lines.map(() => 1), size);
}

/**
 * Resolves each reference to a customer: by external id, then phone, then e-mail, among live
 * customers. When allowed, the missing ones are created in the same order (one per external id, then
 * per phone, then per e-mail, each from the first line naming it), so rows that name one person by
 * different means still land on one customer. Each means runs over every range before the next.
 */
async function resolveRefs(
  step: Step,
  context: MergeContext,
  lookups: [number, number][],
  creations: [number, number][],
) {
  const { workspaceId: ws } = context;
  const whole = lookups.length === 1 && lookups[0][1] === Number.MAX_SAFE_INTEGER;
  // One index probe per reference, whatever the planner knows of import_refs (never analysed).
  const lookup = (key: 'ext' | 'phone' | 'email', within: RawBuilder<unknown>) => sql`
    update import_refs r set customer_id = (
      select c.id from customers c
      where c.workspace_id = ${ws} and c.deleted_at is null and ${
        // External ids are unique among live customers.
        key === 'ext'
          ? sql`c.external_id = r.ext and c.external_id is not null`
          : sql`c.${sql.ref(key === 'phone' ? 'phones' : 'emails')} @> array[r.${sql.ref(key)}]
            order by c.created_at, c.id limit 1`
      })
    where ${refsOf(context)} and ${within} and r.customer_id is null and r.${sql.ref(key)} <> ''`;
  // Ranges come in line order, and every earlier range created its keys: the first unresolved
  // reference to a key in this range is the first in the file. Each new customer resolves every
  // reference to its key at once, whichever range it lies in.
  const create = (key: 'ext' | 'phone' | 'email', within: RawBuilder<unknown>) => sql`
    with created as (
      insert into customers (workspace_id, id, name, external_id, phones, emails, source)
      select ${ws}, clm_import_uuid(now(), line), coalesce(name, nullif(ext, ''), nullif(phone, ''), email),
        nullif(ext, ''), case when phone <> '' then array[phone] else '{}' end,
        case when email <> '' then array[email] else '{}' end, 'import'
      from (
        select distinct on (r.${sql.ref(key)}) r.* from import_refs r
        where ${refsOf(context)} and ${within} and r.customer_id is null and r.${sql.ref(key)} <> ''
        order by r.${sql.ref(key)}, r.line
      ) fresh
      order by line
      returning id, ${key === 'ext' ? sql`external_id` : key === 'phone' ? sql`phones[1]` : sql`emails[1]`} as key
    )
    update import_refs r set customer_id = created.id from created
    where ${refsOf(context)} and r.customer_id is null and r.${sql.ref(key)} = created.key
    returning created.id`;
  // Ids grow with the first line naming the customer, as transactions' do (clm_import_uuid): the
  // primary key and the index by creation take each new customer at their right edge.
  // Every range is looked up before any is created: the customers an import creates are not in the
  // statistics yet, and a lookup among them would read them all.
  // Most files name customers one way: the means no reference uses cost no step.
  const used = await step(async (tx) => {
    const { rows } = await sql<Record<'ext' | 'phone' | 'email', boolean | null>>`
      select bool_or(r.ext <> '') as ext, bool_or(r.phone <> '') as phone, bool_or(r.email <> '') as email
      from import_refs r where ${refsOf(context)}`.execute(tx);
    return rows[0];
  });
  for (const key of (['ext', 'phone', 'email'] as const).filter((k) => used[k])) {
    for (const [from, to] of lookups)
      await step(async (tx) => {
        await tune(tx, whole, context);
        await lookup(key, sql`r.line between ${from} and ${to}`).execute(tx);
      });
    if (!context.createCustomers) continue;
    for (const [from, to] of creations)
      await step(async (tx) => {
        await tune(tx, whole, context);
        const created = await create(key, sql`r.line between ${from} and ${to}`).execute(tx);
        await ownCreated(
          tx,
          context,
          (created.rows as { id: string }[]).map((r) => r.id),
        );
      });
    await analyze(step, ['customers', 'import_refs']);
  }
}

/**
 * Lists the rows whose customer is unknown (and not to be created) among the import's errors: the
 * report of a dry run that may not create customers.
 */
export async function refuseUnknownCustomers(tx: Tx, context: MergeContext): Promise<number> {
  const step: Step = (work) => work(tx);
  await collectRefs(step, context, Number.POSITIVE_INFINITY);
  const whole: [number, number][] = [[0, Number.MAX_SAFE_INTEGER]];
  await resolveRefs(step, { ...context, createCustomers: false }, whole, whole);
  const refused = await refuse(tx, context, sql`true`);
  await sql`delete from import_refs r where ${refsOf(context)}`.execute(tx);
  return refused;
}

async function refuse(tx: Tx, context: MergeContext, within: RawBuilder<unknown>): Promise<number> {
  const { workspaceId: ws, importId } = context;
  const refused =
    await sql`insert into import_errors (workspace_id, import_id, line, column_name, value, reason, code)
    select ${ws}, ${importId}, s.line, ${context.customerColumn},
      coalesce(s.customer_external_id, s.customer_phone, s.customer_email, ''),
      'no customer has this id, phone or e-mail, and creating customers is off', 'unknown_customer'
    from ${sql.table(STAGING[context.kind])} s ${joinRefs}
    where ${stagedOf(context)} and ${within} and r.customer_id is null`.execute(tx);
  return affected(refused);
}

/**
 * Moves the staged rows of a transaction or follow-up file into the workspace's records: the
 * references are collected and resolved to customers, then the rows go in by ranges of references
 * (all the rows naming one reference in the same range, so identical rows are numbered over the whole
 * file) of about `sliceRows` rows each: per range, one step refuses the rows of unknown customers,
 * inserts the others, counts them into the import and deletes them from the staging table. Resumable:
 * a step that did not commit is done again. With `sliceRows` infinite, each phase is one statement.
 */
export async function mergeActivity(
  step: Step,
  context: MergeContext,
  sliceRows: number,
  onRange?: () => void,
): Promise<MergeCounts> {
  const total: MergeCounts = { imported: 0, updated: 0, duplicates: 0, rejected: 0 };
  await analyze(step, [STAGING[context.kind]]);
  await collectRefs(step, context, sliceRows);
  await analyze(step, ['import_refs']);
  // Looking a reference up costs about one of its rows, creating its customer about ten (its search indexes).
  await resolveRefs(
    step,
    context,
    await refRanges(step, context, sliceRows, 'refs'),
    await refRanges(step, context, Math.ceil(sliceRows / 10), 'refs'),
  );
  const whole = sliceRows === Number.POSITIVE_INFINITY;
  for (const [from, to] of await refRanges(step, context, sliceRows, 'rows'))
    await step(async (tx) => {
      await tune(tx, whole, context);
      const within = sql`r.line between ${from} and ${to}`;
      const counts = await insertRows(tx, context, within);
      await sql`update imports set imported_rows = imported_rows + ${counts.imported},
          duplicate_rows = duplicate_rows + ${counts.duplicates}, rejected_rows = rejected_rows + ${counts.rejected}
        where workspace_id = ${context.workspaceId} and id = ${context.importId}`.execute(tx);
      // The whole file at once: every staged row is done with, and needs no join to tell.
      if (whole)
        await sql`delete from ${sql.table(STAGING[context.kind])} s where ${stagedOf(context)}`.execute(tx);
      else
        await sql`delete from ${sql.table(STAGING[context.kind])} s using import_refs r
          where ${stagedOf(context)} and ${refsOf(context)} and ${within} and ${sameRef}`.execute(tx);
      // Its references are done with too (a merge that resumes collects them again from what is staged).
      await sql`delete from import_refs r where ${refsOf(context)} and ${within}`.execute(tx);
      total.imported += counts.imported;
      total.duplicates += counts.duplicates;
      total.rejected += counts.rejected;
    }).then(onRange);
  await step((tx) => sql`delete from import_refs r where ${refsOf(context)}`.execute(tx));
  return total;
}

async function insertRows(tx: Tx, context: MergeContext, within: RawBuilder<unknown>): Promise<MergeCounts> {
  const { workspaceId: ws } = context;
  const rejected = await refuse(tx, context, within);
  const { rows } = await sql<{ n: number }>`select coalesce(sum(r.named_rows), 0)::int as n from import_refs r
    where ${refsOf(context)} and ${within} and r.customer_id is not null`.execute(tx);
  const eligible = Number(rows[0].n);
  const mine = sql`${stagedOf(context)} and ${within} and r.customer_id is not null`;
  const occurredAt = sql`coalesce(n.occurred_utc, n.occurred_local at time zone w.timezone)`;
  let inserted: number;
  if (context.kind === 'transactions') {
    inserted = await insertTransactions(tx, context, mine);
  } else {
    const result = await sql`
      with numbered as (
        select s.*, r.customer_id, row_number() over (
          partition by s.customer_external_id, s.customer_phone, s.customer_email, s.channel, s.direction,
            s.summary, s.occurred_local, s.occurred_utc, s.next_follow_up_on
          order by s.line) as occurrence
        from import_interaction_rows s ${joinRefs}
        where ${mine}
      )
      insert into interactions (workspace_id, id, customer_id, channel, direction, summary, occurred_at,
        next_follow_up_on, user_id, import_key)
      select ${ws}, clm_import_uuid(now(), n.line), n.customer_id, n.channel, n.direction, n.summary, ${occurredAt}, n.next_follow_up_on,
        ${context.userId}::uuid,
        md5(row(n.customer_external_id, n.customer_phone, n.customer_email, n.channel, n.direction, n.summary,
          n.occurred_local, extract(epoch from n.occurred_utc), n.next_follow_up_on)::text) || ':' || n.occurrence
      from numbered n
      cross join (select timezone from workspaces where id = ${ws}) w
      on conflict do nothing`.execute(tx);
    inserted = affected(result);
  }
  if (eligible > inserted) await listDuplicates(tx, context, mine);
  return { imported: inserted, updated: 0, duplicates: eligible - inserted, rejected };
}

/**
 * Lists the lines of `mine` that the step's insert skipped, for the row report, each with the customer
 * it matched: the lines inserted are read back from the ids they got (clm_import_uuid, this transaction's
 * millisecond), so nothing is computed again for a file that adds everything. A transaction line with an
 * order id matched the transaction of that id, which an earlier line of the file may have made; any other
 * line matched a record of the same content that the workspace held already.
 */
async function listDuplicates(tx: Tx, context: MergeContext, mine: RawBuilder<unknown>) {
  const { workspaceId: ws, importId } = context;
  const table = sql.table(context.kind === 'transactions' ? 'transactions' : 'interactions');
  // Follow-ups have no order id: their `t` is always empty.
  const order =
    context.kind === 'transactions'
      ? sql`left join transactions t on s.external_id is not null and t.workspace_id = ${ws}
        and t.external_id = s.external_id`
      : sql`left join (select null::uuid as id, null::uuid as customer_id) t on false`;
  await sql`insert into import_row_matches (workspace_id, import_id, line, customer_id, outcome, matched_by,
      earlier_line)
    select ${ws}, ${importId}, s.line, coalesce(t.customer_id, r.customer_id), 'duplicate',
      case when t.id is null then 'content' else 'externalId' end,
      case when t.id between b.low and b.high then clm_import_uuid_line(t.id) end
    from ${sql.table(STAGING[context.kind])} s ${joinRefs}
    cross join clm_import_uuid_bounds(now()) b
    ${order}
    left join (
      select clm_import_uuid_line(i.id) as line from ${table} i, clm_import_uuid_bounds(now()) b
      where i.workspace_id = ${ws} and i.id between b.low and b.high
    ) done on done.line = s.line
    where ${mine} and done.line is null
    on conflict do nothing`.execute(tx);
}

/**
 * Inserts the staged transactions of `mine` that are not in the workspace yet, in file order, with ids
 * that grow with the line (clm_import_uuid), and answers how many. A row with an order id is the
 * order of that id; one without is keyed by its content and its occurrence among identical rows (the
 * n-th copy of a purchase always gets the same key), numbered only among the rows without an order id.
 * What the workspace holds already is left out by an anti-join, under a lock that keeps other imports
 * into the workspace out until this one commits; rows the anti-join cannot see (an order id twice in
 * the file, a transaction written meanwhile through the API) fail the insert on a unique key, which
 * then runs again skipping every conflicting row, the first line of each key going in.
 */
async function insertTransactions(tx: Tx, context: MergeContext, mine: RawBuilder<unknown>): Promise<number> {
  const { workspaceId: ws } = context;
  await sql`select pg_advisory_xact_lock(${IMPORT_LOCK}, hashtext(${ws}))`.execute(tx);
  // The workspace's settings as values: joined, its row would be read again for each staged row.
  const { rows } = await sql<{ timezone: string; currency: string }>`
    select timezone, currency from workspaces where id = ${ws}`.execute(tx);
  const { timezone, currency } = rows[0];
  // Byte-wise, like the references: the same partitions, sorted faster.
  const content = sql`s.customer_external_id collate "C", s.customer_phone collate "C",
    s.customer_email collate "C", s.occurred_local, s.occurred_utc, s.amount, s.margin, s.currency collate "C",
    s.business_line collate "C"`;
  const insert = (onConflict: RawBuilder<unknown>) => sql`
    with numbered as (
      select s.line, md5(row(s.customer_external_id, s.customer_phone, s.customer_email, s.occurred_local,
          extract(epoch from s.occurred_utc), s.amount, s.margin, s.currency, s.business_line)::text)
        || ':' || row_number() over (partition by ${content} order by s.line) as import_key
      from import_transaction_rows s ${joinRefs}
      where ${mine} and s.external_id is null
    ), fresh as (
      select s.*, r.customer_id, n.import_key
      from import_transaction_rows s ${joinRefs}
      left join numbered n on n.line = s.line
      where ${mine}
    )
    insert into transactions (workspace_id, id, customer_id, business_line_id, occurred_at, amount, margin,
      currency, external_id, import_key)
    select ${ws}, clm_import_uuid(now(), f.line), f.customer_id, bl.id,
      coalesce(f.occurred_utc, f.occurred_local at time zone ${timezone}::text), f.amount, f.margin,
      coalesce(f.currency, ${currency}::text), f.external_id, f.import_key
    from fresh f
    left join business_lines bl on bl.workspace_id = ${ws} and bl.name = f.business_line
    where not exists (select 1 from transactions t where t.workspace_id = ${ws} and t.external_id = f.external_id)
      and not exists (select 1 from transactions t where t.workspace_id = ${ws} and t.import_key = f.import_key)
    order by f.line
    ${onConflict}`;
  await sql`savepoint import_insert`.execute(tx);
  try {
    const result = await insert(sql``).execute(tx);
    await sql`release savepoint import_insert`.execute(tx);
    return affected(result);
  } catch (error) {
    if ((error as { code?: string }).code !== UNIQUE_VIOLATION) throw error;
    await sql`rollback to savepoint import_insert`.execute(tx);
    return affected(await insert(sql`on conflict do nothing`).execute(tx));
  }
}

/** First key of the advisory lock an import takes on its workspace while it inserts (any fixed number). */
const IMPORT_LOCK = 4_242_025;
const UNIQUE_VIOLATION = '23505';

/**
 * Sets the customer of each row of `which` that has none yet: the live customer with the row's
 * external id, else one sharing a phone, else an e-mail, else (rows with none of these) the content
 * key of a row imported before; and by which of these it was found.
 */
async function matchCustomers(tx: Tx, context: MergeContext, which: RawBuilder<unknown>) {
  const { workspaceId: ws, importId } = context;
  await sql`update import_matches m set customer_id = c.id, matched_by = 'externalId'
    from import_customer_rows s, customers c
    where ${which} and m.customer_id is null
      and s.workspace_id = ${ws} and s.import_id = ${importId} and s.line = m.line and s.external_id is not null
      and c.workspace_id = ${ws} and c.external_id = s.external_id and c.deleted_at is null`.execute(tx);
  for (const [column, by] of [
    ['phones', 'phone'],
    ['emails', 'email'],
  ] as const)
    await sql`update import_matches m set customer_id = (
        select c.id from customers c where c.workspace_id = ${ws} and c.deleted_at is null
          and c.${sql.ref(column)} && s.${sql.ref(column)}
        order by c.created_at, c.id limit 1), matched_by = ${by}
      from import_customer_rows s
      where ${which} and s.workspace_id = ${ws} and s.import_id = ${importId} and s.line = m.line
        and m.customer_id is null and cardinality(s.${sql.ref(column)}) > 0`.execute(tx);
  await sql`update import_matches m set customer_id = c.id, matched_by = 'content' from customers c
    where ${which} and m.customer_id is null and m.import_key is not null and c.workspace_id = ${ws}
      and c.import_key = m.import_key and c.deleted_at is null`.execute(tx);
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
    select s.line, null::uuid as customer_id, false as duplicate, null::bigint as earlier_line,
      null::text as matched_by,
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
  await sql`update import_matches m set duplicate = true, earlier_line = later.first from (
      select line, min(first) as first from (
        select line, min(line) over (partition by k) as first from (
          select s.line, 'x:' || s.external_id as k from ${staged} where s.external_id is not null
          union all select s.line, 'p:' || unnest(s.phones) from ${staged}
          union all select s.line, 'e:' || unnest(s.emails) from ${staged}
          union all select m.line, 'k:' || m.import_key from import_matches m where m.import_key is not null
        ) keys
      ) firsts group by line having min(first) < line
    ) later where m.line = later.line`.execute(tx);

  await matchCustomers(tx, context, sql`true`);
  // What matched before anything was created: the report's matched rows.
  await sql`update import_matches set matched_by = null where customer_id is null`.execute(tx);

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
  const { rows: created } = await sql<{ id: string }>`insert into customers (workspace_id, kind, type, name,
        company, phones, emails, industry, region, source, tags, birthday, external_id, custom, import_key)
      select ${ws}, coalesce(s.kind, 'person'), coalesce(s.type, 'consumer'), s.name, s.company, s.phones,
        s.emails, s.industry, s.region, s.source, s.tags, s.birthday, s.external_id, s.custom, m.import_key
      from ${staged}
      where not m.duplicate and m.customer_id is null
      order by s.line
      on conflict do nothing
      returning id`.execute(tx);
  const inserted = created.length;
  await ownCreated(
    tx,
    context,
    created.map((r) => r.id),
  );
  // A duplicate of a row that created its customer finds that customer now.
  await matchCustomers(tx, context, sql`m.duplicate`);
  await sql`insert into import_row_matches (workspace_id, import_id, line, customer_id, outcome, matched_by,
      earlier_line)
    select ${ws}, ${importId}, m.line, m.customer_id, case when m.duplicate then 'duplicate' else 'matched' end,
      case when m.duplicate then null else m.matched_by end, m.earlier_line
    from import_matches m where m.duplicate or m.matched_by is not null
    on conflict do nothing`.execute(tx);
  const total = await count(tx, sql`select 1 from import_matches`);
  return { imported: inserted, updated, duplicates: total - inserted - updated, rejected: 0 };
}
