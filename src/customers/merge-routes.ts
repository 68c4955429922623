import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf, requireRole } from '../http/authenticate.js';
import { expectedVersion, setEtag } from '../http/preconditions.js';
import { MERGERS, mergeCustomers, mergeInput, previewMerge } from './merge.js';
import { listUndoableMerges, MERGE_UNDO_DAYS, mergeListJson, mergeListQuery } from './merge-record.js';
import { undoMerge } from './merge-undo.js';
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
          'Merges the customers of sourceIds into this one (owners, admins, managers). Needs If-Match with the ETag of this customer. The merged ids answer GET with a 308 to this customer. mergeId names the merge for POST /customer-merges/:id/undo.',
        params,
        body: mergeInput,
        response: { 200: customerJson.extend({ mergeId: z.uuid() }) },
      },
    },
    async (request, reply) => {
      const version = expectedVersion(request);
      const row = await request.tx((tx) =>
        mergeCustomers(tx, actorOf(request), request.params.id, version, request.body, app.clock()),
      );
      setEtag(reply, row.version);
      return { ...customerToJson(row), mergeId: row.mergeId };
    },
  );

  app.get(
    '/customer-merges',
    {
      schema: {
        tags: ['customers'],
        description: `The merges that can still be undone (for ${MERGE_UNDO_DAYS} days, by owners, admins and managers), newest first.`,
        querystring: mergeListQuery,
        response: { 200: mergeListJson },
      },
    },
    async (request) => {
      requireRole(request, ...MERGERS);
      return request.tx((tx) => listUndoableMerges(tx, request.query, app.clock()));
    },
  );

  app.post(
    '/customer-merges/:id/undo',
    {
      schema: {
        tags: ['customers'],
        description: `Undoes a merge within ${MERGE_UNDO_DAYS} days of it (owners, admins, managers): the merged customers live again with the rows that moved from them; the survivor's merged fields return unless changed since. Answers the survivor, then the restored customers.`,
        params,
        response: { 200: z.object({ data: z.array(customerJson) }) },
      },
    },
    async (request) => {
      const rows = await request.tx((tx) => undoMerge(tx, actorOf(request), request.params.id, app.clock()));
      return { data: rows.map(customerToJson) };
    },
  );
};
