import { randomBytes } from 'node:crypto';
import { type Kysely, type Selectable, sql } from 'kysely';
import { type AuditActor, auditorOf } from '../audit/record.js';
import { isSealed, openSecret, sealSecret } from '../auth/sealed-secret.js';
import type { CareRulesTable, CareSettingsTable, Tables } from '../db/tables.js';
import { inWorkspace, type Tx } from '../db/tenant.js';
import { type FieldError, notFound } from '../errors.js';
import { staleVersion } from '../http/preconditions.js';
import { workspaceModel } from '../lifecycle/repository.js';
import { assertReferences } from '../workspaces/references.js';
import type { Action, CareSettings, RuleInput, RuleJson, RulePatch, SmtpInput } from './schema.js';

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

/**
 * A stage trigger or condition must name a stage of the workspace's model, and a stage trigger's
 * business line one of the workspace's: one 400 naming every field at fault.
 */
export async function checkStages(tx: Tx, workspaceId: string, input: RulePatch) {
  const named = [
    ...(input.trigger?.type === 'stage-entered'
      ? [{ path: 'body.trigger.stage', stage: input.trigger.stage }]
      : []),
    ...(input.conditions?.stages ?? []).map((stage, i) => ({ path: `body.conditions.stages.${i}`, stage })),
  ];
  // A business line is named only with a stage (a stage trigger's), so no stage, nothing to check.
  if (named.length === 0) return;
  const stages = new Set((await workspaceModel(tx, workspaceId)).stages.map((s) => s.key));
  const errors: FieldError[] = named
    .filter((n) => !stages.has(n.stage))
    .map((n) => ({
      path: n.path,
      code: 'unknown_stage',
      message: `${n.stage} is not a stage of the workspace's model`,
    }));
  const line = input.trigger?.type === 'stage-entered' ? input.trigger.businessLineId : null;
  await assertReferences(
    tx,
    [{ path: 'body.trigger.businessLineId', kind: 'businessLine', id: line }],
    errors,
  );
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

/** The workspace's care settings, created with their defaults on first read. */
export async function careSettings(tx: Tx, workspaceId: string): Promise<SettingsRow> {
  await tx
    .insertInto('care_settings')
    .values({ workspace_id: workspaceId })
    .onConflict((oc) => oc.column('workspace_id').doNothing())
    .execute();
  return tx.selectFrom('care_settings').selectAll().executeTakeFirstOrThrow();
}

/**
 * A secret of the workspace's care settings in clear, or null where there is none. One sealed with
 * another key (a lost or changed CLM_SECRET_KEY) is null too: the admin makes or enters it again.
 */
export function openCareSecret(key: Buffer, workspaceId: string, sealed: string | null): string | null {
  if (!sealed) return null;
  try {
    return openSecret(key, workspaceId, sealed);
  } catch {
    return null;
  }
}

/** The last characters of a secret, enough to tell which one is in place. */
const hintOf = (secret: string | null) => (secret ? `…${secret.slice(-4)}` : null);

/** The settings as the API shows them: secrets never, their hints only to owners and admins (`key`). */
export function settingsToJson(row: SettingsRow, key: Buffer | null) {
  const hint = (sealed: string | null) =>
    key ? hintOf(openCareSecret(key, row.workspace_id, sealed)) : null;
  return {
    paused: row.paused,
    quietStart: row.quiet_start,
    quietEnd: row.quiet_end,
    capMessages: row.cap_messages,
    capDays: row.cap_days,
    channelCaps: row.channel_caps,
    webhookAllowedHosts: row.webhook_allowed_hosts,
    version: row.version,
    webhookSecretHint: hint(row.webhook_secret),
    smtp:
      row.smtp_host === null
        ? null
        : {
            host: row.smtp_host,
            port: row.smtp_port ?? 587,
            user: row.smtp_user,
            from: row.smtp_from ?? '',
            passwordHint: hint(row.smtp_password),
          },
  };
}

/** The guards, changed only from the version the editor read (`version`): else a 412. */
export async function saveCareSettings(
  tx: Tx,
  actor: AuditActor,
  version: number,
  input: CareSettings,
): Promise<SettingsRow> {
  const before = await careSettings(tx, actor.workspaceId);
  const row = await tx
    .updateTable('care_settings')
    .set((eb) => ({
      paused: input.paused,
      quiet_start: input.quietStart,
      quiet_end: input.quietEnd,
      cap_messages: input.capMessages,
      cap_days: input.capDays,
      channel_caps: JSON.stringify(input.channelCaps),
      webhook_allowed_hosts: input.webhookAllowedHosts.map((h) => h.toLowerCase()),
      version: eb('version', '+', 1),
      updated_at: new Date(),
    }))
    .where('version', '=', version)
    .returningAll()
    .executeTakeFirst();
  if (!row) throw staleVersion();
  await auditSettings(tx, actor, 'update', actor.workspaceId, {
    before: settingsToJson(before, null),
    after: settingsToJson(row, null),
  });
  return row;
}

/**
 * The workspace's own SMTP server, or none (null: care e-mails go through CLM_SMTP_URL). The password
 * is sealed; left out, the stored one stays.
 */
export async function saveSmtp(
  tx: Tx,
  actor: AuditActor,
  key: Buffer,
  input: SmtpInput | null,
): Promise<SettingsRow> {
  const before = await careSettings(tx, actor.workspaceId);
  const password =
    input?.password === undefined
      ? input && before.smtp_password
      : input.password && sealSecret(key, actor.workspaceId, input.password);
  const row = await tx
    .updateTable('care_settings')
    .set({
      smtp_host: input?.host.toLowerCase() ?? null,
      smtp_port: input?.port ?? null,
      smtp_user: input?.user ?? null,
      smtp_password: password,
      smtp_from: input?.from ?? null,
      updated_at: new Date(),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  await auditSettings(tx, actor, 'update', actor.workspaceId, {
    before: settingsToJson(before, null),
    after: settingsToJson(row, null),
  });
  return row;
}

/** A new webhook key in place of the old one (which stops signing at once); answered once, in clear. */
export async function renewWebhookSecret(tx: Tx, actor: AuditActor, key: Buffer): Promise<string> {
  await careSettings(tx, actor.workspaceId);
  const secret = randomBytes(32).toString('base64url');
  await tx
    .updateTable('care_settings')
    .set({ webhook_secret: sealSecret(key, actor.workspaceId, secret), updated_at: new Date() })
    .execute();
  await auditSettings(tx, actor, 'renew-webhook-key', actor.workspaceId, {});
  return secret;
}

/**
 * Seals the webhook keys stored in clear before they were encrypted; run at start-up. A row is
 * rewritten only if it still holds the text read, so servers starting together cannot clash.
 */
export async function sealStoredCareSecrets(db: Kysely<Tables>, key: Buffer): Promise<number> {
  const { rows } = await sql<{ id: string }>`
    select workspace_id as id from clm_care_clear_secret_workspaces()`.execute(db);
  let sealed = 0;
  for (const { id } of rows)
    sealed += await inWorkspace(db, id, async (tx) => {
      const row = await tx.selectFrom('care_settings').select('webhook_secret').executeTakeFirst();
      const plain = row?.webhook_secret;
      if (!plain || isSealed(plain)) return 0;
      const updated = await tx
        .updateTable('care_settings')
        .set({ webhook_secret: sealSecret(key, id, plain) })
        .where('webhook_secret', '=', plain)
        .executeTakeFirst();
      return Number(updated.numUpdatedRows);
    });
  return sealed;
}

/**
 * The workspace's templates: each e-mail, webhook and task action of its rules, in rule order. A
 * template belongs to its rule (it is data of the rule's action), so an edit is a change of the rule.
 */
export async function listTemplates(tx: Tx) {
  return (await listRules(tx)).flatMap((rule) =>
    (rule.actions as Action[]).flatMap((action, actionIndex) =>
      action.type === 'email' || action.type === 'webhook' || action.type === 'task'
        ? [{ ruleId: rule.id, ruleNames: rule.names, ruleVersion: rule.version, actionIndex, action }]
        : [],
    ),
  );
}
