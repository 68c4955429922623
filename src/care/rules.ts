import { randomBytes } from 'node:crypto';
import type { Selectable } from 'kysely';
import { type AuditActor, auditorOf } from '../audit/record.js';
import type { CareRulesTable, CareSettingsTable } from '../db/tables.js';
import type { Tx } from '../db/tenant.js';
import { badRequest, type FieldError, notFound } from '../errors.js';
import { staleVersion } from '../http/preconditions.js';
import { workspaceModel } from '../lifecycle/repository.js';
import type { CareSettings, RuleInput, RuleJson, RulePatch } from './schema.js';

const audit = auditorOf('care_rule');
const auditSettings = auditorOf('care_settings');

export type RuleRow = Selectable<CareRulesTable>;

export function ruleToJson(row: RuleRow): RuleJson {
  return {
    id: row.id,
    names: row.names,
    enabled: row.enabled,
    trigger: row.trigger,
    conditions: row.conditions,
    actions: row.actions,
    holdoutPercent: row.holdout_percent,
    createdBy: row.created_by,
    version: row.version,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

const columns = (input: RulePatch) => ({
  names: input.names && JSON.stringify(input.names),
  enabled: input.enabled,
  trigger: input.trigger && JSON.stringify(input.trigger),
  conditions: input.conditions && JSON.stringify(input.conditions),
  actions: input.actions && JSON.stringify(input.actions),
  holdout_percent: input.holdoutPercent,
});

export async function listRules(tx: Tx): Promise<RuleRow[]> {
  return tx.selectFrom('care_rules').selectAll().orderBy('created_at').orderBy('id').execute();
}

export async function findRule(tx: Tx, id: string): Promise<RuleRow> {
  const row = await tx.selectFrom('care_rules').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound('care rule');
  return row;
}

/** A stage trigger or condition must name a stage of the workspace's model: a 400 naming the field. */
async function checkStages(tx: Tx, workspaceId: string, input: RulePatch) {
  const named = [
    ...(input.trigger?.type === 'stage-entered'
      ? [{ path: 'body.trigger.stage', stage: input.trigger.stage }]
      : []),
    ...(input.conditions?.stages ?? []).map((stage, i) => ({ path: `body.conditions.stages.${i}`, stage })),
  ];
  if (named.length === 0) return;
  const stages = new Set((await workspaceModel(tx, workspaceId)).stages.map((s) => s.key));
  const errors: FieldError[] = named
    .filter((n) => !stages.has(n.stage))
    .map((n) => ({
      path: n.path,
      code: 'unknown_stage',
      message: `${n.stage} is not a stage of the workspace's model`,
    }));
  if (errors.length) throw badRequest(`${errors.length} invalid field(s)`, errors);
}

export async function createRule(tx: Tx, actor: AuditActor, input: RuleInput): Promise<RuleRow> {
  await checkStages(tx, actor.workspaceId, input);
  const row = await tx
    .insertInto('care_rules')
    .values({
      workspace_id: actor.workspaceId,
      created_by: actor.userId,
      names: JSON.stringify(input.names),
      enabled: input.enabled,
      trigger: JSON.stringify(input.trigger),
      conditions: JSON.stringify(input.conditions),
      actions: JSON.stringify(input.actions),
      holdout_percent: input.holdoutPercent,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  await audit(tx, actor, 'create', row.id, { after: ruleToJson(row) });
  return row;
}

export async function updateRule(
  tx: Tx,
  actor: AuditActor,
  id: string,
  version: number,
  patch: RulePatch,
): Promise<RuleRow> {
  const before = await findRule(tx, id);
  await checkStages(tx, actor.workspaceId, patch);
  const row = await tx
    .updateTable('care_rules')
    .set((eb) => ({ ...columns(patch), version: eb('version', '+', 1), updated_at: new Date() }))
    .where('id', '=', id)
    .where('version', '=', version)
    .returningAll()
    .executeTakeFirst();
  if (!row) throw staleVersion();
  await audit(tx, actor, 'update', id, { before: ruleToJson(before), after: ruleToJson(row) });
  return row;
}

/** Deletes a rule and its message log (the log's rows name the rule). */
export async function deleteRule(tx: Tx, actor: AuditActor, id: string): Promise<void> {
  const before = await findRule(tx, id);
  await tx.deleteFrom('care_rules').where('id', '=', id).execute();
  await audit(tx, actor, 'delete', id, { before: ruleToJson(before) });
}

export type SettingsRow = Selectable<CareSettingsTable>;

/** The workspace's care settings, created with their defaults (and a fresh webhook key) on first read. */
export async function careSettings(tx: Tx, workspaceId: string): Promise<SettingsRow> {
  await tx
    .insertInto('care_settings')
    .values({ workspace_id: workspaceId, webhook_secret: randomBytes(32).toString('base64url') })
    .onConflict((oc) => oc.column('workspace_id').doNothing())
    .execute();
  return tx.selectFrom('care_settings').selectAll().executeTakeFirstOrThrow();
}

export function settingsToJson(row: SettingsRow, showSecret: boolean) {
  return {
    paused: row.paused,
    quietStart: row.quiet_start,
    quietEnd: row.quiet_end,
    capMessages: row.cap_messages,
    capDays: row.cap_days,
    webhookAllowedHosts: row.webhook_allowed_hosts,
    webhookSecret: showSecret ? row.webhook_secret : null,
  };
}

export async function saveCareSettings(tx: Tx, actor: AuditActor, input: CareSettings): Promise<SettingsRow> {
  const before = await careSettings(tx, actor.workspaceId);
  const row = await tx
    .updateTable('care_settings')
    .set({
      paused: input.paused,
      quiet_start: input.quietStart,
      quiet_end: input.quietEnd,
      cap_messages: input.capMessages,
      cap_days: input.capDays,
      webhook_allowed_hosts: input.webhookAllowedHosts.map((h) => h.toLowerCase()),
      updated_at: new Date(),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  await auditSettings(tx, actor, 'update', actor.workspaceId, {
    before: settingsToJson(before, false),
    after: settingsToJson(row, false),
  });
  return row;
}
