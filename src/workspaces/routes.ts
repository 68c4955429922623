import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { sql } from 'kysely';
import { z } from 'zod';
import { recordAudit } from '../audit/record.js';
import { actorOf, forgetCallers, requireRole } from '../http/authenticate.js';
import { expectedVersion, setEtag, staleVersion } from '../http/preconditions.js';
import { chooseLifecycleModel } from '../lifecycle/settings.js';
import { workspaceInput, workspaceJsonSchema, workspacePatch } from './schema.js';
import { createWorkspace, workspaceJson } from './service.js';

const settingsChange = { action: 'settings-change', entity: 'workspace' };
const summary = z.object({ id: z.uuid(), name: z.string(), role: z.string() });

export const workspaceRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post(
    '/workspaces',
    {
      config: { auth: 'user' },
      schema: { tags: ['workspaces'], body: workspaceInput, response: { 201: workspaceJsonSchema } },
    },
    async (request, reply) => {
      const row = await createWorkspace(app.db, request.caller.userId, request.body);
      forgetCallers();
      setEtag(reply, row.version);
      return reply.status(201).send(workspaceJson(row));
    },
  );

  app.get(
    '/workspaces',
    {
      config: { auth: 'user' },
      schema: { tags: ['workspaces'], response: { 200: z.object({ data: z.array(summary) }) } },
    },
    async (request) => {
      const { rows } = await sql<z.infer<typeof summary>>`
        select id, name, role from clm_user_workspaces(${request.caller.userId})`.execute(app.db);
      return { data: rows };
    },
  );

  app.get(
    '/workspace',
    { schema: { tags: ['workspaces'], response: { 200: workspaceJsonSchema.extend({ role: z.string() }) } } },
    async (request, reply) => {
      const row = await request.tx((tx) =>
        tx
          .selectFrom('workspaces')
          .selectAll()
          .where('id', '=', request.workspace.id)
          .executeTakeFirstOrThrow(),
      );
      setEtag(reply, row.version);
      return { ...workspaceJson(row), role: request.workspace.role };
    },
  );

  app.patch(
    '/workspace',
    { schema: { tags: ['workspaces'], body: workspacePatch, response: { 200: workspaceJsonSchema } } },
    async (request, reply) => {
      requireRole(request, 'owner', 'admin');
      const version = expectedVersion(request);
      const { name, timezone, currency, phoneRegion, settings, lifecycleModel } = request.body;
      const row = await request.tx(async (tx) => {
        if (lifecycleModel !== undefined)
          await chooseLifecycleModel(tx, request.workspace.id, lifecycleModel);
        const updated = await tx
          .updateTable('workspaces')
          .set((eb) => ({
            name,
            timezone,
            currency,
            phone_region: phoneRegion,
            settings: settings === undefined ? undefined : JSON.stringify(settings),
            version: eb('version', '+', 1),
            updated_at: new Date(),
          }))
          .where('id', '=', request.workspace.id)
          .where('version', '=', version)
          .returningAll()
          .executeTakeFirst();
        // Thrown inside the transaction so that a model switch is not kept when the PATCH fails.
        if (!updated) throw staleVersion();
        await recordAudit(tx, actorOf(request), {
          ...settingsChange,
          entityId: updated.id,
          after: request.body,
        });
        return updated;
      });
      setEtag(reply, row.version);
      return workspaceJson(row);
    },
  );
};
