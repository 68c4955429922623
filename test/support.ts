import { randomInt } from 'node:crypto';
import type { FastifyInstance, InjectOptions } from 'fastify';
import pg from 'pg';
import { type Database, type DatabaseOptions, openDatabase } from '../src/db/database.js';
import { type AppOptions, buildApp } from '../src/http/app.js';
import { createUser } from '../src/users/service.js';
import { pgliteTemplate } from './pglite-template.js';

/** Every database a database test must pass on: PGlite always, PostgreSQL when CLM_TEST_DATABASE_URL is set. */
export const databaseTargets: { name: 'pglite' | 'postgres'; url?: string }[] = [
  { name: 'pglite' },
  ...(process.env.CLM_TEST_DATABASE_URL
    ? [{ name: 'postgres' as const, url: process.env.CLM_TEST_DATABASE_URL }]
    : []),
];

/**
 * Opens a test database. An embedded one starts from a migrated template instead of being created
 * and migrated: that costs seconds of CPU per database, many times per run. It still runs the
 * migrations and installs the job schema, which find nothing left to do.
 */
export async function openTestDatabase(options: DatabaseOptions = {}): Promise<Database> {
  return openDatabase(options.url ? options : { ...options, template: await pgliteTemplate() });
}

/**
 * A database of its own on the PostgreSQL server at `url`, for a test whose figures or queues another
 * test file sharing the suite's database would blur (statistics, the job queue's workers).
 */
export async function freshPostgres(url: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `clm_own_${process.pid}_${Date.now()}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const own = new URL(url);
  own.pathname = `/${name}`;
  return {
    url: own.toString(),
    async drop() {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      await client.query(`drop database ${name} with (force)`);
      await client.end();
    },
  };
}

export interface TestApi {
  app: FastifyInstance;
  database: Database;
  close(): Promise<void>;
}

/** The API on a database; `options` add e.g. an SMTP server (`mail`). */
export async function startApi(url?: string, options: AppOptions = {}): Promise<TestApi> {
  const database = await openTestDatabase({ url });
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

/**
 * A source address of its own for each call (from 198.18.0.0/15, kept for tests): sign-in throttling
 * counts failures per address, and tests sharing one PostgreSQL database must not slow each other down.
 */
export function testSource(): string {
  const n = sources++;
  return `198.${18 + ((n >> 16) & 1)}.${(n >> 8) & 255}.${n & 255}`;
}
// A different start in each run: PostgreSQL test databases keep the counters of earlier runs for a day.
let sources = randomInt(1, 1 << 17);

async function issueSession(api: TestApi, email: string, password: string): Promise<string> {
  const login = await api.app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { email, password },
    remoteAddress: testSource(),
  });
  return login.json().token;
}

function session(api: TestApi, userId: string, token: string, workspaceId: string): Session {
  // Throttled checks of a signed-in user (current password, two-step codes) count per source too.
  const source = testSource();
  return {
    userId,
    token,
    workspaceId,
    async request(options) {
      const response = await api.app.inject({
        remoteAddress: source,
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

/**
 * The same user with a personal token instead of their session: a session ends after 12 idle hours, and
 * tests that move the application's clock by days would find it ended.
 */
export async function lasting(session: Session): Promise<Session> {
  const created = await session.request({
    method: 'POST',
    url: '/api/v1/auth/tokens',
    payload: { name: 'test' },
  });
  const token = created.body.token as string;
  return {
    ...session,
    token,
    request: (options) =>
      session.request({ ...options, headers: { ...options.headers, authorization: `Bearer ${token}` } }),
  };
}

/** The secret of an invitation or reset link (`…?token=…`). */
export const linkToken = (link: string) => new URL(link).searchParams.get('token') ?? '';

/**
 * A new person invited into `admin`'s workspace with `role`, who accepted by choosing a password, signed
 * in. Without mail the invitation's answer carries the link; with mail, pass the inbox it arrives in.
 */
export async function addMember(
  api: TestApi,
  admin: Session,
  role: string,
  inbox?: { next(to: string): Promise<{ text: string }> },
): Promise<Session> {
  const email = uniqueEmail(role);
  const invited = await admin.request({
    method: 'POST',
    url: '/api/v1/invitations',
    payload: { email, role },
  });
  if (invited.status !== 201) throw new Error(`inviting a ${role} failed: ${JSON.stringify(invited.body)}`);
  const mailed = invited.body.link ? '' : ((await inbox?.next(email))?.text ?? '');
  const link: string = invited.body.link ?? /https?:\/\/\S+/.exec(mailed)?.[0] ?? '';
  const accepted = await api.app.inject({
    method: 'POST',
    url: '/api/v1/invitations/sign-up',
    payload: { token: linkToken(link), name: `A ${role}`, password: 'correct horse battery' },
  });
  if (accepted.statusCode !== 201) throw new Error(`accepting failed: ${accepted.body}`);
  const { userId, token } = accepted.json();
  return session(api, userId, token, admin.workspaceId);
}
