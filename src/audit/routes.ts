import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { actorOf, requireRole } from '../http/authenticate.js';
import { auditListJson, auditQuery, listAudit } from './entries.js';
import { auditSettingsInput, auditSettingsJson, loadAuditSettings, saveAuditSettings } from './retention.js';

const tags = ['audit'];

/** The audit trail and its retention: owners and admins only, as it shows everyone's actions. */
export const auditRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/audit',
    {
      schema: {
        tags,
        description:
          'The audit trail, newest first: who did what to which record, and when. Filters: actor (a user id), action, entity, entityId, from (inclusive) and to (exclusive).',
        querystring: auditQuery,
        response: { 200: auditListJson },
      },
    },
    async (request) => {
      requireRole(request, 'owner', 'admin');
      return request.tx((tx) => listAudit(tx, request.query));
    },
  );

  app.get('/audit/settings', { schema: { tags, response: { 200: auditSettingsJson } } }, async (request) => {
    requireRole(request, 'owner', 'admin');
    return request.tx(loadAuditSettings);
  });

  app.put(
    '/audit/settings',
    { schema: { tags, body: auditSettingsInput, response: { 200: auditSettingsJson } } },
    async (request) => {
      requireRole(request, 'owner', 'admin');
      return request.tx((tx) => saveAuditSettings(tx, actorOf(request), request.body));
    },
  );
};
