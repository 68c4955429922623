import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { findCustomer } from '../customers/repository.js';
import { abcReport } from './abc-report.js';
import { churnWarnings } from './churn-warnings.js';
import { clvReport } from './clv-report.js';
import { customerValue } from './customer-value.js';
import { modelsReport } from './models-report.js';
import {
  revenueDecomposition,
  revenueDecompositionJson,
  revenueDecompositionQuery,
} from './revenue-decomposition.js';
import { rfmReport } from './rfm-report.js';
import {
  abcJson,
  clvJson,
  clvQuery,
  customerValueJson,
  modelsJson,
  rfmJson,
  warningsJson,
  warningsQuery,
} from './schema.js';

const params = z.object({ id: z.uuid() });
const tags = ['analytics'];

/** Customers' value and risk as stored by the refresh, and the dashboards' aggregates of it. */
export const valueRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get('/analytics/models', { schema: { tags, response: { 200: modelsJson } } }, async (request) =>
    request.tx(modelsReport),
  );

  app.get('/analytics/rfm', { schema: { tags, response: { 200: rfmJson } } }, async (request) =>
    request.tx(rfmReport),
  );

  app.get('/analytics/abc', { schema: { tags, response: { 200: abcJson } } }, async (request) =>
    request.tx(abcReport),
  );

  app.get(
    '/analytics/clv',
    { schema: { tags, querystring: clvQuery, response: { 200: clvJson } } },
    async (request) => request.tx((tx) => clvReport(tx, request.query.buckets)),
  );

  app.get(
    '/analytics/churn-warnings',
    { schema: { tags, querystring: warningsQuery, response: { 200: warningsJson } } },
    async (request) => request.tx((tx) => churnWarnings(tx, request.query)),
  );

  app.get(
    '/analytics/revenue-decomposition',
    { schema: { tags, querystring: revenueDecompositionQuery, response: { 200: revenueDecompositionJson } } },
    async (request) =>
      request.tx((tx) => revenueDecomposition(tx, request.workspace.timezone, request.query)),
  );

  app.get(
    '/customers/:id/value',
    { schema: { tags, params, response: { 200: customerValueJson } } },
    async (request) =>
      request.tx(async (tx) => {
        await findCustomer(tx, request.params.id);
        return customerValue(tx, request.params.id);
      }),
  );
};
