import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../http/authenticate.js';
import { listJson } from '../http/list.js';
import { expectedVersion, setEtag } from '../http/preconditions.js';
import { findTask, listTasks, taskToJson } from './repository.js';
import { taskInput, taskJson, taskListQuery, taskPatch } from './schema.js';
import { createTask, updateTask } from './service.js';

const params = z.object({ id: z.uuid() });
const tags = ['tasks'];

/** Follow-up tasks: made by hand, or by a stage's playbook when a customer enters the stage. */
export const taskRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/tasks',
    { schema: { tags, querystring: taskListQuery, response: { 200: listJson(taskJson) } } },
    async (request) => request.tx((tx) => listTasks(tx, request.query, request.caller.userId)),
  );

  app.post(
    '/tasks',
    { schema: { tags, body: taskInput, response: { 201: taskJson } } },
    async (request, reply) => {
      const row = await request.tx((tx) => createTask(tx, actorOf(request), request.body));
      setEtag(reply, row.version);
      return reply.status(201).header('Location', `/api/v1/tasks/${row.id}`).send(taskToJson(row));
    },
  );

  app.get('/tasks/:id', { schema: { tags, params, response: { 200: taskJson } } }, async (request, reply) => {
    const row = await request.tx((tx) => findTask(tx, request.params.id));
    setEtag(reply, row.version);
    return taskToJson(row);
  });

  app.patch(
    '/tasks/:id',
    { schema: { tags, params, body: taskPatch, response: { 200: taskJson } } },
    async (request, reply) => {
      const version = expectedVersion(request);
      const row = await request.tx((tx) =>
        updateTask(tx, actorOf(request), request.params.id, version, request.body),
      );
      setEtag(reply, row.version);
      return taskToJson(row);
    },
  );
};
