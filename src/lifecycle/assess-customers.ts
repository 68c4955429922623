import { sql } from 'kysely';
import { parseIsoDay } from '../analytics/civil-days.js';
import type { RepeatModel } from '../analytics/repeat-model.js';
import type { Tx } from '../db/tenant.js';
import { scoredAnswers } from '../surveys/churn-signals.js';
import { complaintSpellsByCustomer } from '../tickets/complaint-spells.js';
import { type WorkspaceTransactions, workspaceTransactions } from '../value/transaction-columns.js';
import type { Cause, ChurnReason, Override } from './assess.js';
import { groupByCustomer, maxRun } from './purchase-rows.js';
import { type CustomerRecord, type Replay, replayCustomer, type SalesColumns } from './replay.js';
import type { CustomerSignals } from './signals-at.js';
import type { StageModel } from './stage-model.js';

/** A stored history entry, to be compared with the replayed one. */
export interface StoredTransition {
  id: string;
  businessLineId: string | null;
  from: string | null;
  to: string;
  at: number;
  cause: Cause;
}

export interface CustomerAssessment {
  customerId: string;
  replay: Replay;
}

/**
 * The customers to place, each replayed when asked for: a refresh writes the first while it replays
 * the next. What is stored of them (stages, history) is read by the writer a chunk at a time, so that
 * a workspace of a million customers never holds all of it at once.
 */
export interface CustomerAssessments {
  count: number;
  /** The customers' ids in the order of `assess`. */
  ids: string[];
  /** Replays the i-th customer (0 ≤ i < count). */
  assess(i: number): CustomerAssessment;
}

/**
 * Reads everything the rules need about the given customers (null: every live customer) — their
 * sales, owner, interaction days and overrides — and replays each of them up to day D (see
 * replayCustomer): what a refresh writes and what a settings preview counts. `transactions`, when
 * the caller has read them already, cover at least these customers.
 */
export async function assessCustomers(
  tx: Tx,
  timezone: string,
  model: StageModel,
  day: number,
  ids: string[] | null,
  fit: RepeatModel | null,
  options: { transactions?: WorkspaceTransactions } = {},
): Promise<CustomerAssessments> {
  const [sales, records, overrides] = await Promise.all([
    options.transactions ?? workspaceTransactions(tx, timezone, ids),
    customerRecords(tx, timezone, ids),
    allOverrides(tx, ids),
  ]);
  const grouped = groupByCustomer(sales);
  const columns: SalesColumns = { ...grouped, lineIds: sales.lineIds };
  const position = new Map(sales.customerIds.map((id, k) => [id, k]));
  const steps = new Float64Array(Math.max(1, maxRun(grouped.start)));
  return {
    count: records.length,
    ids: records.map((r) => r.customerId),
    assess(i) {
      const { customerId } = records[i];
      const k = position.get(customerId);
      const record: CustomerRecord = {
        ...records[i],
        overrides: overrides.get(customerId) ?? [],
        from: k === undefined ? 0 : grouped.start[k],
        to: k === undefined ? 0 : grouped.start[k + 1],
      };
      return { customerId, replay: replayCustomer(model, day, columns, record, fit, steps) };
    },
  };
}

// Day numbers (days since 1970-01-01) of instants in the workspace time zone, as in the aggregates.
const dayOf = (column: string, tz: string) =>
  sql<number>`((${sql.ref(column)} at time zone ${tz})::date - date '1970-01-01')`;

interface RecordRow extends CustomerSignals {
  createdDay: number;
}

/**
 * The live customers among the given ones (null: all), in id order, with what the rules need besides
 * sales: their interactions, and their complaints and survey answers as the service domains tell them.
 */
export async function customerRecords(tx: Tx, tz: string, ids: string[] | null): Promise<RecordRow[]> {
  const [rows, complaints, answers] = await Promise.all([
    customerRows(tx, tz, ids),
    complaintSpellsByCustomer(tx, tz, ids),
    scoredAnswers(tx, tz, ids),
  ]);
  return rows.map((r) => ({
    ...r,
    complaints: complaints.get(r.customerId) ?? [],
    answers: answers.get(r.customerId) ?? [],
  }));
}

async function customerRows(tx: Tx, tz: string, ids: string[] | null) {
  const some = ids ? sql`and c.id = any(${ids}::uuid[])` : sql``;
  const { rows } = await sql<{
    customerId: string;
    createdDay: number;
    hasOwner: boolean;
    interactions: number[];
  }>`
    with i as (
      select customer_id, array_agg(distinct ${dayOf('occurred_at', tz)}) as days from interactions
      ${ids ? sql`where customer_id = any(${ids}::uuid[])` : sql``}
      group by customer_id
    )
    select c.id as "customerId", ${dayOf('c.created_at', tz)} as "createdDay",
      c.owner_id is not null as "hasOwner", coalesce(i.days, '{}') as interactions
    from customers c left join i on i.customer_id = c.id
    where c.deleted_at is null ${some}
    order by c.id`.execute(tx);
  // array_agg(distinct …) answers its values in ascending order.
  return rows.map((r) => ({
    ...r,
    createdDay: Number(r.createdDay),
    interactions: r.interactions.map(Number),
  }));
}

/** Every override of the given customers (null: of everyone), ended or not, in the order they were made. */
async function allOverrides(tx: Tx, ids: string[] | null): Promise<Map<string, Override[]>> {
  let query = tx
    .selectFrom('lifecycle_overrides')
    .select(['customer_id', 'stage', 'reason', 'user_id', 'until', 'since', 'churn_reason'])
    .orderBy('created_at')
    .orderBy('id');
  if (ids) query = query.where('customer_id', '=', sql<string>`any(${ids}::uuid[])`);
  const byCustomer = new Map<string, Override[]>();
  for (const r of await query.execute()) {
    const list = byCustomer.get(r.customer_id) ?? [];
    list.push({
      stage: r.stage,
      reason: r.reason,
      userId: r.user_id,
      until: r.until === null ? null : parseIsoDay(r.until),
      since: parseIsoDay(r.since),
      ...(r.churn_reason ? { churnReason: r.churn_reason as ChurnReason } : {}),
    });
    byCustomer.set(r.customer_id, list);
  }
  return byCustomer;
}

/** The stored history of the given customers, each customer's oldest first. */
export async function storedHistory(tx: Tx, ids: string[]): Promise<Map<string, StoredTransition[]>> {
  const query = tx
    .selectFrom('lifecycle_history')
    .select([
      sql<string>`id::text`.as('id'),
      'customer_id',
      'business_line_id',
      'from_stage',
      'to_stage',
      sql<string>`at::text`.as('at'),
      'cause',
    ])
    .where('customer_id', '=', sql<string>`any(${ids}::uuid[])`)
    .orderBy('id');
  const byCustomer = new Map<string, StoredTransition[]>();
  for (const r of await query.execute()) {
    const list = byCustomer.get(r.customer_id) ?? [];
    list.push({
      id: r.id,
      businessLineId: r.business_line_id,
      from: r.from_stage,
      to: r.to_stage,
      at: parseIsoDay(r.at),
      cause: r.cause as Cause,
    });
    byCustomer.set(r.customer_id, list);
  }
  return byCustomer;
}
