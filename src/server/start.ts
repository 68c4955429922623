import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { sealPlaintextSecrets } from '../auth/mfa.js';
import { sealStoredCareSecrets } from '../care/rules.js';
import { type Config, secretKey } from '../config.js';
import { type Database, openDatabase } from '../db/database.js';
import { buildApp } from '../http/app.js';
import { scheduleNightlyRefresh } from '../lifecycle/nightly.js';
import { schedulePoolReturns } from '../ownership/return-jobs.js';
import { ensureAdmin } from './bootstrap.js';
import { WEB_DIST } from './web-build.js';

export interface RunningServer {
  app: FastifyInstance;
  database: Database;
  url: string;
  /** Stops accepting connections, lets in-flight requests finish, then closes the database. */
  stop(): Promise<void>;
}

export interface StartOptions {
  /** The server's time, for the app and its scheduled jobs (default: the system clock); tests move it. */
  clock?: () => Date;
}

export async function startServer(config: Config, options: StartOptions = {}): Promise<RunningServer> {
  // Before the database: a missing key stops the start with its reason, not half-way.
  const key = secretKey(config);
  const database = await openDatabase({
    url: config.databaseUrl,
    dataDir: config.dataDir,
    poolSize: config.dbPoolSize,
    statementTimeoutMs: config.statementTimeoutMs,
  });
  try {
    const webRoot = existsSync(join(WEB_DIST, 'index.html')) ? WEB_DIST : undefined;
    const app = await buildApp(database, {
      logLevel: config.logLevel,
      webRoot,
      mail: config.mail,
      publicUrl: config.publicUrl,
      trustProxy: config.trustProxy,
      runJobs: true,
      jobs: {
        pollingIntervalSeconds: config.jobs.pollSeconds,
        retryDelaySeconds: config.jobs.retrySeconds,
        abandonedAfterSeconds: config.jobs.abandonedAfterSeconds,
      },
      secretKey: key,
      clock: options.clock,
    });
    const sealed = await sealPlaintextSecrets(database.db, key);
    if (sealed > 0) app.log.info({ sealed }, 'two-step sign-in secrets encrypted');
    const careSealed = await sealStoredCareSecrets(database.db, key);
    if (careSealed > 0) app.log.info({ sealed: careSealed }, 'care webhook keys encrypted');
    const admin = await ensureAdmin(database.db, config);
    if (admin) {
      app.log.info({ adminEmail: admin.email }, 'first start: admin account created');
      if (admin.generatedPassword) {
        // Printed once, on purpose outside the structured log, which may be shipped elsewhere.
        process.stdout.write(
          `\nAdmin account: ${admin.email}\nPassword:      ${admin.generatedPassword}\n(also in ${admin.passwordFile}, readable by you only)\n\n`,
        );
      }
      if (config.demo) await createDemo(app, database, admin.id);
    }
    await scheduleNightlyRefresh(database.db, app.jobs, {
      hour: config.refreshHour,
      now: app.clock,
      onRun: (run) => app.log.info(run, 'nightly lifecycle refresh'),
    });
    await schedulePoolReturns(database.db, app.jobs, {
      cron: config.poolReturnsCron,
      now: app.clock,
      onRun: (run) => app.log.info(run, 'pool returns'),
    });
    const url = await app.listen({ host: config.host, port: config.port });
    return {
      app,
      database,
      url,
      async stop() {
        await app.close();
        await database.close();
      },
    };
  } catch (error) {
    await database.close();
    throw error;
  }
}

async function createDemo(app: FastifyInstance, database: Database, ownerId: string) {
  const started = Date.now();
  const { ensureDemoWorkspace } = await import('../demo/load.js');
  const workspace = await ensureDemoWorkspace(database.db, ownerId);
  app.log.info({ workspace, ms: Date.now() - started }, 'first start: demo workspace created');
}
