import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requirePermission, scopeOf } from '../authorization/permissions.js';
import { findCustomer } from '../customers/repository.js';
import { actorOf } from '../http/authenticate.js';
import { churnReasons, churnReasonsJson } from './churn-reasons.js';
import { myDay, myDayJson } from './my-day.js';
import { checkReferences, createPool, findPool, listPools, updatePool } from './pools.js';
import { returnRules } from './return-rules.js';
import { previewReturns } from './returns.js';
import {
  assignInput,
  ownershipEventJson,
  ownershipJson,
  poolInput,
  poolJson,
  poolPatch,
  releaseInput,
} from './schema.js';
import { assignCustomer, claimCustomer, ownershipOf, releaseCustomer } from './service.js';

const params = z.object({ id: z.uuid() });
const tags = ['ownership'];
const previewInput = z.strictObject({
  days: z.number().int().min(1).max(365).default(7),
  /** Draft rules to try; the pool's own without them. */
  returnRules: returnRules.optional(),
});

/** The public pool (公海) and who owns which customer: claim, release, assign, and each pool's rules. */
export const ownershipRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post(
    '/customers/:id/claim',
    { schema: { tags, params, response: { 200: ownershipJson } } },
    async (request) =>
      request.tx((tx) => claimCustomer(tx, actorOf(request), request.params.id, app.clock())),
  );
  app.post(
    '/customers/:id/release',
    { schema: { tags, params, body: releaseInput, response: { 200: ownershipJson } } },
    async (request) =>
      request.tx((tx) => releaseCustomer(tx, actorOf(request), request.params.id, request.body, app.clock())),
  );
  app.post(
    '/customers/:id/assign',
    { schema: { tags, params, body: assignInput, response: { 200: ownershipJson } } },
    async (request) =>
      request.tx((tx) => assignCustomer(tx, actorOf(request), request.params.id, request.body, app.clock())),
  );
  app.get(
    '/customers/:id/ownership',
    { schema: { tags, params, response: { 200: ownershipJson } } },
    async (request) => request.tx((tx) => ownershipOf(tx, request.params.id, app.clock())),
  );
  app.get(
    '/customers/:id/ownership-events',
    { schema: { tags, params, response: { 200: z.object({ data: z.array(ownershipEventJson) }) } } },
    async (request) =>
      request.tx(async (tx) => {
        await findCustomer(tx, request.params.id);
        const rows = await tx
          .selectFrom('ownership_events')
          .selectAll()
          .where('customer_id', '=', request.params.id)
          .orderBy('at', 'desc')
          .orderBy('id')
          .limit(200)
          .execute();
        return {
          data: rows.map((r) => ({
            id: r.id,
            customerId: r.customer_id,
            at: r.at.toISOString(),
            kind: r.kind,
            fromUserId: r.from_user_id,
            toUserId: r.to_user_id,
            byUserId: r.by_user_id,
            poolId: r.pool_id,
            reason: r.reason,
            reasonCode: r.reason_code,
            reasonParams: r.reason_params,
            churnReason: r.churn_reason,
          })),
        };
      }),
  );

  app.get(
    '/analytics/churn-reasons',
    { schema: { tags: ['analytics'], response: { 200: churnReasonsJson } } },
    async (request) => request.tx((tx) => churnReasons(tx, request.workspace.timezone)),
  );

  app.get('/me/day', { schema: { tags, response: { 200: myDayJson } } }, async (request) =>
    request.tx((tx) =>
      myDay(
        tx,
        { userId: request.caller.userId, scope: scopeOf(request.workspace.role) },
        request.workspace.timezone,
        app.clock(),
      ),
    ),
  );

  app.get(
    '/pools',
    { schema: { tags, response: { 200: z.object({ data: z.array(poolJson) }) } } },
    async (request) => request.tx(async (tx) => ({ data: await listPools(tx) })),
  );
  app.post(
    '/pools',
    { schema: { tags, body: poolInput, response: { 201: poolJson } } },
    async (request, reply) => {
      const pool = await request.tx((tx) => createPool(tx, actorOf(request), request.body));
      return reply.status(201).header('Location', `/api/v1/pools/${pool.id}`).send(pool);
    },
  );
  app.patch(
    '/pools/:id',
    { schema: { tags, params, body: poolPatch, response: { 200: poolJson } } },
    async (request) => request.tx((tx) => updatePool(tx, actorOf(request), request.params.id, request.body)),
  );
  app.post(
    '/pools/:id/preview',
    {
      schema: {
        tags,
        params,
        body: previewInput,
        response: { 200: z.object({ days: z.number(), returning: z.number() }) },
      },
    },
    async (request) => {
      requirePermission(request.workspace.role, 'pools.manage');
      return request.tx(async (tx) => {
        await findPool(tx, request.params.id);
        await checkReferences(tx, request.body);
        return previewReturns(
          tx,
          request.params.id,
          request.body.days,
          app.clock(),
          request.body.returnRules,
        );
      });
    },
  );
};
