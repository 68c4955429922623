import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { onStageEntries } from '../lifecycle/stage-entry-hooks.js';
import { warnOfDeclines } from './churn-warnings.js';
import { inbox, markRead } from './inbox.js';
import { inboxJson, inboxQuery, markReadInput } from './schema.js';

const tags = ['notifications'];

/** The caller's in-app inbox: return warnings, assignments and churn warnings meant for them. */
export const notificationRoutes: FastifyPluginAsyncZod = async (app) => {
  onStageEntries(warnOfDeclines);
  app.get(
    '/me/notifications',
    { schema: { tags, querystring: inboxQuery, response: { 200: inboxJson } } },
    async (request) =>
      request.tx((tx) =>
        inbox(tx, request.caller.userId, {
          unreadOnly: request.query.unread === 'true',
          limit: request.query.limit,
        }),
      ),
  );
  app.post(
    '/me/notifications/read',
    { schema: { tags, body: markReadInput, response: { 200: z.object({ unread: z.number().int() }) } } },
    async (request) => request.tx((tx) => markRead(tx, request.caller.userId, request.body.ids, app.clock())),
  );
};
