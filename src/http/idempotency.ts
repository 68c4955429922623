import { createHash } from 'node:crypto';
import type { FastifyInstance, onSendAsyncHookHandler, preHandlerAsyncHookHandler } from 'fastify';
import { sql } from 'kysely';
import { inWorkspace, type Tx } from '../db/tenant.js';
import { AppError } from '../errors.js';

declare module 'fastify' {
  interface FastifyRequest {
    idempotencyKey?: string;
  }
}

/**
 * `Idempotency-Key` on POST: the first response is stored and replayed to retries with the same key
 * and body; the same key with another body is a client error (422). A key is claimed before the
 * handler runs, so two concurrent retries cannot both execute.
 */
export function registerIdempotency(app: FastifyInstance) {
  const { db } = app;

  const claimKey: preHandlerAsyncHookHandler = async (request, reply) => {
    const key = request.headers['idempotency-key'];
    if (typeof key !== 'string' || !request.workspace) return;
    if (key.length === 0 || key.length > 200) {
      throw new AppError(400, 'validation', 'Idempotency-Key must be 1 to 200 characters', [
        { path: 'headers.idempotency-key', message: 'must be 1 to 200 characters' },
      ]);
    }
    const hash = createHash('sha256')
      .update(`${request.method} ${request.url}\n${JSON.stringify(request.body ?? null)}`)
      .digest('hex');
    const scope = { workspace_id: request.workspace.id, user_id: request.caller.userId, key };
    const stored = await inWorkspace(db, scope.workspace_id, async (tx) => {
      const claimed = await tx
        .insertInto('idempotency_keys')
        .values({ ...scope, request_hash: hash, status: 0 })
        .onConflict((oc) => oc.doNothing())
        .executeTakeFirst();
      if (claimed.numInsertedOrUpdatedRows && claimed.numInsertedOrUpdatedRows > 0n) return undefined;
      return tx
        .selectFrom('idempotency_keys')
        .select(['request_hash', 'status', 'body'])
        .where('user_id', '=', scope.user_id)
        .where('key', '=', key)
        .executeTakeFirstOrThrow();
    });
    if (!stored) {
      request.idempotencyKey = key;
      return;
    }
    if (stored.request_hash !== hash) {
      throw new AppError(
        422,
        'idempotency-key-reused',
        'this Idempotency-Key was used with a different request',
      );
    }
    if (stored.status === 0)
      throw new AppError(409, 'conflict', 'a request with this Idempotency-Key is in progress');
    reply.header('Idempotent-Replayed', 'true');
    return reply.status(stored.status).send(stored.body);
  };

  const storeAnswer: onSendAsyncHookHandler = async (request, reply, payload) => {
    const key = request.idempotencyKey;
    if (!key) return payload;
    await inWorkspace(db, request.workspace.id, async (tx) => {
      // A server error is not an answer worth replaying: free the key so that a retry runs again.
      const { userId } = request.caller;
      if (reply.statusCode >= 500) {
        await tx
          .deleteFrom('idempotency_keys')
          .where('user_id', '=', userId)
          .where('key', '=', key)
          .execute();
        return;
      }
      await tx
        .updateTable('idempotency_keys')
        .set({ status: reply.statusCode, body: typeof payload === 'string' ? payload : null })
        .where('user_id', '=', userId)
        .where('key', '=', key)
        .execute();
    });
    return payload;
  };

  // Only POST routes carry the hooks: reads, most of the traffic, pay nothing for them.
  app.addHook('onRoute', (route) => {
    if (![route.method].flat().includes('POST')) return;
    route.preHandler = [...[route.preHandler ?? []].flat(), claimKey];
    route.onSend = [...[route.onSend ?? []].flat(), storeAnswer];
  });
}

/**
 * Forgets the stored answers that name any of these ids (a customer's answer holds their phones and
 * e-mails): a retry with such a key then runs again rather than replaying erased data.
 */
export async function forgetAnswersNaming(tx: Tx, ids: string[]): Promise<void> {
  await tx
    .deleteFrom('idempotency_keys')
    .where(sql<boolean>`exists (select 1 from unnest(${ids}::text[]) i where strpos(body::text, i) > 0)`)
    .execute();
}
