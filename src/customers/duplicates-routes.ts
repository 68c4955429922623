import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { listJson } from '../http/list.js';
import { duplicateGroupJson, duplicatesQuery, listDuplicates } from './duplicates.js';

export const duplicateRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/customers/duplicates',
    {
      schema: {
        tags: ['customers'],
        description:
          'Groups of customers that may be one: same phone or e-mail, same or similar name (pinyin too: 张伟 / Zhang Wei), same company or company e-mail domain. Best score first.',
        querystring: duplicatesQuery,
        response: { 200: listJson(duplicateGroupJson) },
      },
    },
    async (request) => request.tx((tx) => listDuplicates(tx, request.query)),
  );
};
