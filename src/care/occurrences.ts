import { findCustomer } from '../customers/repository.js';
import { updateCustomer } from '../customers/service.js';
import type { Tx } from '../db/tenant.js';
import { createTask } from '../tasks/service.js';
import { addDays } from './calendar.js';
import type { CustomerFacts } from './facts.js';
import { heldOut } from './guards.js';
import type { RuleRow } from './rules.js';
import type { Action } from './schema.js';
import { renderTemplate, type TemplateData } from './templates.js';
import type { Occasion } from './triggers.js';

export interface Reached {
  customer: CustomerFacts;
  occasion: Occasion;
}

export const templateData = (customer: CustomerFacts, occasion: Occasion): TemplateData => ({
  customer: {
    name: customer.name,
    company: customer.company,
    stage: customer.stage,
    region: customer.region,
  },
  owner: customer.ownerName === null ? null : { name: customer.ownerName },
  occasion: { key: occasion.key, day: occasion.day },
});

const channelOf = (action: Action) =>
  action.type === 'webhook'
    ? action.channel
    : action.type === 'add-tag' || action.type === 'remove-tag'
      ? 'tag'
      : action.type;

/**
 * Records the occasions a rule reached: one log row per occasion and action, claimed by the log's
 * unique key, so an occasion seen again (a retry, a second server, the next day's run) acts no more.
 * Held-out customers get rows that say so; tasks are created at once; messages are queued and their
 * ids answered, for delivery jobs sent after the commit.
 */
export async function recordOccurrences(
  tx: Tx,
  workspaceId: string,
  phoneRegion: string,
  rule: RuleRow,
  reached: Reached[],
  /** The workspace's local day: task due days count from it. */
  today: string,
): Promise<string[]> {
  const queued: string[] = [];
  const actions = rule.actions as Action[];
  for (const { customer, occasion } of reached) {
    const out = heldOut(rule.id, customer.id, rule.holdout_percent);
    for (const [index, action] of actions.entries()) {
      const claimed = await tx
        .insertInto('care_messages')
        .values({
          workspace_id: workspaceId,
          rule_id: rule.id,
          customer_id: customer.id,
          occasion: occasion.key,
          action_index: index,
          channel: channelOf(action),
          status: out ? 'skipped' : 'queued',
          reason: out ? 'holdout' : null,
          send_after: new Date(),
        })
        .onConflict((oc) =>
          oc.columns(['workspace_id', 'rule_id', 'customer_id', 'occasion', 'action_index']).doNothing(),
        )
        .returning('id')
        .executeTakeFirst();
      if (!claimed || out) continue;
      if (action.type === 'email' || action.type === 'webhook') {
        queued.push(claimed.id);
        continue;
      }
      // Tasks and tags act at once, in the evaluation's transaction.
      const reason =
        action.type === 'task'
          ? await createCareTask(tx, workspaceId, phoneRegion, rule, customer, occasion, action, today)
          : await changeTag(tx, workspaceId, phoneRegion, rule, customer.id, action);
      await tx
        .updateTable('care_messages')
        .set({
          status: reason ? 'skipped' : 'sent',
          reason,
          sent_at: reason ? null : new Date(),
          attempts: 1,
          updated_at: new Date(),
        })
        .where('id', '=', claimed.id)
        .execute();
    }
  }
  return queued;
}

/** A task for the customer's owner, made as the rule's author; answers why not, or null. */
async function createCareTask(
  tx: Tx,
  workspaceId: string,
  phoneRegion: string,
  rule: RuleRow,
  customer: CustomerFacts,
  occasion: Occasion,
  action: Extract<Action, { type: 'task' }>,
  today: string,
): Promise<string | null> {
  if (!rule.created_by) return 'no-author';
  await createTask(
    tx,
    { workspaceId, userId: rule.created_by, role: 'manager', phoneRegion },
    {
      customerId: customer.id,
      assigneeId: customer.ownerId,
      title:
        renderTemplate(action.title[customer.ownerLanguage], templateData(customer, occasion)).slice(
          0,
          200,
        ) || '-',
      dueOn: addDays(today, action.dueInDays),
    },
  );
  return null;
}

/** Adds or removes a tag as the rule's author (audited as theirs); answers why not, or null. */
async function changeTag(
  tx: Tx,
  workspaceId: string,
  phoneRegion: string,
  rule: RuleRow,
  customerId: string,
  action: Extract<Action, { type: 'add-tag' | 'remove-tag' }>,
): Promise<string | null> {
  if (!rule.created_by) return 'no-author';
  const { tags, version } = await findCustomer(tx, customerId);
  const has = tags.includes(action.tag);
  if (has === (action.type === 'add-tag')) return 'unchanged';
  await updateCustomer(
    tx,
    { workspaceId, userId: rule.created_by, role: 'manager', phoneRegion },
    customerId,
    version,
    { tags: has ? tags.filter((t) => t !== action.tag) : [...tags, action.tag] },
  );
  return null;
}
