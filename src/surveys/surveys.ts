import { randomBytes } from 'node:crypto';
import { type Kysely, type Selectable, sql } from 'kysely';
import { recordAudit } from '../audit/record.js';
import { tokenDigest } from '../auth/tokens.js';
import { type Actor, assertCanWrite } from '../customers/service.js';
import { reassignBack, reassignRows } from '../db/reassign.js';
import type { SurveysTable, Tables } from '../db/tables.js';
import { inWorkspace, type Tx } from '../db/tenant.js';
import { AppError, badRequest, conflict, type FieldError } from '../errors.js';
import { customersChanged } from '../scoring/customers-changed.js';
import { findTicket } from '../tickets/repository.js';
import type { ServiceSettings } from '../tickets/schema.js';
import { satisfaction } from './satisfaction.js';
import type { SurveyAnswer, SurveyJson } from './schema.js';

type SurveyRow = Selectable<SurveysTable>;
const DAY_MS = 86_400_000;

export interface IssuedSurvey {
  id: string;
  token: string;
  expiresAt: Date;
}

/**
 * A survey link for a customer: after a ticket (one per ticket; asking again renews the link of an
 * unanswered one) or about the relationship. Only the hash of the secret is stored.
 */
export async function issueSurvey(
  tx: Tx,
  actor: Actor,
  settings: ServiceSettings,
  input: { kind: 'ticket' | 'relationship'; customerId: string; ticketId?: string; locale: 'en' | 'zh-CN' },
): Promise<IssuedSurvey> {
  assertCanWrite(actor);
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(Date.now() + settings.surveys.validDays * DAY_MS);
  if (input.ticketId) {
    const earlier = await tx
      .selectFrom('surveys')
      .select(['id', 'answered_at'])
      .where('ticket_id', '=', input.ticketId)
      .executeTakeFirst();
    if (earlier?.answered_at) throw conflict('the customer already answered this ticket’s survey');
    if (earlier) {
      await tx
        .updateTable('surveys')
        .set({ token_hash: tokenDigest(token), expires_at: expiresAt, locale: input.locale })
        .where('id', '=', earlier.id)
        .execute();
      return { id: earlier.id, token, expiresAt };
    }
  }
  const { id } = await tx
    .insertInto('surveys')
    .values({
      workspace_id: actor.workspaceId,
      token_hash: tokenDigest(token),
      kind: input.kind,
      customer_id: input.customerId,
      ticket_id: input.ticketId ?? null,
      locale: input.locale,
      nps_enabled: input.kind === 'ticket' && settings.surveys.nps,
      dimensions: JSON.stringify(input.kind === 'relationship' ? settings.surveys.dimensions : []),
      created_by: actor.userId,
      expires_at: expiresAt,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await recordAudit(tx, actor, {
    action: 'create',
    entity: 'survey',
    entityId: id,
    after: { kind: input.kind },
  });
  return { id, token, expiresAt };
}

const invalidLink = () => new AppError(404, 'not-found', 'this survey link is not valid');

/** Runs `fn` in the workspace of the survey a link's secret names, with the survey row locked. */
export async function withSurvey<T>(
  db: Kysely<Tables>,
  token: string,
  fn: (tx: Tx, row: SurveyRow) => Promise<T>,
): Promise<T> {
  const hash = tokenDigest(token);
  const { rows } = await sql<{ id: string | null }>`select clm_survey_workspace(${hash}) as id`.execute(db);
  const workspaceId = rows[0]?.id;
  if (!workspaceId) throw invalidLink();
  return inWorkspace(db, workspaceId, async (tx) => {
    const row = await tx
      .selectFrom('surveys')
      .selectAll()
      .where('token_hash', '=', hash)
      .forUpdate()
      .executeTakeFirst();
    if (!row) throw invalidLink();
    return fn(tx, row);
  });
}

/** What the survey page shows for a link. An expired link still says so rather than "not found". */
export async function describeSurvey(tx: Tx, row: SurveyRow) {
  const workspace = await tx.selectFrom('workspaces').select('name').executeTakeFirstOrThrow();
  const ticket = row.ticket_id ? await findTicket(tx, row.ticket_id) : undefined;
  return {
    kind: row.kind,
    locale: row.locale,
    workspaceName: workspace.name,
    ticketSubject: ticket?.subject ?? null,
    nps: row.nps_enabled,
    dimensions: row.dimensions,
    answered: row.answered_at !== null,
    expiresAt: row.expires_at.toISOString(),
  };
}

/**
 * Stores the customer's answer, once. A ticket survey needs its CSAT (and its NPS where asked); a
 * relationship survey needs both ratings of every dimension it asked.
 */
export async function answerSurvey(tx: Tx, row: SurveyRow, answer: SurveyAnswer): Promise<void> {
  if (row.answered_at) throw new AppError(410, 'survey-closed', 'this survey was already answered');
  if (row.expires_at.getTime() <= Date.now())
    throw new AppError(410, 'survey-expired', 'this survey has expired');
  const errors: FieldError[] = [];
  const missing = (path: string) =>
    errors.push({ path: `body.${path}`, code: 'required', message: 'is required' });
  const unasked = (path: string) =>
    errors.push({ path: `body.${path}`, code: 'unknown_field', message: 'is not asked by this survey' });
  if (row.kind === 'ticket') {
    if (answer.csat === undefined) missing('csat');
    if (row.nps_enabled && answer.nps === undefined) missing('nps');
    if (!row.nps_enabled && answer.nps !== undefined) unasked('nps');
    if (answer.ratings) unasked('ratings');
  } else {
    const asked = row.dimensions.map((d) => d.code);
    const given = new Map((answer.ratings ?? []).map((r) => [r.code, r]));
    for (const [i, code] of asked.entries()) if (!given.has(code)) missing(`ratings.${i}`);
    for (const [i, r] of (answer.ratings ?? []).entries())
      if (!asked.includes(r.code)) unasked(`ratings.${i}.code`);
    if (answer.csat !== undefined) unasked('csat');
    if (answer.nps !== undefined) unasked('nps');
  }
  if (errors.length) throw badRequest(`${errors.length} invalid field(s)`, errors);
  await tx
    .updateTable('surveys')
    .set({
      answered_at: new Date(),
      csat: answer.csat ?? null,
      nps: answer.nps ?? null,
      comment: answer.comment || null,
      ratings: answer.ratings ? JSON.stringify(answer.ratings) : null,
    })
    .where('id', '=', row.id)
    .execute();
  // A fall in satisfaction is a sign of decline and of churn risk: the customer is placed and scored again.
  await customersChanged(tx, row.workspace_id, [row.customer_id]);
}

export function surveyToJson(row: SurveyRow): SurveyJson {
  return {
    id: row.id,
    kind: row.kind,
    ticketId: row.ticket_id,
    createdAt: row.created_at.toISOString(),
    expiresAt: row.expires_at.toISOString(),
    answeredAt: row.answered_at?.toISOString() ?? null,
    csat: row.csat,
    nps: row.nps,
    comment: row.comment,
    ratings: row.ratings,
    satisfaction: row.ratings && row.kind === 'relationship' ? satisfaction(row.ratings) : null,
  };
}

/** A customer's surveys, newest first: the history of their satisfaction. */
export async function customerSurveys(tx: Tx, customerId: string) {
  const rows = await tx
    .selectFrom('surveys')
    .selectAll()
    .where('customer_id', '=', customerId)
    .orderBy('created_at', 'desc')
    .execute();
  return rows.map(surveyToJson);
}

/** A merge's move of the surveys of the customers `from` to `to`: their answers are the survivor's now. */
export const moveSurveys = (tx: Tx, to: string, from: string[]) => reassignRows(tx, 'surveys', to, from);

/** A merge's undo: the surveys it moved go back, those still on the survivor. */
export const moveSurveysBack = (tx: Tx, survivorId: string, moved: Record<string, string>) =>
  reassignBack(tx, 'surveys', survivorId, moved);
