import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../http/authenticate.js';
import { expectedVersion, setEtag } from '../http/preconditions.js';
import { mergeCustomers, mergeInput } from './merge.js';
import { customerToJson } from './repository.js';
import { customerJson } from './schema.js';

export const mergeRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post(
    '/customers/:id/merge',
    {
      schema: {
        tags: ['customers'],
        description:
          'Merges the customers of sourceIds into this one (owners, admins, managers). Needs If-Match with the ETag of this customer. The merged ids answer GET with a 308 to this customer.',
        params: z.object({ id: z.uuid() }),
        body: mergeInput,
        response: { 200: customerJson },
      },
    },
    async (request, reply) => {
      const version = expectedVersion(request);
      const row = await request.tx((tx) =>
        mergeCustomers(tx, actorOf(request), request.params.id, version, request.body),
      );
      setEtag(reply, row.version);
      return customerToJson(row);
    },
  );
};
