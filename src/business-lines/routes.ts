import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireRole } from '../http/authenticate.js';
import { listJson } from '../http/list.js';
import { expectedVersion, setEtag } from '../http/preconditions.js';
import { businessLineToJson, findBusinessLine, listBusinessLines } from './repository.js';
import { businessLineInput, businessLineJson, businessLineListQuery, businessLinePatch } from './schema.js';
import { createBusinessLine, deleteBusinessLine, updateBusinessLine } from './service.js';

const params = z.object({ id: z.uuid() });
const tags = ['business-lines'];

/** Business lines are workspace configuration: everyone reads them, managers and above change them. */
function editor(request: FastifyRequest) {
  requireRole(request, 'owner', 'admin', 'manager');
  return { workspaceId: request.workspace.id, userId: request.caller.userId };
}

export const businessLineRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/business-lines',
    { schema: { tags, querystring: businessLineListQuery, response: { 200: listJson(businessLineJson) } } },
    async (request) => request.tx((tx) => listBusinessLines(tx, request.query)),
  );

  app.post(
    '/business-lines',
    { schema: { tags, body: businessLineInput, response: { 201: businessLineJson } } },
    async (request, reply) => {
      const actor = editor(request);
      const row = await request.tx((tx) => createBusinessLine(tx, actor, request.body));
      setEtag(reply, row.version);
      return reply
        .status(201)
        .header('Location', `/api/v1/business-lines/${row.id}`)
        .send(businessLineToJson(row));
    },
  );

  app.get(
    '/business-lines/:id',
    { schema: { tags, params, response: { 200: businessLineJson } } },
    async (request, reply) => {
      const row = await request.tx((tx) => findBusinessLine(tx, request.params.id));
      setEtag(reply, row.version);
      return businessLineToJson(row);
    },
  );

  app.patch(
    '/business-lines/:id',
    { schema: { tags, params, body: businessLinePatch, response: { 200: businessLineJson } } },
    async (request, reply) => {
      const actor = editor(request);
      const version = expectedVersion(request);
      const row = await request.tx((tx) =>
        updateBusinessLine(tx, actor, request.params.id, version, request.body),
      );
      setEtag(reply, row.version);
      return businessLineToJson(row);
    },
  );

  app.delete('/business-lines/:id', { schema: { tags, params } }, async (request, reply) => {
    const actor = editor(request);
    const version = expectedVersion(request);
    await request.tx((tx) => deleteBusinessLine(tx, actor, request.params.id, version));
    return reply.status(204).send();
  });
};
