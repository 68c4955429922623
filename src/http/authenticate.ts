import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Compilable, Kysely } from 'kysely';
import { sql } from 'kysely';
import { LRUCache } from 'lru-cache';
import { mfaEnabled } from '../auth/mfa.js';
import { checkCsrf, sessionCookieOf } from '../auth/session-cookie.js';
import { resolveToken } from '../auth/tokens.js';
import { scopeOf } from '../authorization/permissions.js';
import type { Role, Tables } from '../db/tables.js';
import { inWorkspace, queryInWorkspace, type Tx, type Viewer } from '../db/tenant.js';
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
    /**
     * Runs `fn` in a transaction bound to the request's workspace and caller: row-level security shows
     * only the workspace's rows, and of its customers only those the caller's scope reaches.
     */
    tx<T>(fn: (tx: Tx) => Promise<T>): Promise<T>;
    /** Runs one query in the request's workspace: a single round trip on PostgreSQL. */
    read<R>(query: Compilable<R>): Promise<R[]>;
  }
}

const unauthenticated = () =>
  new AppError(401, 'unauthenticated', 'a valid bearer token or session cookie is required');
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

interface CachedCaller {
  caller: Caller;
  workspaces: WorkspaceContext[];
  mfaEnabled: boolean;
  /** Workspaces of the caller that require two-step sign-in. */
  mfaRequiredIn: Set<string>;
  /** Until when (by the app's clock) this entry may be used. */
  fresh: number;
}

/**
 * Token → caller and their workspaces, for a few seconds: two queries saved on every request. Keyed by
 * the token itself, which this process holds anyway while it serves the request: a digest per request
 * would cost more than the lookup. Local changes (logout, revocation, membership) clear it at once;
 * other server processes see them within the TTL.
 */
const callers = new LRUCache<string, CachedCaller>({ max: 10_000 });
const CACHE_MS = 10_000;

export function forgetCallers() {
  callers.clear();
}

export function registerAuthentication(app: FastifyInstance) {
  const { db } = app;
  app.decorateRequest('caller', null as unknown as Caller);
  app.decorateRequest('workspace', null as unknown as WorkspaceContext);
  app.decorateRequest('tx', function <T>(this: FastifyRequest, fn: (tx: Tx) => Promise<T>) {
    return inWorkspace(db, this.workspace.id, fn, viewerOf(this));
  });
  app.decorateRequest('read', function <R>(this: FastifyRequest, query: Compilable<R>) {
    return queryInWorkspace(db, this.workspace.id, query, viewerOf(this));
  });

  app.addHook('onRequest', async (request, reply) => {
    const mode = request.routeOptions.config?.auth ?? 'workspace';
    // Only the API needs a caller: the docs and the web app's files are public.
    if (mode === 'public' || !request.routeOptions.url?.startsWith('/api/v1/')) return;
    // A bearer token wins: API clients never depend on cookies a browser may also hold.
    const header = request.headers.authorization;
    const bearer = header?.startsWith('Bearer ') ? header.slice(7).trim() : undefined;
    const token = bearer ?? sessionCookieOf(request);
    const cached = token ? await lookUp(db, token, app.clock()) : undefined;
    if (!token || !cached) {
      reply.header('WWW-Authenticate', 'Bearer');
      throw unauthenticated();
    }
    if (!bearer) checkCsrf(request, token);
    request.caller = cached.caller;
    if (mode === 'workspace') request.workspace = pickWorkspace(request, cached);
  });
}

async function lookUp(db: Kysely<Tables>, token: string, now: Date): Promise<CachedCaller | undefined> {
  const hit = callers.get(token);
  if (hit && hit.fresh > now.getTime()) return hit;
  const caller = await resolveToken(db, token, now);
  if (!caller) return undefined;
  const { rows } = await sql<WorkspaceContext>`
    select id, role, phone_region as "phoneRegion", timezone from clm_user_workspaces(${caller.userId})`.execute(
    db,
  );
  const required = await sql<{ id: string }>`select clm_user_mfa_workspaces(${caller.userId}) as id`.execute(
    db,
  );
  const entry = {
    caller,
    workspaces: rows,
    mfaEnabled: required.rows.length > 0 && (await mfaEnabled(db, caller.userId)),
    mfaRequiredIn: new Set(required.rows.map((r) => r.id)),
    fresh: now.getTime() + CACHE_MS,
  };
  callers.set(token, entry);
  return entry;
}

function pickWorkspace(request: FastifyRequest, cached: CachedCaller): WorkspaceContext {
  const { workspaces } = cached;
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
  if (cached.mfaRequiredIn.has(found.id) && !cached.mfaEnabled) {
    throw new AppError(
      403,
      'mfa-enrolment-required',
      'this workspace requires two-step sign-in: turn it on for your account first',
    );
  }
  return found;
}

/** The caller as row-level security sees them. */
export function viewerOf(request: FastifyRequest): Viewer {
  return { userId: request.caller.userId, scope: scopeOf(request.workspace.role) };
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
