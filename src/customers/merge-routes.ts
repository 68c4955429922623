import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../http/authenticate.js';
import { expectedVersion, setEtag } from '../http/preconditions.js';
import { mergeCustomers, mergeInput, previewMerge } from './merge.js';
import { customerToJson } from './repository.js';
import { customerJson } from './schema.js';

const params = z.object({ id: z.uuid() });

export const mergeRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post(
    '/customers/:id/merge-preview',
    {
      schema: {
        tags: ['customers'],
        description:
          'This customer as merging the customers of sourceIds into it would leave it, without merging: the same checks and field rules as POST /customers/:id/merge.',
        params,
        body: mergeInput,
        response: { 200: customerJson },
      },
    },
    async (request) =>
      customerToJson(
        await request.tx((tx) => previewMerge(tx, actorOf(request), request.params.id, request.body)),
      ),
  );

  app.post(
    '/customers/:id/merge',
    {
      schema: {
        tags: ['customers'],
        description:
          'Merges the customers of sourceIds into this one (owners, admins, managers). Needs If-Match with the ETag of this customer. The merged ids answer GET with a 308 to this customer.',
        params,
        body: mergeInput,
        response: { 200: customerJson },
      },
    },
    async (request, reply) => {
      const version = expectedVersion(request);
      const row = await request.tx((tx) =>
        mergeCustomers(tx, actorOf(request), request.params.id, version, request.body, app.clock()),
      );
      setEtag(reply, row.version);
      return customerToJson(row);
    },
  );
};
