import { sql } from 'kysely';
import type { Tx } from '../db/tenant.js';
import type { StageEntry } from '../lifecycle/playbooks.js';
import { addDays } from './calendar.js';
import { conditionReasons, meetsConditions } from './conditions.js';
import { type CustomerFacts, customerFacts, purchasedOn } from './facts.js';
import { heldOut } from './guards.js';
import { type Reached, recordOccurrences } from './occurrences.js';
import { careSettings, type RuleRow } from './rules.js';
import type { Conditions, Trigger } from './schema.js';
import { NO_FACTS, occasionOn } from './triggers.js';

export interface Workspace {
  id: string;
  timezone: string;
  /** Its phone region, which names its country for public holidays. */
  country: string;
}

export async function workspaceOf(tx: Tx, workspaceId: string): Promise<Workspace> {
  const row = await tx
    .selectFrom('workspaces')
    .select(['id', 'timezone', 'phone_region'])
    .where('id', '=', workspaceId)
    .executeTakeFirstOrThrow();
  return { id: row.id, timezone: row.timezone, country: row.phone_region };
}

/**
 * Whom a rule with a date trigger reaches on local day `day`, and on which occasion: trigger, then
 * conditions. A stage-entered rule reaches the customers whose current stage began that day.
 */
export async function reachOn(
  tx: Tx,
  workspace: Workspace,
  rule: Pick<RuleRow, 'trigger' | 'conditions'>,
  facts: CustomerFacts[],
  day: string,
): Promise<Reached[]> {
  const trigger = rule.trigger as Trigger;
  const conditions = rule.conditions as Conditions;
  const bought =
    trigger.type === 'after-purchase'
      ? await purchasedOn(tx, workspace.timezone, addDays(day, -trigger.days), trigger.businessLineId)
      : null;
  const entered =
    trigger.type === 'stage-entered'
      ? new Set(
          (
            await sql<{ customer_id: string }>`select customer_id from customer_lifecycle
              where business_line_id is not distinct from ${trigger.businessLineId ?? null}::uuid
                and stage = ${trigger.stage} and since = ${day}::date`.execute(tx)
          ).rows.map((r) => r.customer_id),
        )
      : null;
  // A festival or a holiday is the same day for everyone: computed once, not per customer.
  const shared =
    trigger.type === 'festival' || trigger.type === 'holiday'
      ? occasionOn(trigger, NO_FACTS, day, { country: workspace.country })
      : undefined;
  if (shared === null) return [];
  const reached: Reached[] = [];
  for (const customer of facts) {
    const occasion =
      shared ??
      (entered
        ? entered.has(customer.id)
          ? { key: `stage:${day}`, day }
          : null
        : occasionOn(
            trigger,
            {
              ...customer,
              purchaseDays: bought?.has(customer.id)
                ? new Set([addDays(day, -(trigger as { days: number }).days)])
                : new Set(),
            },
            day,
            { country: workspace.country },
          ));
    if (occasion && meetsConditions(conditions, customer)) reached.push({ customer, occasion });
  }
  return reached;
}

/**
 * The dry run: who a rule would reach on `day`, and why (the trigger's occasion and day, the conditions
 * with what the customer has), and whether the holdout would keep them out. The holdout
 * is drawn by the rule's id, so a rule not saved yet (`id` null) holds nobody out here.
 */
export async function previewRule(
  tx: Tx,
  workspace: Workspace,
  rule: Pick<RuleRow, 'trigger' | 'conditions' | 'holdout_percent'> & { id: string | null },
  day: string,
) {
  const facts = await customerFacts(tx, workspace.timezone, day);
  const { type } = rule.trigger as Trigger;
  return (await reachOn(tx, workspace, rule, facts, day)).map(({ customer, occasion }) => ({
    customerId: customer.id,
    name: customer.name,
    occasion: occasion.key,
    heldOut: rule.id !== null && heldOut(rule.id, customer.id, rule.holdout_percent),
    why: {
      trigger: { type, day: occasion.day, occasion: occasion.key },
      conditions: conditionReasons(rule.conditions as Conditions, customer),
    },
  }));
}

/**
 * One workspace's local day, once per rule: the day's run row of each enabled date rule is claimed
 * first in this transaction (a second server waits on its key and then finds it taken), the claimed
 * rules are evaluated, and the churn levels seen are stored for the next crossings. Answers the
 * messages queued, or null when no rule was left to evaluate that day or care is paused.
 */
export async function evaluateDay(tx: Tx, workspaceId: string, day: string): Promise<string[] | null> {
  const settings = await careSettings(tx, workspaceId);
  if (settings.paused) return null;
  const { rows: claimed } = await sql<{ rule_id: string }>`
    insert into care_runs (workspace_id, day, rule_id)
    select ${workspaceId}, ${day}::date, id from care_rules
    where enabled and trigger ->> 'type' <> 'stage-entered'
    on conflict do nothing
    returning rule_id`.execute(tx);
  if (claimed.length === 0) return null;
  const ids = new Set(claimed.map((r) => r.rule_id));
  const workspace = await workspaceOf(tx, workspaceId);
  const rules = (await enabledRules(tx)).filter((r) => ids.has(r.id));
  const facts = await customerFacts(tx, workspace.timezone, day);
  const queued: string[] = [];
  for (const rule of rules) {
    const reached = await reachOn(tx, workspace, rule, facts, day);
    queued.push(...(await recordOccurrences(tx, workspaceId, workspace.country, rule, reached, day)));
  }
  // A level not known (no churn model for the workspace) keeps the last one seen: crossings compare known levels.
  await sql`
    insert into care_churn_seen (workspace_id, customer_id, level)
    select workspace_id, customer_id, churn_level from customer_values where churn_level is not null
    on conflict (workspace_id, customer_id) do update set level = excluded.level
    where care_churn_seen.level is distinct from excluded.level`.execute(tx);
  return queued;
}

const enabledRules = (tx: Tx) =>
  tx.selectFrom('care_rules').selectAll().where('enabled', '=', true).orderBy('created_at').execute();

/** The lifecycle's stage-entry hook: entries that an enabled rule fires on wait for the care sweep. */
export async function recordStageEntries(tx: Tx, workspaceId: string, entries: StageEntry[]): Promise<void> {
  const stages = await tx
    .selectFrom('care_rules')
    .select([
      sql<string>`trigger ->> 'stage'`.as('stage'),
      sql<string>`coalesce(trigger ->> 'businessLineId', '')`.as('line'),
    ])
    .where('enabled', '=', true)
    .where(sql<boolean>`trigger ->> 'type' = 'stage-entered'`)
    .execute();
  const wanted = new Set(stages.map((s) => `${s.stage}:${s.line}`));
  const rows = entries.filter((e) => wanted.has(`${e.stage}:${e.businessLineId ?? ''}`));
  if (rows.length === 0) return;
  await tx
    .insertInto('care_stage_entries')
    .values(
      rows.map((e) => ({
        workspace_id: workspaceId,
        customer_id: e.customerId,
        business_line_id: e.businessLineId,
        stage: e.stage,
        at: e.at,
        history_id: e.historyId,
      })),
    )
    .execute();
}

/**
 * Acts on the stage entries waiting in the workspace: each enabled stage rule whose conditions the
 * customer meets, once per entry (the occasion names the lifecycle's history row). Answers the
 * messages queued.
 */
export async function processStageEntries(tx: Tx, workspaceId: string): Promise<string[]> {
  // While paused the entries wait.
  if ((await careSettings(tx, workspaceId)).paused) return [];
  const entries = await tx
    .deleteFrom('care_stage_entries')
    .returning(['customer_id', 'business_line_id', 'stage', 'at', 'history_id'])
    .execute();
  if (entries.length === 0) return [];
  const workspace = await workspaceOf(tx, workspaceId);
  const rules = (await enabledRules(tx)).filter((r) => (r.trigger as Trigger).type === 'stage-entered');
  const facts = new Map(
    (
      await customerFacts(tx, workspace.timezone, entries[0].at, [
        ...new Set(entries.map((e) => e.customer_id)),
      ])
    ).map((f) => [f.id, f]),
  );
  const queued: string[] = [];
  for (const rule of rules) {
    const { stage, businessLineId } = rule.trigger as Extract<Trigger, { type: 'stage-entered' }>;
    const reached: Reached[] = [];
    for (const e of entries) {
      const customer = facts.get(e.customer_id);
      // Rules saved before lines could be named have no businessLineId: the customer as a whole.
      if (e.stage !== stage || e.business_line_id !== (businessLineId ?? null)) continue;
      if (!customer || !meetsConditions(rule.conditions as Conditions, customer)) continue;
      reached.push({ customer, occasion: { key: `stage:${e.history_id}`, day: e.at } });
    }
    queued.push(
      ...(await recordOccurrences(tx, workspaceId, workspace.country, rule, reached, entries[0].at)),
    );
  }
  return queued;
}

/** An occurrence on the care calendar: a date rule reaching a customer on a day ahead. */
export interface CalendarEntry {
  day: string;
  ruleId: string;
  customerId: string;
  name: string;
  occasion: string;
}

/**
 * The occurrences of the enabled date rules over `days` days from `from`, as the customers stand today
 * (stage entries are events and cannot be foreseen); at most `limit` entries, in day order.
 */
export async function careCalendar(
  tx: Tx,
  workspace: Workspace,
  from: string,
  days: number,
  limit: number,
): Promise<CalendarEntry[]> {
  const rules = (await enabledRules(tx)).filter((r) => (r.trigger as Trigger).type !== 'stage-entered');
  if (rules.length === 0) return [];
  const facts = await customerFacts(tx, workspace.timezone, from);
  const entries: CalendarEntry[] = [];
  for (let i = 0; i < days && entries.length < limit; i++) {
    const day = addDays(from, i);
    for (const rule of rules)
      for (const { customer, occasion } of await reachOn(tx, workspace, rule, facts, day))
        entries.push({
          day,
          ruleId: rule.id,
          customerId: customer.id,
          name: customer.name,
          occasion: occasion.key,
        });
  }
  return entries.slice(0, limit);
}
