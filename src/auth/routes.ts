import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { recordAccountEvent } from '../audit/account-event.js';
import { notFound } from '../errors.js';
import { forgetCallers } from '../http/authenticate.js';
import { isoDateTime } from '../http/dates.js';
import { type Credentials, checkLogin, credentials } from './login.js';
import { mfaEnabled } from './mfa.js';
import { mfaRoutes } from './mfa-routes.js';
import { clearSessionCookies, setSessionCookies } from './session-cookie.js';
import { issueToken, personalTokenExpiry, revokeToken } from './tokens.js';

const tokenJson = z.object({
  id: z.uuid(),
  name: z.string(),
  createdAt: z.iso.datetime(),
  expiresAt: z.iso.datetime().nullable(),
  lastUsedAt: z.iso.datetime().nullable(),
});

export const authRoutes: FastifyPluginAsyncZod = async (app) => {
  await app.register(mfaRoutes);

  /** Checks a sign-in and opens a session (named `name`); answers the session token. */
  async function openSession(credentials: Credentials, ip: string, reply: FastifyReply, name: string) {
    const now = app.clock();
    const { userId } = await checkLogin({ db: app.db, credentials, ip, now, reply });
    const { token } = await issueToken(app.db, userId, 'session', name, undefined, now);
    return token;
  }

  // For API clients: the session token in the answer, sent back as a bearer token.
  app.post(
    '/auth/login',
    {
      config: { auth: 'public' },
      schema: { tags: ['auth'], body: credentials, response: { 200: z.object({ token: z.string() }) } },
    },
    async (request, reply) => ({ token: await openSession(request.body, request.ip, reply, 'api') }),
  );

  // For the web app: the session token in an httpOnly cookie, and the CSRF token its requests must carry.
  app.post(
    '/auth/session',
    {
      config: { auth: 'public' },
      schema: {
        tags: ['auth'],
        body: credentials,
        response: { 200: z.object({ csrfToken: z.string() }) },
      },
    },
    async (request, reply) => {
      const token = await openSession(request.body, request.ip, reply, 'web');
      return { csrfToken: setSessionCookies(request, reply, token) };
    },
  );

  app.post(
    '/auth/logout',
    { config: { auth: 'user' }, schema: { tags: ['auth'] } },
    async (request, reply) => {
      await revokeToken(app.db, request.caller.userId, request.caller.tokenId);
      forgetCallers();
      clearSessionCookies(request, reply);
      return reply.status(204).send();
    },
  );

  app.get(
    '/auth/me',
    {
      config: { auth: 'user' },
      schema: {
        tags: ['auth'],
        response: {
          200: z.object({
            id: z.uuid(),
            email: z.string(),
            name: z.string(),
            locale: z.enum(['en', 'zh-CN']),
            mfaEnabled: z.boolean(),
          }),
        },
      },
    },
    async (request) => {
      const user = await app.db
        .selectFrom('users')
        .select(['id', 'email', 'name', 'locale'])
        .where('id', '=', request.caller.userId)
        .executeTakeFirstOrThrow();
      return { ...user, mfaEnabled: await mfaEnabled(app.db, user.id) };
    },
  );

  app.get(
    '/auth/tokens',
    {
      config: { auth: 'user' },
      schema: { tags: ['auth'], response: { 200: z.object({ data: z.array(tokenJson) }) } },
    },
    async (request) => {
      const rows = await app.db
        .selectFrom('auth_tokens')
        .select(['id', 'name', 'created_at', 'expires_at', 'last_used_at'])
        .where('user_id', '=', request.caller.userId)
        .where('kind', '=', 'personal')
        .where('revoked_at', 'is', null)
        .orderBy('created_at')
        .execute();
      return {
        data: rows.map((r) => ({
          id: r.id,
          name: r.name,
          createdAt: r.created_at.toISOString(),
          expiresAt: r.expires_at?.toISOString() ?? null,
          lastUsedAt: r.last_used_at?.toISOString() ?? null,
        })),
      };
    },
  );

  app.post(
    '/auth/tokens',
    {
      config: { auth: 'user' },
      schema: {
        tags: ['auth'],
        body: z.strictObject({
          name: z.string().trim().min(1).max(100),
          /** Default 90 days from now; at most 365 days. */
          expiresAt: isoDateTime.optional(),
        }),
        response: {
          201: z.object({ id: z.uuid(), name: z.string(), token: z.string(), expiresAt: z.iso.datetime() }),
        },
      },
    },
    async (request, reply) => {
      const { name, expiresAt } = request.body;
      const now = app.clock();
      const expiry = personalTokenExpiry(expiresAt, now);
      const issued = await issueToken(app.db, request.caller.userId, 'personal', name, expiry, now);
      await recordAccountEvent(request, request.caller.userId, 'token-create', { tokenId: issued.id, name });
      return reply.status(201).send({
        id: issued.id,
        name,
        token: issued.token,
        expiresAt: expiry.toISOString(),
      });
    },
  );

  app.delete(
    '/auth/tokens/:id',
    { config: { auth: 'user' }, schema: { tags: ['auth'], params: z.object({ id: z.uuid() }) } },
    async (request, reply) => {
      if (!(await revokeToken(app.db, request.caller.userId, request.params.id))) throw notFound('token');
      await recordAccountEvent(request, request.caller.userId, 'token-revoke', {
        tokenId: request.params.id,
      });
      forgetCallers();
      return reply.status(204).send();
    },
  );
};
