import { randomBytes } from 'node:crypto';
import cookie from '@fastify/cookie';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance } from 'fastify';
import { jsonSchemaTransform, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Kysely } from 'kysely';
import { registerPiiMasking } from '../authorization/pii-visibility.js';
import type { Database, DatabaseKind } from '../db/database.js';
import { errorSummary } from '../db/error-summary.js';
import { requestStarted } from '../db/foreground.js';
import type { Tables } from '../db/tables.js';
import { AppError } from '../errors.js';
import { type JobOptions, type Jobs, startJobs } from '../jobs/runner.js';
import { type MailSettings, mailSender, type SendMail } from '../mail/send-mail.js';
import { VERSION } from '../version.js';
import { registerAuthentication } from './authenticate.js';
import { registerIdempotency } from './idempotency.js';
import { registerInputChecks } from './input-checks.js';
import { problemHandler, withProblems } from './problem.js';
import { routePlugins } from './routes.js';
import { registerSecurityHeaders } from './security-headers.js';
import { responseSerializer } from './serializer.js';
import { registerWebApp } from './web-app.js';

declare module 'fastify' {
  interface FastifyInstance {
    db: Kysely<Tables>;
    databaseKind: DatabaseKind;
    /** Outgoing mail; null where no SMTP server is configured. */
    sendMail: SendMail | null;
    /** The web app's address, for links sent by e-mail. */
    publicUrl: string;
    /** The time as the server sees it; tests replace it to move time forward. */
    clock: () => Date;
    /** The job queue: every app sends jobs; one started with `runJobs` also runs them. */
    jobs: Jobs;
    /** Encrypts stored secrets (see config's secretKey). */
    secretKey: Buffer;
  }
}

export interface AppOptions {
  /** Log level; without it the app does not log. */
  logLevel?: string;
  /** Where log lines go (default stdout). */
  logStream?: { write(line: string): void };
  /** Folder of the built web app, served at `/`; without it only the API is served. */
  webRoot?: string;
  /** Outgoing mail (invitations, password resets); without it no mail is sent. */
  mail?: MailSettings;
  /** The web app's address for links in e-mails (default http://127.0.0.1:3000). */
  publicUrl?: string;
  /** The current time (default: the system clock). */
  clock?: () => Date;
  /**
   * The key stored secrets are encrypted with (config's secretKey). Default: a key of this process
   * only, right for an in-memory database (tests) and wrong for any database that outlives the process.
   */
  secretKey?: Buffer;
  /** Reverse proxies whose X-Forwarded-For names the client (see Config.trustProxy). */
  trustProxy?: boolean | string;
  /** Run background jobs (imports, scheduled work) in this process; off by default, on in `clm serve`. */
  runJobs?: boolean;
  /** The job runner's pace (Config.jobs); default: the runner's. */
  jobs?: Pick<JobOptions, 'pollingIntervalSeconds' | 'retryDelaySeconds' | 'abandonedAfterSeconds'>;
}

// Personal data and secrets never reach the logs, whatever a handler logs.
const REDACT = [
  'req.headers.authorization',
  'req.headers.cookie',
  '*.password',
  '*.token',
  '*.phones',
  '*.emails',
  '*.email',
  '*.phone',
];

const PROCESS_KEY = randomBytes(32);

export async function buildApp(database: Database, options: AppOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: options.logLevel
      ? {
          level: options.logLevel,
          stream: options.logStream,
          redact: { paths: REDACT, censor: '[redacted]' },
          serializers: {
            // Query strings can hold a searched phone number or e-mail: log the path only.
            req: (req) => ({ method: req.method, url: req.url.split('?')[0], remoteAddress: req.ip }),
            // A failed statement's error carries its SQL, its parameters and the values at fault.
            err: errorSummary,
          },
        }
      : false,
    // Bulk writes of 10,000 transactions are a few MB of JSON.
    bodyLimit: 16 * 1024 * 1024,
    ajv: { customOptions: { removeAdditional: false } },
    trustProxy: options.trustProxy ?? false,
  }).withTypeProvider<ZodTypeProvider>();
  // The embedded database's background work gives way to the requests under way (see giveWay).
  if (database.kind === 'pglite')
    app.addHook('onRequest', (_request, reply, done) => {
      // Sent, or its connection gone: whichever comes first ends it.
      const end = requestStarted(database.db);
      reply.raw.once('finish', end).once('close', end);
      done();
    });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(responseSerializer);
  app.decorate('db', database.db);
  app.decorate('databaseKind', database.kind);
  app.decorate('sendMail', mailSender(options.mail));
  app.decorate('publicUrl', options.publicUrl ?? 'http://127.0.0.1:3000');
  app.decorate('clock', options.clock ?? (() => new Date()));
  const jobs = await startJobs(database, {
    ...options.jobs,
    run: options.runJobs ?? false,
    onError: (error) => app.log.error({ err: error }, 'job queue error'),
  });
  app.decorate('jobs', jobs);
  app.addHook('onClose', () => jobs.stop());
  app.decorate('secretKey', options.secretKey ?? PROCESS_KEY);
  await registerSecurityHeaders(app);
  await app.register(cookie);

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'CLM API', version: VERSION, description: 'Customer Lifecycle Manager REST API' },
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer' },
          // The web app's session; requests that change something also send the x-csrf-token header.
          session: { type: 'apiKey', in: 'cookie', name: 'clm_session' },
        },
      },
      security: [{ bearer: [] }, { session: [] }],
    },
    transform: jsonSchemaTransform,
    transformObject: (doc) => ('openapiObject' in doc ? withProblems(doc.openapiObject) : doc.swaggerObject),
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });
  app.get('/api/v1/openapi.json', { config: { auth: 'public' }, schema: { hide: true } }, () =>
    app.swagger(),
  );

  app.setErrorHandler(problemHandler);
  const web = options.webRoot ? await registerWebApp(app, options.webRoot) : undefined;
  app.setNotFoundHandler((request, reply) => {
    if (web?.serves(request)) return web.send(request, reply);
    throw new AppError(404, 'not-found', `no route ${request.method} ${request.url.split('?')[0]}`);
  });
  registerAuthentication(app);
  registerPiiMasking(app);
  registerInputChecks(app);
  registerIdempotency(app);
  for (const plugin of routePlugins) await app.register(plugin, { prefix: '/api/v1' });
  return app;
}
