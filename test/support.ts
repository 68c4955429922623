import type { FastifyInstance, InjectOptions } from 'fastify';
import { type Database, openDatabase } from '../src/db/database.js';
import { type AppOptions, buildApp } from '../src/http/app.js';
import { createUser } from '../src/users/service.js';

/** Every database a database test must pass on: PGlite always, PostgreSQL when CLM_TEST_DATABASE_URL is set. */
export const databaseTargets: { name: 'pglite' | 'postgres'; url?: string }[] = [
  { name: 'pglite' },
  ...(process.env.CLM_TEST_DATABASE_URL
    ? [{ name: 'postgres' as const, url: process.env.CLM_TEST_DATABASE_URL }]
    : []),
];

export interface TestApi {
  app: FastifyInstance;
  database: Database;
  close(): Promise<void>;
}

export async function startApi(url?: string, options: AppOptions = {}): Promise<TestApi> {
  const database = await openDatabase({ url });
  const app = await buildApp(database, { logLevel: process.env.CLM_TEST_LOG, ...options });
  await app.ready();
  return {
    app,
    database,
    async close() {
      await app.close();
      await database.close();
    },
  };
}

let counter = 0;
/** A unique e-mail per call, so that tests sharing one PostgreSQL database never collide. */
export const uniqueEmail = (prefix = 'user') =>
  `${prefix}.${process.pid}.${Date.now().toString(36)}.${counter++}@example.com`;

export interface Session {
  userId: string;
  token: string;
  workspaceId: string;
  /** Sends a request as this user in this workspace; JSON body, parsed JSON answer. */
  // biome-ignore lint/suspicious/noExplicitAny: answers are JSON of many shapes, checked by the assertions
  request(options: InjectOptions): Promise<{ status: number; body: any; headers: Record<string, unknown> }>;
}

/** A new user who owns a new workspace, signed in. */
export async function signUp(api: TestApi, workspaceName = 'Test workspace'): Promise<Session> {
  const email = uniqueEmail();
  const user = await createUser(api.database.db, { email, password: 'correct horse battery' });
  const token = await issueSession(api, email, 'correct horse battery');
  const created = await api.app.inject({
    method: 'POST',
    url: '/api/v1/workspaces',
    headers: { authorization: `Bearer ${token}` },
    payload: { name: workspaceName },
  });
  return session(api, user.id, token, created.json().id);
}

/** An existing user (e.g. one added through the members API) signed in, acting in `workspaceId`. */
export async function logIn(api: TestApi, email: string, password: string, workspaceId: string) {
  const token = await issueSession(api, email, password);
  const me = await api.app.inject({
    method: 'GET',
    url: '/api/v1/auth/me',
    headers: { authorization: `Bearer ${token}` },
  });
  return session(api, me.json().id, token, workspaceId);
}

async function issueSession(api: TestApi, email: string, password: string): Promise<string> {
  const login = await api.app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { email, password },
  });
  return login.json().token;
}

function session(api: TestApi, userId: string, token: string, workspaceId: string): Session {
  return {
    userId,
    token,
    workspaceId,
    async request(options) {
      const response = await api.app.inject({
        ...options,
        headers: { authorization: `Bearer ${token}`, 'clm-workspace': workspaceId, ...options.headers },
      });
      const text = response.body;
      return {
        status: response.statusCode,
        body: text ? JSON.parse(text) : undefined,
        headers: response.headers,
      };
    },
  };
}

/** A new user added to `admin`'s workspace with `role` through the members API, signed in. */
export async function addMember(api: TestApi, admin: Session, role: string): Promise<Session> {
  const email = uniqueEmail(role);
  const password = 'correct horse battery';
  const added = await admin.request({
    method: 'POST',
    url: '/api/v1/members',
    payload: { email, role, password },
  });
  if (added.status !== 201) throw new Error(`adding a ${role} failed: ${JSON.stringify(added.body)}`);
  return logIn(api, email, password, admin.workspaceId);
}
