import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { recordAudit } from '../audit/record.js';
import { findCustomer } from '../customers/repository.js';
import { actorOf, requireRole } from '../http/authenticate.js';
import { expectedVersion, setEtag } from '../http/preconditions.js';
import { abcReport } from './abc-report.js';
import { churnBandsJson, churnBandsOf, saveChurnBands } from './churn-band-settings.js';
import { churnWarnings } from './churn-warnings.js';
import { clvReport } from './clv-report.js';
import { customerValue } from './customer-value.js';
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
  customerValueResponseJson,
  rfmJson,
  warningsJson,
  warningsQuery,
} from './schema.js';
import { valueIntervals } from './value-intervals.js';
import { saveValueScales, valueScalesJson, valueScalesOf } from './value-scales.js';

const params = z.object({ id: z.uuid() });
const tags = ['analytics'];

/** Customers' value and risk as stored by the refresh, and the dashboards' aggregates of it. */
export const valueRoutes: FastifyPluginAsyncZod = async (app) => {
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

  app.get('/analytics/churn-bands', { schema: { tags, response: { 200: churnBandsJson } } }, (request) =>
    request.tx(churnBandsOf),
  );

  app.put(
    '/analytics/churn-bands',
    { schema: { tags, body: churnBandsJson, response: { 200: churnBandsJson } } },
    (request) => {
      requireRole(request, 'owner', 'admin');
      return request.tx(async (tx) => {
        const before = await churnBandsOf(tx);
        const saved = await saveChurnBands(tx, request.workspace.id, request.body);
        await recordAudit(tx, actorOf(request), {
          action: 'settings-change',
          entity: 'churn-bands',
          entityId: request.workspace.id,
          before,
          after: saved,
        });
        return saved;
      });
    },
  );

  app.get(
    '/analytics/value-scales',
    {
      schema: {
        tags,
        description: 'The RFM bins and ABC shares of revenue of the workspace, with their ETag.',
        response: { 200: valueScalesJson },
      },
    },
    async (request, reply) => {
      const { scales, version } = await request.tx(valueScalesOf);
      setEtag(reply, version);
      return scales;
    },
  );

  app.put(
    '/analytics/value-scales',
    {
      schema: {
        tags,
        description:
          'Changes the RFM bins and ABC shares (owners, admins; If-Match with the ETag read). The next refresh scores every customer on them.',
        body: valueScalesJson,
        response: { 200: valueScalesJson },
      },
    },
    async (request, reply) => {
      requireRole(request, 'owner', 'admin');
      const version = expectedVersion(request);
      const saved = await request.tx(async (tx) => {
        const before = await valueScalesOf(tx);
        const after = await saveValueScales(tx, request.workspace.id, version, request.body);
        await recordAudit(tx, actorOf(request), {
          action: 'settings-change',
          entity: 'value-scales',
          entityId: request.workspace.id,
          before: before.scales,
          after: after.scales,
        });
        return after;
      });
      setEtag(reply, saved.version);
      return saved.scales;
    },
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
    { schema: { tags, params, response: { 200: customerValueResponseJson } } },
    async (request) =>
      request.tx(async (tx) => {
        await findCustomer(tx, request.params.id);
        const value = await customerValue(tx, request.params.id);
        return { ...value, intervals: await valueIntervals(tx, request.workspace.timezone, value) };
      }),
  );
};
