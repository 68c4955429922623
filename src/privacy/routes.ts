import { PassThrough } from 'node:stream';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { recordAudit } from '../audit/record.js';
import { customerAndMergedIds } from '../customers/erase.js';
import { findCustomer } from '../customers/repository.js';
import { assertCanWrite } from '../customers/service.js';
import { actorOf, requireRole } from '../http/authenticate.js';
import { consentEventJson, consentInput, consentsJson, listConsents, recordConsent } from './consent.js';
import { erasePerson } from './erase.js';
import { personalData, writePersonalDataCsv } from './personal-data.js';
import {
  loadPrivacySettings,
  privacySettingsInput,
  privacySettingsJson,
  savePrivacySettings,
} from './retention.js';

const params = z.object({ id: z.uuid() });
const tags = ['privacy'];

export const privacyRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/customers/:id/personal-data',
    {
      schema: {
        tags,
        description:
          'Everything CLM holds on one person (owners and admins): profile, contacts, consent records, transactions, interactions, tasks, lifecycle, values and the audit entries about them, including customers merged into this one. JSON, or one CSV of section, record, field, value.',
        params,
        querystring: z.object({ format: z.enum(['json', 'csv']).default('json') }),
        produces: ['application/json', 'text/csv'],
      },
    },
    async (request, reply) => {
      requireRole(request, 'owner', 'admin');
      const { id } = request.params;
      const data = await request.tx(async (tx) => {
        const found = await personalData(tx, await customerAndMergedIds(tx, id));
        const entry = { action: 'personal-data-export', entity: 'customer', entityId: id };
        await recordAudit(tx, actorOf(request), { ...entry, after: { format: request.query.format } });
        return found;
      });
      const name = `personal-data-${id}.${request.query.format}`;
      reply.header('content-disposition', `attachment; filename="${name}"`);
      if (request.query.format === 'json') return reply.type('application/json; charset=utf-8').send(data);
      const out = new PassThrough();
      writePersonalDataCsv(data, out).catch((error: unknown) => out.destroy(error as Error));
      return reply.type('text/csv; charset=utf-8').send(out);
    },
  );

  app.post(
    '/customers/:id/erase',
    {
      schema: {
        tags,
        description:
          'Erases the personal data of one person (owners and admins), and of the customers merged into it, everywhere CLM holds it, the audit trail included. Irreversible. Transactions stay, under the anonymous customer. See docs/privacy.md.',
        params,
      },
    },
    async (request, reply) => {
      requireRole(request, 'owner', 'admin');
      await request.tx(async (tx) =>
        erasePerson(tx, actorOf(request), await customerAndMergedIds(tx, request.params.id), 'request'),
      );
      return reply.status(204).send();
    },
  );

  app.get(
    '/customers/:id/consents',
    { schema: { tags, params, response: { 200: consentsJson } } },
    async (request) =>
      request.tx(async (tx) => {
        await findCustomer(tx, request.params.id);
        return listConsents(tx, request.params.id);
      }),
  );

  app.post(
    '/customers/:id/consents',
    { schema: { tags, params, body: consentInput, response: { 201: consentEventJson } } },
    async (request, reply) => {
      const actor = actorOf(request);
      assertCanWrite(actor);
      const event = await request.tx(async (tx) => {
        await findCustomer(tx, request.params.id);
        const recorded = await recordConsent(tx, actor, request.params.id, request.body);
        const { channel, granted, source, at } = recorded;
        const entry = { action: 'consent', entity: 'customer', entityId: request.params.id };
        await recordAudit(tx, actor, { ...entry, after: { channel, granted, source, at } });
        return recorded;
      });
      return reply.status(201).send(event);
    },
  );

  app.get(
    '/privacy/settings',
    { schema: { tags, response: { 200: privacySettingsJson } } },
    async (request) => {
      requireRole(request, 'owner', 'admin');
      return request.tx(loadPrivacySettings);
    },
  );

  app.put(
    '/privacy/settings',
    { schema: { tags, body: privacySettingsInput, response: { 200: privacySettingsJson } } },
    async (request) => {
      requireRole(request, 'owner', 'admin');
      return request.tx((tx) => savePrivacySettings(tx, actorOf(request), request.body));
    },
  );
};
