import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { actorOf, requireRole } from '../http/authenticate.js';
import { jobListJson, jobQuery, listJobs } from './list.js';

const tags = ['jobs'];

/** The workspace's background jobs, for owners and admins: what waits, runs, failed and why. */
export const jobRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/jobs',
    {
      schema: {
        tags,
        description:
          "The workspace's background jobs (imports, nightly refreshes), newest first: queued (also those waiting for a retry), running, failed with the error, finished or cancelled. Filters: state and name (the queue).",
        querystring: jobQuery,
        response: { 200: jobListJson },
      },
    },
    async (request) => {
      requireRole(request, 'owner', 'admin');
      return request.tx((tx) => listJobs(tx, actorOf(request).workspaceId, request.query));
    },
  );
};
