import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../http/authenticate.js';
import { listJson } from '../http/list.js';
import { expectedVersion, setEtag } from '../http/preconditions.js';
import { customerStats } from './customer-stats.js';
import { findTransaction, listTransactions, transactionToJson } from './repository.js';
import {
  bulkInput,
  customerStatsJson,
  transactionInput,
  transactionJson,
  transactionListQuery,
  transactionPatch,
} from './schema.js';
import { createTransaction, createTransactions, deleteTransaction, updateTransaction } from './service.js';

const params = z.object({ id: z.uuid() });
const tags = ['transactions'];
const bulkJson = z.object({ count: z.number().int(), ids: z.array(z.uuid()) });

export const transactionRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/transactions',
    { schema: { tags, querystring: transactionListQuery, response: { 200: listJson(transactionJson) } } },
    async (request) => request.tx((tx) => listTransactions(tx, request.query)),
  );

  app.post(
    '/transactions',
    { schema: { tags, body: transactionInput, response: { 201: transactionJson } } },
    async (request, reply) => {
      const row = await request.tx((tx) => createTransaction(tx, actorOf(request), request.body));
      setEtag(reply, row.version);
      return reply
        .status(201)
        .header('Location', `/api/v1/transactions/${row.id}`)
        .send(transactionToJson(row));
    },
  );

  app.post(
    '/transactions/bulk',
    { schema: { tags, body: bulkInput, response: { 201: bulkJson } } },
    async (request, reply) => {
      const rows = await request.tx((tx) => createTransactions(tx, actorOf(request), request.body));
      return reply.status(201).send({ count: rows.length, ids: rows.map((r) => r.id) });
    },
  );

  app.get(
    '/transactions/:id',
    { schema: { tags, params, response: { 200: transactionJson } } },
    async (request, reply) => {
      const row = await request.tx((tx) => findTransaction(tx, request.params.id));
      setEtag(reply, row.version);
      return transactionToJson(row);
    },
  );

  app.patch(
    '/transactions/:id',
    { schema: { tags, params, body: transactionPatch, response: { 200: transactionJson } } },
    async (request, reply) => {
      const version = expectedVersion(request);
      const row = await request.tx((tx) =>
        updateTransaction(tx, actorOf(request), request.params.id, version, request.body),
      );
      setEtag(reply, row.version);
      return transactionToJson(row);
    },
  );

  app.delete('/transactions/:id', { schema: { tags, params } }, async (request, reply) => {
    const version = expectedVersion(request);
    await request.tx((tx) => deleteTransaction(tx, actorOf(request), request.params.id, version));
    return reply.status(204).send();
  });

  app.get(
    '/customers/:id/stats',
    { schema: { tags: ['customers', ...tags], params, response: { 200: customerStatsJson } } },
    async (request) => request.tx((tx) => customerStats(tx, request.params.id)),
  );
};
