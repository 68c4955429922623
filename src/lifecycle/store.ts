import { sql } from 'kysely';
import { formatDay, parseIsoDay } from '../analytics/civil-days.js';
import type { Tx } from '../db/tenant.js';
import { pipelinedChunks, recordLine, textRecords } from '../db/text-records.js';
import type { Override, OverrideEnd, Placement } from './assess.js';
import type { StageEntry } from './playbooks.js';
import type { CurrentStage } from './rules.js';

/** A placement of one customer, ready to be written. */
export interface Outcome extends Placement {
  customerId: string;
  /** The stage before, or null for a first placement; set only when the stage changes. */
  from?: string | null;
  /** The stored cause stays (same stage, same kind of cause): only its type travels. */
  keepCause?: boolean;
}

/** A current stage, with the kind of cause it was entered with (an unchanged stage keeps its cause). */
export interface StoredStage extends CurrentStage {
  causeType: string;
  nextCheck: number | null;
}

/** The stage of a customer in one business line. */
export interface LineStage {
  customerId: string;
  businessLineId: string;
}

/** Current stages of the given customers (null: of everyone), keyed by customer id, then business line id ('' = whole). */
export async function currentStages(tx: Tx, ids: string[] | null) {
  let query = tx
    .selectFrom('customer_lifecycle')
    .select([
      'customer_id',
      'business_line_id',
      'stage',
      'since',
      sql<string>`cause ->> 'type'`.as('cause_type'),
      'next_check',
    ]);
  if (ids) query = query.where('customer_id', '=', sql<string>`any(${ids}::uuid[])`);
  const rows = await query.execute();
  const byCustomer = new Map<string, Map<string, StoredStage>>();
  for (const row of rows) {
    const lines = byCustomer.get(row.customer_id) ?? new Map<string, StoredStage>();
    lines.set(row.business_line_id ?? '', {
      stage: row.stage,
      since: parseIsoDay(row.since),
      causeType: row.cause_type,
      nextCheck: row.next_check === null ? null : parseIsoDay(row.next_check),
    });
    byCustomer.set(row.customer_id, lines);
  }
  return byCustomer;
}

/** Overrides in force for the given customers (null: for everyone). */
export async function activeOverrides(tx: Tx, ids: string[] | null): Promise<Map<string, Override>> {
  let query = tx
    .selectFrom('lifecycle_overrides')
    .select(['customer_id', 'stage', 'reason', 'user_id', 'until', 'created_at'])
    .where('ended_on', 'is', null);
  if (ids) query = query.where('customer_id', '=', sql<string>`any(${ids}::uuid[])`);
  const rows = await query.execute();
  return new Map(
    rows.map((r) => [
      r.customer_id,
      {
        stage: r.stage,
        reason: r.reason,
        userId: r.user_id,
        until: r.until === null ? null : parseIsoDay(r.until),
        createdAt: r.created_at,
      },
    ]),
  );
}

// Customers per statement: a million first placements in one parameter are a quarter of a
// gigabyte of text, which PostgreSQL would hold twice (the text, and the records materialised for
// the statements that read them).
const OUTCOME_CHUNK = 50_000;

const OUTCOME_COLUMNS = [
  ['i', 'int'],
  ['c', 'uuid'],
  ['l', 'uuid'],
  ['s', 'text'],
  ['f', 'text'],
  ['changed', 'boolean'],
  ['cause', 'jsonb'],
  ['nc', 'date'],
] as const;

/**
 * Writes the outcomes of `customers` customers, those of each chunk of them in one statement: the
 * current stages (upsert) and the stage changes (history). `outcomesOf(from, to)` places customers
 * from … to − 1 while the database writes the chunk before. The outcomes travel as one text of
 * records (see text-records.ts). A cause the row keeps travels as its type alone: parsing every
 * customer's metrics was half of the statement. Answers the changes of customers as a whole, for
 * their playbooks, when `entries` asks for them.
 */
export async function writeOutcomes(
  tx: Tx,
  workspaceId: string,
  asOf: number,
  customers: number,
  outcomesOf: (from: number, to: number) => Outcome[],
  /**
   * `entries`: answer the changes (for playbooks). `exclusive`: the caller holds the workspace's
   * refresh lock, so that nobody else can place a customer meanwhile and first placements can be
   * plain inserts.
   */
  options: { entries: boolean; exclusive: boolean },
): Promise<StageEntry[]> {
  const at = formatDay(asOf);
  // The history's ids are needed only for playbooks; a million of them back cost seconds.
  const returning = options.entries
    ? sql`returning id::text as "historyId", customer_id as "customerId", to_stage as stage, at::text as at,
        business_line_id as line`
    : sql``;
  const chunks = await pipelinedChunks(customers, OUTCOME_CHUNK, async (from, to) => {
    const outcomes = outcomesOf(from, to);
    if (outcomes.length === 0) return { rows: [] };
    const lines = outcomes.map((o, i) =>
      recordLine([
        i,
        o.customerId,
        o.businessLineId,
        o.stage,
        o.from,
        o.from !== undefined,
        JSON.stringify(o.keepCause ? { type: o.cause.type } : o.cause),
        o.nextCheck === null ? null : formatDay(o.nextCheck),
      ]),
    );
    return sql<StageEntry & { line: string | null }>`
      with u as (select *, ${sql.lit(options.exclusive)} and changed and f is null as first
        from ${textRecords(lines.join('\n'), OUTCOME_COLUMNS)} as r), first as (
        -- No stored stage, and nobody else can place the customer: a plain insert, without the
        -- conflict check and row lock of an upsert.
        insert into customer_lifecycle (workspace_id, customer_id, business_line_id, stage, since, cause, next_check)
        select ${workspaceId}, u.c, u.l, u.s, ${at}::date, u.cause, u.nc from u where u.first
      ), placed as (
        insert into customer_lifecycle (workspace_id, customer_id, business_line_id, stage, since, cause, next_check)
        select ${workspaceId}, u.c, u.l, u.s, ${at}::date, u.cause, u.nc from u where not u.first
        -- An unchanged stage keeps its since and the cause it was entered with (what a person asks: why
        -- is this customer here?), unless the cause changes kind: an override ending on the same stage.
        on conflict on constraint customer_lifecycle_key do update set
          stage = excluded.stage,
          since = case when customer_lifecycle.stage = excluded.stage then customer_lifecycle.since else excluded.since end,
          cause = case when customer_lifecycle.stage = excluded.stage
              and customer_lifecycle.cause ->> 'type' = excluded.cause ->> 'type'
            then customer_lifecycle.cause else excluded.cause end,
          next_check = excluded.next_check
      )
      insert into lifecycle_history (workspace_id, customer_id, business_line_id, from_stage, to_stage, at, cause)
      select ${workspaceId}, u.c, u.l, u.f, u.s, ${at}::date, u.cause from u where u.changed order by u.i
      ${returning}`.execute(tx);
  });
  const written: StageEntry[] = [];
  for (const { rows } of chunks)
    for (const { line, ...entry } of rows) if (line === null) written.push(entry);
  return written;
}

/** Removes the stages of business lines that customers no longer have a purchase in. */
export async function deleteLineStages(tx: Tx, gone: LineStage[]) {
  if (gone.length === 0) return;
  await sql`
    delete from customer_lifecycle l
    using unnest(${gone.map((g) => g.customerId)}::uuid[], ${gone.map((g) => g.businessLineId)}::uuid[]) as g(c, line)
    where l.customer_id = g.c and l.business_line_id = g.line`.execute(tx);
}

/** Ends overrides at day D, each with its reason. */
export async function endOverrides(
  tx: Tx,
  asOf: number,
  ends: { customerId: string; reason: OverrideEnd }[],
) {
  if (ends.length === 0) return;
  await sql`
    update lifecycle_overrides o set ended_on = ${formatDay(asOf)}::date, ended_reason = u.reason
    from unnest(${ends.map((e) => e.customerId)}::uuid[], ${ends.map((e) => e.reason)}::text[]) as u(c, reason)
    where o.customer_id = u.c and o.ended_on is null`.execute(tx);
}
