import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { issueToken } from '../auth/tokens.js';
import type { Tx } from '../db/tenant.js';
import { actorOf, forgetCallers } from '../http/authenticate.js';
import { invitationLink, invitationMail } from './invitation-mail.js';
import {
  acceptInvitation,
  createInvitation,
  describeInvitation,
  listInvitations,
  renewInvitation,
  revokeInvitation,
  signUpByInvitation,
} from './invitations.js';
import {
  type InvitationJson,
  invitationAccepted,
  invitationInput,
  invitationJson,
  invitationSent,
  invitationSignUp,
  invitationTokenInput,
  invitationView,
} from './schema.js';

const params = z.object({ id: z.uuid() });
const tags = ['invitations'];

/**
 * Sends the link by e-mail, or hands it to the admin where no SMTP server is configured. A failed send
 * keeps the invitation: the admin sends it again.
 */
async function deliver(
  app: FastifyInstance,
  log: FastifyBaseLogger,
  issued: { invitation: InvitationJson; token: string; workspaceName: string; inviterName: string },
) {
  const link = invitationLink(app.publicUrl, issued.token);
  if (!app.sendMail) return { invitation: issued.invitation, sent: false, link };
  try {
    await app.sendMail(
      invitationMail({
        to: issued.invitation.email,
        workspaceName: issued.workspaceName,
        inviterName: issued.inviterName,
        link,
        expiresAt: new Date(issued.invitation.expiresAt),
      }),
    );
    return { invitation: issued.invitation, sent: true, link: null };
  } catch (error) {
    log.error({ err: error, invitationId: issued.invitation.id }, 'invitation e-mail not sent');
    return { invitation: issued.invitation, sent: false, link: null };
  }
}

/** The names the e-mail shows: the workspace and whoever invites. */
async function letterhead(tx: Tx, userId: string) {
  const workspace = await tx.selectFrom('workspaces').select('name').executeTakeFirstOrThrow();
  const inviter = await tx
    .selectFrom('users')
    .select(['name', 'email'])
    .where('id', '=', userId)
    .executeTakeFirstOrThrow();
  return { workspaceName: workspace.name, inviterName: inviter.name || inviter.email };
}

export const invitationRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/invitations',
    { schema: { tags, response: { 200: z.object({ data: z.array(invitationJson) }) } } },
    async (request) => ({ data: await request.tx((tx) => listInvitations(tx, actorOf(request))) }),
  );

  app.post(
    '/invitations',
    { schema: { tags, body: invitationInput, response: { 201: invitationSent } } },
    async (request, reply) => {
      const actor = actorOf(request);
      const issued = await request.tx(async (tx) => ({
        ...(await createInvitation(tx, actor, request.body)),
        ...(await letterhead(tx, actor.userId)),
      }));
      const answer = await deliver(app, request.log, issued);
      return reply.status(201).header('Location', `/api/v1/invitations/${answer.invitation.id}`).send(answer);
    },
  );

  app.post(
    '/invitations/:id/resend',
    { schema: { tags, params, response: { 200: invitationSent } } },
    async (request) => {
      const actor = actorOf(request);
      const issued = await request.tx(async (tx) => ({
        ...(await renewInvitation(tx, actor, request.params.id)),
        ...(await letterhead(tx, actor.userId)),
      }));
      return deliver(app, request.log, issued);
    },
  );

  app.delete('/invitations/:id', { schema: { tags, params } }, async (request, reply) => {
    await request.tx((tx) => revokeInvitation(tx, actorOf(request), request.params.id));
    return reply.status(204).send();
  });

  // The link's page. The secret travels in bodies, never in a URL that logs and proxies keep.
  app.post(
    '/invitations/lookup',
    {
      config: { auth: 'public' },
      schema: { tags, body: invitationTokenInput, response: { 200: invitationView } },
    },
    async (request) => describeInvitation(app.db, request.body.token),
  );

  app.post(
    '/invitations/accept',
    {
      config: { auth: 'user' },
      schema: { tags, body: invitationTokenInput, response: { 200: invitationAccepted } },
    },
    async (request) => {
      const accepted = await acceptInvitation(app.db, request.body.token, request.caller.userId);
      forgetCallers();
      return accepted;
    },
  );

  app.post(
    '/invitations/sign-up',
    {
      config: { auth: 'public' },
      schema: { tags, body: invitationSignUp, response: { 201: invitationAccepted } },
    },
    async (request, reply) => {
      const { token, ...input } = request.body;
      const accepted = await signUpByInvitation(app.db, token, input);
      const session = await issueToken(app.db, accepted.userId, 'session');
      return reply.status(201).send({ ...accepted, token: session.token });
    },
  );
};
