import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { notFound } from '../errors.js';
import { actorOf, viewerOf } from '../http/authenticate.js';
import { listJson } from '../http/list.js';
import { expectedVersion, setEtag } from '../http/preconditions.js';
import { notePoolDetailView } from '../ownership/detail-views.js';
import { phoneBodyFaults } from './normalise.js';
import { customerToJson, customerViewToJson, listCustomers } from './repository.js';
import { customerInput, customerJson, customerListQuery, customerPatch } from './schema.js';
import { createCustomer, deleteCustomer, updateCustomer } from './service.js';
import { loadCustomerView } from './view-loader.js';

const params = z.object({ id: z.uuid() });
const tags = ['customers'];
// A phone, e-mail or external id that another customer has is a 409 naming it, unless (owners, admins
// and managers) allowDuplicate=true; a shared external id is refused either way.
const createQuery = z.object({
  allowDuplicate: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
});

export const customerRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/customers',
    { schema: { tags, querystring: customerListQuery, response: { 200: listJson(customerJson) } } },
    async (request) =>
      request.tx((tx) => listCustomers(tx, request.query, request.workspace.phoneRegion, app.clock())),
  );

  app.post(
    '/customers',
    {
      config: { bodyFaults: phoneBodyFaults },
      schema: { tags, querystring: createQuery, body: customerInput, response: { 201: customerJson } },
    },
    async (request, reply) => {
      const row = await request.tx((tx) =>
        createCustomer(tx, actorOf(request), request.body, request.query.allowDuplicate, app.clock()),
      );
      setEtag(reply, row.version);
      return reply.status(201).header('Location', `/api/v1/customers/${row.id}`).send(customerToJson(row));
    },
  );

  app.get(
    '/customers/:id',
    { schema: { tags, params, response: { 200: customerJson } } },
    async (request, reply) => {
      const row = await loadCustomerView(app.db, request.workspace.id, viewerOf(request), request.params.id);
      // A merged customer's id leads to its survivor (see alias-redirect.ts).
      if (!row) throw notFound('customer');
      if (row.owner_id === null)
        await request.tx((tx) =>
          notePoolDetailView(
            tx,
            actorOf(request),
            { id: row.id, ownerId: row.owner_id, poolId: row.pool_id },
            app.clock(),
          ),
        );
      setEtag(reply, row.version);
      return customerViewToJson(row, app.clock());
    },
  );

  app.patch(
    '/customers/:id',
    {
      config: { bodyFaults: phoneBodyFaults },
      schema: { tags, params, body: customerPatch, response: { 200: customerJson } },
    },
    async (request, reply) => {
      const version = expectedVersion(request);
      const row = await request.tx((tx) =>
        updateCustomer(tx, actorOf(request), request.params.id, version, request.body, app.clock()),
      );
      setEtag(reply, row.version);
      return customerToJson(row);
    },
  );

  app.delete('/customers/:id', { schema: { tags, params } }, async (request, reply) => {
    const version = expectedVersion(request);
    await request.tx((tx) => deleteCustomer(tx, actorOf(request), request.params.id, version));
    return reply.status(204).send();
  });
};
