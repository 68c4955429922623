import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { findCustomer } from '../customers/repository.js';
import { actorOf } from '../http/authenticate.js';
import { listJson } from '../http/list.js';
import { expectedVersion, setEtag } from '../http/preconditions.js';
import { findInteraction, interactionToJson, listInteractions } from './repository.js';
import {
  interactionInput,
  interactionJson,
  interactionListQuery,
  interactionPatch,
  timelineQuery,
} from './schema.js';
import { createInteraction, deleteInteraction, updateInteraction } from './service.js';

const params = z.object({ id: z.uuid() });
const tags = ['interactions'];

export const interactionRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/interactions',
    { schema: { tags, querystring: interactionListQuery, response: { 200: listJson(interactionJson) } } },
    async (request) => request.tx((tx) => listInteractions(tx, request.query)),
  );

  app.get(
    '/customers/:customerId/interactions',
    {
      schema: {
        tags,
        params: z.object({ customerId: z.uuid() }),
        querystring: timelineQuery,
        response: { 200: listJson(interactionJson) },
      },
    },
    async (request) =>
      request.tx(async (tx) => {
        const { customerId } = request.params;
        await findCustomer(tx, customerId);
        return listInteractions(tx, { ...request.query, customerId });
      }),
  );

  app.post(
    '/interactions',
    { schema: { tags, body: interactionInput, response: { 201: interactionJson } } },
    async (request, reply) => {
      const row = await request.tx((tx) => createInteraction(tx, actorOf(request), request.body));
      setEtag(reply, row.version);
      return reply
        .status(201)
        .header('Location', `/api/v1/interactions/${row.id}`)
        .send(interactionToJson(row));
    },
  );

  app.get(
    '/interactions/:id',
    { schema: { tags, params, response: { 200: interactionJson } } },
    async (request, reply) => {
      const row = await request.tx((tx) => findInteraction(tx, request.params.id));
      setEtag(reply, row.version);
      return interactionToJson(row);
    },
  );

  app.patch(
    '/interactions/:id',
    { schema: { tags, params, body: interactionPatch, response: { 200: interactionJson } } },
    async (request, reply) => {
      const version = expectedVersion(request);
      const row = await request.tx((tx) =>
        updateInteraction(tx, actorOf(request), request.params.id, version, request.body),
      );
      setEtag(reply, row.version);
      return interactionToJson(row);
    },
  );

  app.delete('/interactions/:id', { schema: { tags, params } }, async (request, reply) => {
    const version = expectedVersion(request);
    await request.tx((tx) => deleteInteraction(tx, actorOf(request), request.params.id, version));
    return reply.status(204).send();
  });
};
