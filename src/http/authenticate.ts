import type { FastifyInstance, FastifyRequest } from 'fastify';
import { sql } from 'kysely';
import { resolveToken } from '../auth/tokens.js';
import type { Role } from '../db/tables.js';
import { inWorkspace, type Tx } from '../db/tenant.js';
import { AppError } from '../errors.js';

/** What a route needs from its caller: nothing, a signed-in user, or a user acting in a workspace. */
export type AuthMode = 'public' | 'user' | 'workspace';

export interface Caller {
  userId: string;
  tokenId: string;
}

export interface WorkspaceContext {
  id: string;
  role: Role;
  phoneRegion: string;
  timezone: string;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    auth?: AuthMode;
  }
  interface FastifyRequest {
    caller: Caller;
    workspace: WorkspaceContext;
    /** Runs `fn` in a transaction bound to the request's workspace (row-level security applies). */
    tx<T>(fn: (tx: Tx) => Promise<T>): Promise<T>;
  }
}

const unauthenticated = () => new AppError(401, 'unauthenticated', 'a valid bearer token is required');
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function registerAuthentication(app: FastifyInstance) {
  const { db } = app;
  app.decorateRequest('caller', null as unknown as Caller);
  app.decorateRequest('workspace', null as unknown as WorkspaceContext);
  app.decorateRequest('tx', function <T>(this: FastifyRequest, fn: (tx: Tx) => Promise<T>) {
    return inWorkspace(db, this.workspace.id, fn);
  });

  app.addHook('onRequest', async (request, reply) => {
    const mode = request.routeOptions.config?.auth ?? 'workspace';
    if (mode === 'public' || !request.routeOptions.url) return;
    const header = request.headers.authorization;
    const token = header?.startsWith('Bearer ') ? header.slice(7).trim() : undefined;
    const caller = token ? await resolveToken(db, token) : undefined;
    if (!caller) {
      reply.header('WWW-Authenticate', 'Bearer');
      throw unauthenticated();
    }
    request.caller = caller;
    if (mode === 'workspace') request.workspace = await resolveWorkspace(request, caller.userId);
  });
}

async function resolveWorkspace(request: FastifyRequest, userId: string): Promise<WorkspaceContext> {
  const wanted = request.headers['clm-workspace'];
  if (Array.isArray(wanted) || (wanted !== undefined && !UUID.test(wanted))) {
    throw new AppError(400, 'validation', 'the CLM-Workspace header must be one workspace id', [
      { path: 'headers.clm-workspace', message: 'must be a UUID' },
    ]);
  }
  const { rows } = await sql<WorkspaceContext>`
    select id, role, phone_region as "phoneRegion", timezone from clm_user_workspaces(${userId}) ${wanted ? sql`where id = ${wanted}` : sql``} limit 1`.execute(
    request.server.db,
  );
  // Not a member and no such workspace look the same: a 404 tells nothing about other tenants.
  if (!rows[0])
    throw new AppError(404, 'not-found', wanted ? 'workspace not found' : 'you belong to no workspace yet');
  return rows[0];
}

/** The caller as domain services see them. */
export function actorOf(request: FastifyRequest) {
  const { id, role, phoneRegion, timezone } = request.workspace;
  return { workspaceId: id, userId: request.caller.userId, role, phoneRegion, timezone };
}

/** Throws 403 unless the caller's role in the current workspace is one of `roles`. */
export function requireRole(request: FastifyRequest, ...roles: Role[]) {
  if (!roles.includes(request.workspace.role)) {
    throw new AppError(403, 'forbidden', `this needs one of the roles: ${roles.join(', ')}`);
  }
}
