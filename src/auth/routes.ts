import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { recordAccountEvent } from '../audit/account-event.js';
import { AppError, notFound } from '../errors.js';
import { forgetCallers } from '../http/authenticate.js';
import { LoginLimiter } from './login-limiter.js';
import { decoyHash, verifyPassword } from './passwords.js';
import { issueToken, revokeToken } from './tokens.js';

const credentials = z.strictObject({ email: z.email().max(320), password: z.string().min(1).max(1000) });
const tokenJson = z.object({
  id: z.uuid(),
  name: z.string(),
  createdAt: z.iso.datetime(),
  expiresAt: z.iso.datetime().nullable(),
  lastUsedAt: z.iso.datetime().nullable(),
});

export const authRoutes: FastifyPluginAsyncZod = async (app) => {
  const limiter = new LoginLimiter();

  app.post(
    '/auth/login',
    {
      config: { auth: 'public' },
      schema: { tags: ['auth'], body: credentials, response: { 200: z.object({ token: z.string() }) } },
    },
    async (request, reply) => {
      const email = request.body.email.toLowerCase();
      const keys = [`account:${email}`, `ip:${request.ip}`];
      const wait = Math.max(...keys.map((k) => limiter.retryAfter(k)));
      if (wait > 0) {
        reply.header('Retry-After', String(wait));
        throw new AppError(429, 'too-many-attempts', `too many failed logins; try again in ${wait} s`);
      }
      const user = await app.db
        .selectFrom('users')
        .select(['id', 'password_hash'])
        .where((eb) => eb(eb.fn('lower', ['email']), '=', email))
        .executeTakeFirst();
      const ok = await verifyPassword(user?.password_hash ?? (await decoyHash), request.body.password);
      if (!user || !ok) {
        for (const k of keys) limiter.fail(k);
        if (user) await recordAccountEvent(request, user.id, 'login-failed');
        throw new AppError(401, 'invalid-credentials', 'wrong e-mail or password');
      }
      limiter.clear(keys[0]);
      const { token } = await issueToken(app.db, user.id, 'session');
      await recordAccountEvent(request, user.id, 'login');
      return { token };
    },
  );

  app.post(
    '/auth/logout',
    { config: { auth: 'user' }, schema: { tags: ['auth'] } },
    async (request, reply) => {
      await revokeToken(app.db, request.caller.userId, request.caller.tokenId);
      forgetCallers();
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
          }),
        },
      },
    },
    async (request) =>
      app.db
        .selectFrom('users')
        .select(['id', 'email', 'name', 'locale'])
        .where('id', '=', request.caller.userId)
        .executeTakeFirstOrThrow(),
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
          expiresAt: z.iso.datetime().optional(),
        }),
        response: { 201: z.object({ id: z.uuid(), name: z.string(), token: z.string() }) },
      },
    },
    async (request, reply) => {
      const { name, expiresAt } = request.body;
      const issued = await issueToken(
        app.db,
        request.caller.userId,
        'personal',
        name,
        expiresAt ? new Date(expiresAt) : null,
      );
      await recordAccountEvent(request, request.caller.userId, 'token-create', { tokenId: issued.id, name });
      return reply.status(201).send({ id: issued.id, name, token: issued.token });
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
