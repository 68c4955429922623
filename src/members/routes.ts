import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf, forgetCallers } from '../http/authenticate.js';
import { listJson } from '../http/list.js';
import { listMembers } from './repository.js';
import { memberJson, memberListQuery, memberPatch } from './schema.js';
import { assertAdmin, removeMember, updateMember } from './service.js';

const params = z.object({ userId: z.uuid() });
const tags = ['members'];

// Callers' roles are cached per token; a membership change must take effect on the next request.
// Members are added by invitation (POST /invitations): nobody is put into a workspace without accepting.

export const memberRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/members',
    { schema: { tags, querystring: memberListQuery, response: { 200: listJson(memberJson) } } },
    async (request) => {
      assertAdmin(actorOf(request));
      return request.tx((tx) => listMembers(tx, request.query));
    },
  );

  app.patch(
    '/members/:userId',
    { schema: { tags, params, body: memberPatch, response: { 200: memberJson } } },
    async (request) => {
      const member = await request.tx((tx) =>
        updateMember(tx, actorOf(request), request.params.userId, request.body),
      );
      forgetCallers();
      return member;
    },
  );

  app.delete('/members/:userId', { schema: { tags, params } }, async (request, reply) => {
    await request.tx((tx) => removeMember(tx, actorOf(request), request.params.userId));
    forgetCallers();
    return reply.status(204).send();
  });
};
