import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../http/authenticate.js';
import { teamInput, teamJson } from './schema.js';
import { assertAdmin } from './service.js';
import { createTeam, deleteTeam, listTeams, renameTeam } from './teams.js';

const params = z.object({ id: z.uuid() });
const tags = ['teams'];

export const teamRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/teams',
    { schema: { tags, response: { 200: z.object({ data: z.array(teamJson) }) } } },
    async (request) => {
      assertAdmin(actorOf(request));
      return { data: await request.tx(listTeams) };
    },
  );

  app.post(
    '/teams',
    { schema: { tags, body: teamInput, response: { 201: teamJson } } },
    async (request, reply) => {
      const team = await request.tx((tx) => createTeam(tx, actorOf(request), request.body));
      return reply.status(201).header('Location', `/api/v1/teams/${team.id}`).send(team);
    },
  );

  app.patch(
    '/teams/:id',
    { schema: { tags, params, body: teamInput, response: { 200: teamJson } } },
    async (request) => request.tx((tx) => renameTeam(tx, actorOf(request), request.params.id, request.body)),
  );

  app.delete('/teams/:id', { schema: { tags, params } }, async (request, reply) => {
    await request.tx((tx) => deleteTeam(tx, actorOf(request), request.params.id));
    return reply.status(204).send();
  });
};
