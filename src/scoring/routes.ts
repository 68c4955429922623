import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { modelsReport } from './models-report.js';
import { modelsJson } from './schema.js';

/** The scoring pipeline's fit, as the Value models page shows it. */
export const scoringRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/analytics/models',
    { schema: { tags: ['analytics'], response: { 200: modelsJson } } },
    (request) => request.tx(modelsReport),
  );
};
