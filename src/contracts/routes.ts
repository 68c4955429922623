import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { findCustomer } from '../customers/repository.js';
import { actorOf } from '../http/authenticate.js';
import { listJson } from '../http/list.js';
import { expectedVersion, setEtag } from '../http/preconditions.js';
import { contractToJson, listContracts } from './repository.js';
import {
  contractDateFaults,
  contractInput,
  contractJson,
  contractListQuery,
  contractPatch,
} from './schema.js';
import { createContract, deleteContract, updateContract } from './service.js';

const params = z.object({ id: z.uuid() });
const tags = ['contracts'];

/** A customer's signed contracts: their ends and signings drive the pool's contract return clock. */
export const contractRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/customers/:id/contracts',
    {
      schema: {
        tags,
        summary: "A customer's contracts, the latest signed first",
        params,
        querystring: contractListQuery,
        response: { 200: listJson(contractJson) },
      },
    },
    async (request) =>
      request.tx(async (tx) => {
        await findCustomer(tx, request.params.id);
        return listContracts(tx, request.params.id, request.query);
      }),
  );

  app.post(
    '/customers/:id/contracts',
    {
      config: { bodyFaults: contractDateFaults },
      schema: { tags, params, body: contractInput, response: { 201: contractJson } },
    },
    async (request, reply) => {
      const row = await request.tx((tx) =>
        createContract(tx, actorOf(request), request.params.id, request.body),
      );
      setEtag(reply, row.version);
      return reply.status(201).header('Location', `/api/v1/contracts/${row.id}`).send(contractToJson(row));
    },
  );

  app.patch(
    '/contracts/:id',
    {
      config: { bodyFaults: contractDateFaults },
      schema: { tags, params, body: contractPatch, response: { 200: contractJson } },
    },
    async (request, reply) => {
      const version = expectedVersion(request);
      const row = await request.tx((tx) =>
        updateContract(tx, actorOf(request), request.params.id, version, request.body),
      );
      setEtag(reply, row.version);
      return contractToJson(row);
    },
  );

  app.delete('/contracts/:id', { schema: { tags, params } }, async (request, reply) => {
    const version = expectedVersion(request);
    await request.tx((tx) => deleteContract(tx, actorOf(request), request.params.id, version));
    return reply.status(204).send();
  });
};
