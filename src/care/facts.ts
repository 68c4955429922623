import { sql } from 'kysely';
import type { Tx } from '../db/tenant.js';
import { joinStageAndValue } from '../lifecycle/customer-view.js';
import type { ConditionFacts } from './conditions.js';
import type { TriggerFacts } from './triggers.js';

/** Everything rules read of one customer: trigger facts, condition facts, and what a message needs. */
export interface CustomerFacts extends Omit<TriggerFacts, 'purchaseDays'>, ConditionFacts {
  id: string;
  name: string;
  company: string | null;
  email: string | null;
  ownerName: string | null;
  /** The customer's language (custom field `language`), else their owner's, else English. */
  language: 'en' | 'zh-CN';
  /** The owner's language, for tasks; English without an owner. */
  ownerLanguage: 'en' | 'zh-CN';
  /** The customer's own time zone (custom field `timezone`), as entered. */
  timezone: string | null;
}

interface FactsRow {
  id: string;
  name: string;
  company: string | null;
  region: string | null;
  tags: string[];
  birthday: string | null;
  owner_id: string | null;
  team_id: string | null;
  owner_name: string | null;
  owner_locale: string | null;
  consent: Record<string, boolean>;
  language: string | null;
  timezone: string | null;
  email: string | null;
  stage: string | null;
  rhythm: number | null;
  abc_class: string | null;
  rfm_segment: string | null;
  cn_class: string | null;
  clv: string | null;
  churn_level: string | null;
  previous_churn_level: string | null;
  first_purchase: string | null;
  last_purchase: string | null;
  lines: string[];
  task_closed_days: string[];
  ticket_resolved_days: string[];
}

// How far back closed tasks and resolved tickets are read: the longest delay their triggers may have.
const TASK_DAYS = 60;

/**
 * The facts of the workspace's live customers (or only `ids`) on local day `day` of `timezone`, in one
 * statement: stage and value through the lifecycle's view, purchases from the per-customer aggregates.
 */
export async function customerFacts(
  tx: Tx,
  timezone: string,
  day: string,
  ids?: string[],
): Promise<CustomerFacts[]> {
  let query = joinStageAndValue(tx.selectFrom('customers'))
    .leftJoin('customer_stats as s', (j) =>
      j.onRef('s.workspace_id', '=', 'customers.workspace_id').onRef('s.customer_id', '=', 'customers.id'),
    )
    .leftJoin('users as o', 'o.id', 'customers.owner_id')
    .leftJoin('memberships as m', (j) =>
      j.onRef('m.workspace_id', '=', 'customers.workspace_id').onRef('m.user_id', '=', 'customers.owner_id'),
    )
    .leftJoin('care_churn_seen as seen', (j) =>
      j
        .onRef('seen.workspace_id', '=', 'customers.workspace_id')
        .onRef('seen.customer_id', '=', 'customers.id'),
    )
    .select([
      'customers.id',
      'customers.name',
      'customers.company',
      'customers.region',
      'customers.tags',
      sql<string | null>`customers.birthday::text`.as('birthday'),
      'customers.owner_id',
      'm.team_id',
      'o.name as owner_name',
      'o.locale as owner_locale',
      'customers.consent',
      sql<string | null>`customers.custom ->> 'language'`.as('language'),
      sql<string | null>`customers.custom ->> 'timezone'`.as('timezone'),
      sql<string | null>`customers.emails[1]`.as('email'),
      'l.stage',
      sql<number | null>`(l.cause -> 'metrics' ->> 'rhythm')::float8`.as('rhythm'),
      'v.abc_class',
      'v.rfm_segment',
      'v.cn_class',
      sql<string | null>`v.clv::text`.as('clv'),
      'v.churn_level',
      'seen.level as previous_churn_level',
      sql<string | null>`(s.first_purchase_at at time zone ${timezone})::date::text`.as('first_purchase'),
      sql<string | null>`(s.last_purchase_at at time zone ${timezone})::date::text`.as('last_purchase'),
      sql<string[]>`array(select ls.business_line_id::text from customer_line_stats ls
        where ls.workspace_id = customers.workspace_id and ls.customer_id = customers.id)`.as('lines'),
      sql<string[]>`array(select distinct (t.done_at at time zone ${timezone})::date::text from tasks t
        where t.workspace_id = customers.workspace_id and t.customer_id = customers.id and t.status = 'done'
          and t.done_at >= (${day}::date - ${TASK_DAYS + 1}::int))`.as('task_closed_days'),
      sql<string[]>`array(select distinct (k.resolved_at at time zone ${timezone})::date::text from tickets k
        where k.workspace_id = customers.workspace_id and k.customer_id = customers.id
          and k.resolved_at >= (${day}::date - ${TASK_DAYS + 1}::int))`.as('ticket_resolved_days'),
    ])
    .where('customers.deleted_at', 'is', null)
    .where('customers.erased_at', 'is', null);
  if (ids)
    query = query.where('customers.id', 'in', ids.length ? ids : ['00000000-0000-0000-0000-000000000000']);
  const rows = (await query.orderBy('customers.id').execute()) as FactsRow[];
  return rows.map(toFacts);
}

function toFacts(r: FactsRow): CustomerFacts {
  const language = r.language === 'zh-CN' || r.language === 'en' ? r.language : r.owner_locale;
  return {
    id: r.id,
    name: r.name,
    company: r.company,
    email: r.email,
    ownerName: r.owner_name,
    language: language === 'zh-CN' ? 'zh-CN' : 'en',
    ownerLanguage: r.owner_locale === 'zh-CN' ? 'zh-CN' : 'en',
    timezone: r.timezone,
    birthday: r.birthday,
    firstPurchase: r.first_purchase,
    lastPurchase: r.last_purchase,
    rhythm: r.rhythm,
    churnLevel: r.churn_level,
    previousChurnLevel: r.previous_churn_level,
    taskClosedDays: new Set(r.task_closed_days),
    ticketResolvedDays: new Set(r.ticket_resolved_days),
    stage: r.stage,
    abcClass: r.abc_class,
    rfmSegment: r.rfm_segment,
    cnClass: r.cn_class,
    clv: r.clv === null ? null : Number(r.clv),
    ownerId: r.owner_id,
    teamId: r.team_id,
    tags: r.tags,
    region: r.region,
    businessLineIds: r.lines,
    consent: r.consent ?? {},
  };
}

/** The customers with a purchase on local day `day`, optionally in one business line, by their id. */
export async function purchasedOn(
  tx: Tx,
  timezone: string,
  day: string,
  businessLineId: string | null,
): Promise<Set<string>> {
  // The outer bounds (a day either side, whatever the zone) let the index on occurred_at narrow the scan.
  const { rows } = await sql<{ customer_id: string }>`
    select distinct t.customer_id from transactions t
    where t.occurred_at >= ${day}::date - 1 and t.occurred_at < ${day}::date + 2
      and (t.occurred_at at time zone ${timezone})::date = ${day}::date
      ${businessLineId ? sql`and t.business_line_id = ${businessLineId}` : sql``}`.execute(tx);
  return new Set(rows.map((r) => r.customer_id));
}
