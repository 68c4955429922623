import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import { findCustomer } from '../customers/repository.js';
import type { Actor } from '../customers/service.js';
import type { Tx } from '../db/tenant.js';
import { serviceContext } from '../tickets/settings.js';
import { surveyLink, surveyMail } from './survey-mail.js';
import { issueSurvey } from './surveys.js';

export type OfferedSurvey = Awaited<ReturnType<typeof offerSurvey>>;

/** Where the customer has an e-mail address and mail is set up, the link goes out; otherwise it is handed over. */
export async function deliver(app: FastifyInstance, log: FastifyBaseLogger, issued: OfferedSurvey) {
  const link = surveyLink(app.publicUrl, issued.token);
  const answer = { id: issued.id, expiresAt: issued.expiresAt.toISOString() };
  if (!app.sendMail || !issued.to) return { ...answer, link, sent: false };
  try {
    await app.sendMail(surveyMail(issued.to, issued.locale, issued.workspaceName, link));
    return { ...answer, link: null, sent: true };
  } catch (error) {
    log.error({ err: error, surveyId: issued.id }, 'survey e-mail not sent');
    return { ...answer, link, sent: false };
  }
}

/** Issues a survey and says where to send it: the customer's first e-mail, the workspace's name. */
export async function offerSurvey(
  tx: Tx,
  actor: Actor,
  input: { kind: 'ticket' | 'relationship'; customerId: string; ticketId?: string; locale?: 'en' | 'zh-CN' },
) {
  const customer = await findCustomer(tx, input.customerId);
  const locale = input.locale ?? (actor.phoneRegion === 'CN' ? 'zh-CN' : 'en');
  const { settings } = await serviceContext(tx);
  const issued = await issueSurvey(tx, actor, settings, { ...input, locale });
  const workspace = await tx.selectFrom('workspaces').select('name').executeTakeFirstOrThrow();
  return { ...issued, to: customer.emails[0] ?? null, locale, workspaceName: workspace.name };
}

/**
 * On resolution, the survey goes out by itself where it can reach the customer (mail set up, an address
 * known) and they have not answered one for this ticket yet; otherwise the agent sends it from the ticket.
 */
export async function offerOnResolution(
  app: FastifyInstance,
  tx: Tx,
  actor: Actor,
  ticket: { id: string; customerId: string },
) {
  if (!app.sendMail) return null;
  const answered = await tx
    .selectFrom('surveys')
    .select('id')
    .where('ticket_id', '=', ticket.id)
    .where('answered_at', 'is not', null)
    .executeTakeFirst();
  if (answered) return null;
  const offered = await offerSurvey(tx, actor, {
    kind: 'ticket',
    customerId: ticket.customerId,
    ticketId: ticket.id,
  });
  return offered.to ? offered : null;
}
