import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Compilable, Kysely } from 'kysely';
import { sql } from 'kysely';
import { LRUCache } from 'lru-cache';
import { resolveToken } from '../auth/tokens.js';
import type { Role, Tables } from '../db/tables.js';
import { inWorkspace, queryInWorkspace, type Tx } from '../db/tenant.js';
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
    /** Runs one query in the request's workspace: a single round trip on PostgreSQL. */
    read<R>(query: Compilable<R>): Promise<R[]>;
  }
}

const unauthenticated = () => new AppError(401, 'unauthenticated', 'a valid bearer token is required');
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

interface CachedCaller {
  caller: Caller;
  workspaces: WorkspaceContext[];
}

/**
 * Token → caller and their workspaces, for a few seconds: two queries saved on every request. Keyed by
 * the token itself, which this process holds anyway while it serves the request: a digest per request
 * would cost more than the lookup. Local changes (logout, revocation, membership) clear it at once;
 * other server processes see them within the TTL.
 */
const callers = new LRUCache<string, CachedCaller>({ max: 10_000, ttl: 10_000 });

export function forgetCallers() {
  callers.clear();
}

export function registerAuthentication(app: FastifyInstance) {
  const { db } = app;
  app.decorateRequest('caller', null as unknown as Caller);
  app.decorateRequest('workspace', null as unknown as WorkspaceContext);
  app.decorateRequest('tx', function <T>(this: FastifyRequest, fn: (tx: Tx) => Promise<T>) {
    return inWorkspace(db, this.workspace.id, fn);
  });
  app.decorateRequest('read', function <R>(this: FastifyRequest, query: Compilable<R>) {
    return queryInWorkspace(db, this.workspace.id, query);
  });

  app.addHook('onRequest', async (request, reply) => {
    const mode = request.routeOptions.config?.auth ?? 'workspace';
    // Only the API needs a caller: the docs and the web app's files are public.
    if (mode === 'public' || !request.routeOptions.url?.startsWith('/api/v1/')) return;
    const header = request.headers.authorization;
    const token = header?.startsWith('Bearer ') ? header.slice(7).trim() : undefined;
    const cached = token ? await lookUp(db, token) : undefined;
    if (!cached) {
      reply.header('WWW-Authenticate', 'Bearer');
      throw unauthenticated();
    }
    request.caller = cached.caller;
    if (mode === 'workspace') request.workspace = pickWorkspace(request, cached.workspaces);
  });
}

async function lookUp(db: Kysely<Tables>, token: string): Promise<CachedCaller | undefined> {
  const hit = callers.get(token);
  if (hit) return hit;
  const caller = await resolveToken(db, token);
  if (!caller) return undefined;
  const { rows } = await sql<WorkspaceContext>`
    select id, role, phone_region as "phoneRegion", timezone from clm_user_workspaces(${caller.userId})`.execute(
    db,
  );
  const entry = { caller, workspaces: rows };
  callers.set(token, entry);
  return entry;
}

function pickWorkspace(request: FastifyRequest, workspaces: WorkspaceContext[]): WorkspaceContext {
  const wanted = request.headers['clm-workspace'];
  if (Array.isArray(wanted) || (wanted !== undefined && !UUID.test(wanted))) {
    throw new AppError(400, 'validation', 'the CLM-Workspace header must be one workspace id', [
      { path: 'headers.clm-workspace', message: 'must be a UUID' },
    ]);
  }
  const found = wanted ? workspaces.find((w) => w.id === wanted) : workspaces[0];
  // Not a member and no such workspace look the same: a 404 tells nothing about other tenants.
  if (!found)
    throw new AppError(404, 'not-found', wanted ? 'workspace not found' : 'you belong to no workspace yet');
  return found;
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
