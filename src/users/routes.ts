import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { changePreferences, readPreferences, userPreferences, userPreferencesPatch } from './preferences.js';

export const locale = z.enum(['en', 'zh-CN']);

/** What a person may change about their own account; the web app remembers its language here. */
export const mePatch = z.strictObject({
  name: z.string().trim().min(1).max(200).optional(),
  locale: locale.optional(),
});

export const meJson = z.object({ id: z.uuid(), email: z.string(), name: z.string(), locale });

export const userRoutes: FastifyPluginAsyncZod = async (app) => {
  // Read with GET /auth/me; a user row is global, so there is no workspace and no tenant transaction.
  app.patch(
    '/me',
    { config: { auth: 'user' }, schema: { tags: ['auth'], body: mePatch, response: { 200: meJson } } },
    async (request) => {
      const columns = ['id', 'email', 'name', 'locale'] as const;
      const mine = request.caller.userId;
      if (Object.keys(request.body).length === 0)
        return app.db.selectFrom('users').select(columns).where('id', '=', mine).executeTakeFirstOrThrow();
      return app.db
        .updateTable('users')
        .set({ ...request.body, updated_at: new Date() })
        .where('id', '=', mine)
        .returning(columns)
        .executeTakeFirstOrThrow();
    },
  );

  app.get(
    '/me/preferences',
    { config: { auth: 'user' }, schema: { tags: ['auth'], response: { 200: userPreferences } } },
    async (request) => readPreferences(app.db, request.caller.userId),
  );

  app.patch(
    '/me/preferences',
    {
      config: { auth: 'user' },
      schema: { tags: ['auth'], body: userPreferencesPatch, response: { 200: userPreferences } },
    },
    async (request) => changePreferences(app.db, request.caller.userId, request.body),
  );
};
