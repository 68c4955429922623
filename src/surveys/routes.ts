import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { findCustomer } from '../customers/repository.js';
import { conflict } from '../errors.js';
import { actorOf } from '../http/authenticate.js';
import { isoDate } from '../http/dates.js';
import { findTicket } from '../tickets/repository.js';
import { deliver, offerSurvey } from './offer.js';
import { SATISFACTION_GROUPINGS, satisfactionReport } from './report.js';
import { surveyAnswer, surveyIssued, surveyJson, surveyRequest, surveyToken, surveyView } from './schema.js';
import { answerSurvey, customerSurveys, describeSurvey, withSurvey } from './surveys.js';

const tags = ['service'];

/**
 * Satisfaction surveys: sent after a ticket or about the relationship, answered on a public page by the
 * link's holder, and reported as CSAT, NPS and C = b / a.
 */
export const surveyRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post(
    '/surveys/lookup',
    { config: { auth: 'public' }, schema: { tags, body: surveyToken, response: { 200: surveyView } } },
    async (request) => withSurvey(app.db, request.body.token, describeSurvey),
  );

  app.post(
    '/surveys/answer',
    { config: { auth: 'public' }, schema: { tags, body: surveyAnswer } },
    async (request, reply) => {
      await withSurvey(app.db, request.body.token, (tx, row) => answerSurvey(tx, row, request.body));
      return reply.status(204).send();
    },
  );

  app.post(
    '/tickets/:id/survey',
    {
      schema: {
        tags,
        params: z.object({ id: z.uuid() }),
        body: surveyRequest,
        response: { 201: surveyIssued },
      },
    },
    async (request, reply) => {
      const issued = await request.tx(async (tx) => {
        const ticket = await findTicket(tx, request.params.id);
        if (ticket.status !== 'resolved' && ticket.status !== 'closed')
          throw conflict('a survey goes out once the ticket is resolved');
        return offerSurvey(
          tx,
          actorOf(request),
          {
            kind: 'ticket',
            customerId: ticket.customer_id,
            ticketId: ticket.id,
            locale: request.body.locale,
          },
          app,
        );
      });
      return reply.status(201).send(await deliver(app, request.log, issued));
    },
  );

  app.post(
    '/customers/:id/surveys',
    {
      schema: {
        tags,
        params: z.object({ id: z.uuid() }),
        body: surveyRequest,
        response: { 201: surveyIssued },
      },
    },
    async (request, reply) => {
      const issued = await request.tx((tx) =>
        offerSurvey(
          tx,
          actorOf(request),
          { kind: 'relationship', customerId: request.params.id, locale: request.body.locale },
          app,
        ),
      );
      return reply.status(201).send(await deliver(app, request.log, issued));
    },
  );

  app.get(
    '/customers/:id/surveys',
    {
      schema: {
        tags,
        params: z.object({ id: z.uuid() }),
        response: { 200: z.object({ data: z.array(surveyJson) }) },
      },
    },
    async (request) =>
      request.tx(async (tx) => {
        await findCustomer(tx, request.params.id);
        return { data: await customerSurveys(tx, request.params.id) };
      }),
  );

  const dimensionFigures = z.object({
    responses: z.number(),
    byDimension: z.record(z.string(), z.number()),
    overall: z.number().nullable(),
  });
  app.get(
    '/analytics/satisfaction',
    {
      schema: {
        tags,
        querystring: z.strictObject({
          by: z.enum(SATISFACTION_GROUPINGS).default('month'),
          from: isoDate,
          to: isoDate,
        }),
        response: {
          200: z.object({
            groups: z.array(
              z.object({
                key: z.string().nullable(),
                /** The owner's or the team's name when grouped by them; null otherwise. */
                name: z.string().nullable(),
                csat: z.object({
                  responses: z.number(),
                  average: z.number().nullable(),
                  satisfiedPercent: z.number().nullable(),
                }),
                nps: z.object({
                  responses: z.number(),
                  promoters: z.number(),
                  passives: z.number(),
                  detractors: z.number(),
                  nps: z.number().nullable(),
                }),
                satisfaction: dimensionFigures,
              }),
            ),
          }),
        },
      },
    },
    async (request) => {
      const { by, from, to } = request.query;
      return { groups: await request.tx((tx) => satisfactionReport(tx, by, from, to)) };
    },
  );
};
