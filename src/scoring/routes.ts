import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { recordAudit } from '../audit/record.js';
import { actorOf, requireRole } from '../http/authenticate.js';
import { candidatesJson, candidatesOf, saveCandidates } from './model-settings.js';
import { modelsReport } from './models-report.js';
import { modelsJson } from './schema.js';

const tags = ['analytics'];

/** The scoring pipeline's fit, as the Value models page shows it, and the models that compete for it. */
export const scoringRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get('/analytics/models', { schema: { tags, response: { 200: modelsJson } } }, (request) =>
    request.tx(modelsReport),
  );

  app.get(
    '/analytics/models/candidates',
    { schema: { tags, response: { 200: candidatesJson } } },
    (request) => request.tx(candidatesOf),
  );

  app.put(
    '/analytics/models/candidates',
    { schema: { tags, body: candidatesJson, response: { 200: candidatesJson } } },
    (request) => {
      requireRole(request, 'owner', 'admin');
      return request.tx(async (tx) => {
        const before = await candidatesOf(tx);
        const saved = await saveCandidates(tx, request.workspace.id, request.body);
        await recordAudit(tx, actorOf(request), {
          action: 'settings-change',
          entity: 'model-candidates',
          entityId: request.workspace.id,
          before,
          after: saved,
        });
        return saved;
      });
    },
  );
};
