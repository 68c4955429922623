import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { recordAudit } from '../audit/record.js';
import { findCustomer } from '../customers/repository.js';
import { actorOf, requireRole } from '../http/authenticate.js';
import { isoDate } from '../http/dates.js';
import { listJson, pageQuery } from '../http/list.js';
import { expectedVersion, setEtag } from '../http/preconditions.js';
import { deliver, offerOnResolution } from '../surveys/offer.js';
import { customerTicketEvents } from './customer-events.js';
import { findTicket, listTickets, ticketEvents, ticketToJson } from './repository.js';
import {
  bulkAssignInput,
  customerTicketEventJson,
  serviceSettings,
  ticketEventJson,
  ticketInput,
  ticketJson,
  ticketListQuery,
  ticketMessage,
  ticketPatch,
} from './schema.js';
import { addTicketMessage, bulkAssign, createTicket, updateTicket } from './service.js';
import { serviceReport } from './service-report.js';
import { saveServiceSettings, serviceContext } from './settings.js';
import { watchSlas } from './sla-watch.js';

const params = z.object({ id: z.uuid() });
const tags = ['service'];

/** The service desk: tickets with their workflow, timeline and SLA timers, and the desk's settings. */
export const ticketRoutes: FastifyPluginAsyncZod = async (app) => {
  await watchSlas(app);

  app.get(
    '/tickets',
    { schema: { tags, querystring: ticketListQuery, response: { 200: listJson(ticketJson) } } },
    async (request) =>
      request.tx(async (tx) =>
        listTickets(tx, request.query, request.caller.userId, (await serviceContext(tx)).calendar),
      ),
  );

  app.post(
    '/tickets',
    { schema: { tags, body: ticketInput, response: { 201: ticketJson } } },
    async (request, reply) => {
      const json = await request.tx(async (tx) => {
        const context = await serviceContext(tx);
        return ticketToJson(
          await createTicket(tx, actorOf(request), context, request.body),
          context.calendar,
        );
      });
      setEtag(reply, json.version);
      return reply.status(201).header('Location', `/api/v1/tickets/${json.id}`).send(json);
    },
  );

  app.post(
    '/tickets/bulk-assign',
    {
      schema: {
        tags,
        body: bulkAssignInput,
        response: { 200: z.object({ count: z.number().int(), ids: z.array(z.uuid()) }) },
      },
    },
    async (request) => {
      const ids = await request.tx(async (tx) =>
        bulkAssign(tx, actorOf(request), await serviceContext(tx), request.body),
      );
      return { count: ids.length, ids };
    },
  );

  app.get(
    '/tickets/:id',
    { schema: { tags, params, response: { 200: ticketJson } } },
    async (request, reply) => {
      const json = await request.tx(async (tx) =>
        ticketToJson(await findTicket(tx, request.params.id), (await serviceContext(tx)).calendar),
      );
      setEtag(reply, json.version);
      return json;
    },
  );

  app.patch(
    '/tickets/:id',
    { schema: { tags, params, body: ticketPatch, response: { 200: ticketJson } } },
    async (request, reply) => {
      const version = expectedVersion(request);
      const { json, survey } = await request.tx(async (tx) => {
        const context = await serviceContext(tx);
        const actor = actorOf(request);
        const { before, row } = await updateTicket(
          tx,
          actor,
          context,
          request.params.id,
          version,
          request.body,
        );
        const resolved = row.status === 'resolved' && before.status !== 'resolved';
        return {
          json: ticketToJson(row, context.calendar),
          survey: resolved
            ? await offerOnResolution(app, tx, actor, { id: row.id, customerId: row.customer_id })
            : null,
        };
      });
      if (survey) await deliver(app, request.log, survey);
      setEtag(reply, json.version);
      return json;
    },
  );

  app.get(
    '/tickets/:id/events',
    { schema: { tags, params, response: { 200: z.object({ data: z.array(ticketEventJson) }) } } },
    async (request) => ({ data: await request.tx((tx) => ticketEvents(tx, request.params.id)) }),
  );

  app.get(
    '/customers/:id/ticket-events',
    {
      schema: {
        tags,
        summary: "The changes of a customer's tickets, newest first: their part of the customer's timeline",
        params,
        querystring: pageQuery.omit({ count: true }),
        response: { 200: listJson(customerTicketEventJson) },
      },
    },
    async (request) =>
      request.tx(async (tx) => {
        await findCustomer(tx, request.params.id);
        return customerTicketEvents(tx, request.params.id, request.query);
      }),
  );

  app.post(
    '/tickets/:id/events',
    { schema: { tags, params, body: ticketMessage, response: { 201: ticketJson } } },
    async (request, reply) => {
      const json = await request.tx(async (tx) => {
        const context = await serviceContext(tx);
        const row = await addTicketMessage(tx, actorOf(request), context, request.params.id, request.body);
        return ticketToJson(row, context.calendar);
      });
      setEtag(reply, json.version);
      return reply.status(201).send(json);
    },
  );

  app.get(
    '/service/settings',
    { schema: { tags, response: { 200: serviceSettings } } },
    async (request, reply) => {
      const context = await request.tx(serviceContext);
      setEtag(reply, context.version);
      return context.settings;
    },
  );

  app.put(
    '/service/settings',
    { schema: { tags, body: serviceSettings, response: { 200: serviceSettings } } },
    async (request, reply) => {
      requireRole(request, 'owner', 'admin');
      const version = expectedVersion(request);
      const saved = await request.tx(async (tx) => {
        const before = await serviceContext(tx);
        const next = await saveServiceSettings(tx, request.workspace.id, request.body, version);
        await recordAudit(tx, actorOf(request), {
          action: 'settings-change',
          entity: 'service-settings',
          entityId: request.workspace.id,
          before: before.settings,
          after: request.body,
        });
        return next;
      });
      setEtag(reply, saved);
      return request.body;
    },
  );

  const spread = z.object({ count: z.number(), median: z.number().nullable(), p90: z.number().nullable() });
  const attainment = z.object({ met: z.number(), missed: z.number(), percent: z.number().nullable() });
  const churnGroup = z.object({
    customers: z.number(),
    measured: z.number(),
    lapsed: z.number(),
    lapsedPercent: z.number().nullable(),
  });
  const segment = z.object({
    key: z.string().nullable(),
    tickets: z.number(),
    complaints: z.number(),
    resolutionMinutes: spread,
    resolutionAttainment: attainment,
  });
  app.get(
    '/analytics/service',
    {
      schema: {
        tags,
        querystring: z.strictObject({
          from: isoDate,
          to: isoDate,
          /** Days after a complaint without a purchase that count as a lapse. */
          churnDays: z.coerce.number().int().min(1).max(365).default(90),
        }),
        response: {
          200: z.object({
            from: z.string(),
            to: z.string(),
            tickets: z.number(),
            volume: z.array(
              z.object({
                month: z.string(),
                kind: z.string(),
                category: z.string().nullable(),
                count: z.number(),
              }),
            ),
            topCategories: z.array(z.object({ category: z.string().nullable(), count: z.number() })),
            firstResponseMinutes: spread,
            resolutionMinutes: spread,
            slaAttainment: z.object({ firstResponse: attainment, resolution: attainment }),
            repeatComplainers: z.array(z.object({ customerId: z.uuid(), complaints: z.number() })),
            csatAfterResolution: z.object({ responses: z.number(), average: z.number().nullable() }),
            segments: z.object({
              stage: z.array(segment),
              abcClass: z.array(segment),
              /** By the team of the customer's owner, with its name (null: no owner or no team). */
              team: z.array(segment.extend({ name: z.string().nullable() })),
            }),
            complainerChurn: z.object({ days: z.number(), complained: churnGroup, others: churnGroup }),
          }),
        },
      },
    },
    async (request) => {
      const { from, to, churnDays } = request.query;
      return request.tx((tx) => serviceReport(tx, from, to, churnDays, app.clock()));
    },
  );
};
