import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import { hasEmailChannel, queueCustomerMail } from '../care/customer-mail.js';
import { sendDeliveries } from '../care/jobs.js';
import { findCustomer } from '../customers/repository.js';
import type { Actor } from '../customers/service.js';
import type { Tx } from '../db/tenant.js';
import { serviceContext } from '../tickets/settings.js';
import { surveyLink, surveyMail } from './survey-mail.js';
import { issueSurvey } from './surveys.js';

export type OfferedSurvey = Awaited<ReturnType<typeof offerSurvey>>;

/**
 * After the commit: an invitation queued in care's message log is sent on its way (the link is still
 * handed over, for a customer it cannot reach); else, where the customer has an e-mail address and the
 * server's mail is set up, the link goes out; otherwise it is handed over.
 */
export async function deliver(app: FastifyInstance, log: FastifyBaseLogger, issued: OfferedSurvey) {
  const link = surveyLink(app.publicUrl, issued.token);
  const answer = { id: issued.id, expiresAt: issued.expiresAt.toISOString(), queued: false };
  if (issued.careMessageId) {
    await sendDeliveries(app.jobs, issued.workspaceId, [issued.careMessageId]);
    return { ...answer, link, sent: false, queued: true };
  }
  if (!app.sendMail || !issued.to) return { ...answer, link, sent: false };
  try {
    await app.sendMail(surveyMail(issued.to, issued.locale, issued.workspaceName, link));
    return { ...answer, link: null, sent: true };
  } catch (error) {
    log.error({ err: error, surveyId: issued.id }, 'survey e-mail not sent');
    return { ...answer, link, sent: false };
  }
}

/**
 * Issues a survey and says where to send it: the customer's first e-mail, the workspace's name. With
 * `server` (whose public address the link takes), where the workspace has an e-mail channel of its own
 * (care's SMTP server), the invitation is queued in care's message log in this transaction, to go out
 * under care's guards: the customer's consent to e-mail, quiet hours, the workspace's server.
 */
export async function offerSurvey(
  tx: Tx,
  actor: Actor,
  input: { kind: 'ticket' | 'relationship'; customerId: string; ticketId?: string; locale?: 'en' | 'zh-CN' },
  server?: Pick<FastifyInstance, 'publicUrl' | 'secretKey'>,
) {
  const customer = await findCustomer(tx, input.customerId);
  const locale = input.locale ?? (actor.phoneRegion === 'CN' ? 'zh-CN' : 'en');
  const { settings } = await serviceContext(tx);
  const issued = await issueSurvey(tx, actor, settings, { ...input, locale });
  const workspace = await tx.selectFrom('workspaces').select('name').executeTakeFirstOrThrow();
  const to = customer.emails[0] ?? null;
  let careMessageId: string | null = null;
  if (server && to && (await hasEmailChannel(tx, actor.workspaceId))) {
    const mail = surveyMail(to, locale, workspace.name, surveyLink(server.publicUrl, issued.token));
    careMessageId = await queueCustomerMail(tx, server.secretKey, actor.workspaceId, {
      customerId: input.customerId,
      occasion: `survey:${issued.id}`,
      subject: mail.subject,
      text: mail.text,
    });
  }
  return {
    ...issued,
    to,
    locale,
    workspaceId: actor.workspaceId,
    workspaceName: workspace.name,
    careMessageId,
  };
}

/**
 * On resolution, the survey goes out by itself where it can reach the customer (the workspace's e-mail
 * channel or the server's mail set up, an address known) and they have not answered one for this ticket
 * yet; otherwise the agent sends it from the ticket.
 */
export async function offerOnResolution(
  app: FastifyInstance,
  tx: Tx,
  actor: Actor,
  ticket: { id: string; customerId: string },
) {
  if (!app.sendMail && !(await hasEmailChannel(tx, actor.workspaceId))) return null;
  const answered = await tx
    .selectFrom('surveys')
    .select('id')
    .where('ticket_id', '=', ticket.id)
    .where('answered_at', 'is not', null)
    .executeTakeFirst();
  if (answered) return null;
  const offered = await offerSurvey(
    tx,
    actor,
    { kind: 'ticket', customerId: ticket.customerId, ticketId: ticket.id },
    app,
  );
  return offered.to ? offered : null;
}
