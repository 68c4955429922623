import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { findCustomer } from '../customers/repository.js';
import { actorOf } from '../http/authenticate.js';
import { listJson } from '../http/list.js';
import { expectedVersion, setEtag } from '../http/preconditions.js';
import { contactToJson, findContact, listContacts } from './repository.js';
import { contactInput, contactJson, contactListQuery, contactPatch } from './schema.js';
import { createContact, deleteContact, updateContact } from './service.js';

const customerParams = z.object({ customerId: z.uuid() });
const params = z.object({ id: z.uuid() });
const tags = ['contacts'];

export const contactRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/customers/:customerId/contacts',
    {
      schema: {
        tags,
        params: customerParams,
        querystring: contactListQuery,
        response: { 200: listJson(contactJson) },
      },
    },
    async (request) =>
      request.tx(async (tx) => {
        const customer = await findCustomer(tx, request.params.customerId);
        return listContacts(tx, request.params.customerId, customer.owner_id, request.query);
      }),
  );

  app.post(
    '/customers/:customerId/contacts',
    { schema: { tags, params: customerParams, body: contactInput, response: { 201: contactJson } } },
    async (request, reply) => {
      const row = await request.tx((tx) =>
        createContact(tx, actorOf(request), request.params.customerId, request.body),
      );
      setEtag(reply, row.version);
      return reply.status(201).header('Location', `/api/v1/contacts/${row.id}`).send(contactToJson(row));
    },
  );

  app.get(
    '/contacts/:id',
    { schema: { tags, params, response: { 200: contactJson } } },
    async (request, reply) => {
      const row = await request.tx((tx) => findContact(tx, request.params.id));
      setEtag(reply, row.version);
      return contactToJson(row);
    },
  );

  app.patch(
    '/contacts/:id',
    { schema: { tags, params, body: contactPatch, response: { 200: contactJson } } },
    async (request, reply) => {
      const version = expectedVersion(request);
      const row = await request.tx((tx) =>
        updateContact(tx, actorOf(request), request.params.id, version, request.body),
      );
      setEtag(reply, row.version);
      return contactToJson(row);
    },
  );

  app.delete('/contacts/:id', { schema: { tags, params } }, async (request, reply) => {
    const version = expectedVersion(request);
    await request.tx((tx) => deleteContact(tx, actorOf(request), request.params.id, version));
    return reply.status(204).send();
  });
};
