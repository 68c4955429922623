import { z } from 'zod';
import { ConfigError } from './errors.js';

/** Every setting CLM reads from the environment, validated once at start-up. */
const schema = z.object({
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  CLM_DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL')
    .optional(),
  CLM_DB_POOL_SIZE: z.coerce.number().int().min(1).max(1000).optional(),
  CLM_STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(0).max(86_400_000).default(60_000),
  CLM_ADMIN_EMAIL: z.email().optional(),
  CLM_ADMIN_PASSWORD: z.string().min(10, 'must be at least 10 characters').optional(),
  CLM_DEMO: z.enum(['true', 'false']).default('true'),
  CLM_REFRESH_HOUR: z
    .union([z.literal('off'), z.coerce.number().int().min(0).max(23)], {
      error: 'must be an hour 0–23 or off',
    })
    .default(2),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export interface Config {
  host: string;
  port: number;
  dataDir: string;
  databaseUrl: string | undefined;
  /** Connections to a PostgreSQL server; unset: sized from this machine's cores. */
  dbPoolSize: number | undefined;
  /** The server's bound on one statement on PostgreSQL, in ms; 0: none. Background jobs lift it. */
  statementTimeoutMs: number;
  adminEmail: string | undefined;
  adminPassword: string | undefined;
  /** Create the demo workspace on the first start of an empty database. */
  demo: boolean;
  logLevel: z.infer<typeof schema>['LOG_LEVEL'];
  /** Local hour of each workspace's nightly lifecycle refresh; null: no scheduled refresh. */
  refreshHour: number | null;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  // Empty variables count as unset, as shells and .env files often leave them.
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== ''));
  const parsed = schema.safeParse(present);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ConfigError(`invalid configuration: ${issue.path.join('.')} ${issue.message}`);
  }
  const c = parsed.data;
  return {
    host: c.HOST,
    port: c.PORT,
    dataDir: c.CLM_DATA_DIR,
    databaseUrl: c.DATABASE_URL,
    dbPoolSize: c.CLM_DB_POOL_SIZE,
    statementTimeoutMs: c.CLM_STATEMENT_TIMEOUT_MS,
    adminEmail: c.CLM_ADMIN_EMAIL,
    adminPassword: c.CLM_ADMIN_PASSWORD,
    demo: c.CLM_DEMO === 'true',
    logLevel: c.LOG_LEVEL,
    refreshHour: c.CLM_REFRESH_HOUR === 'off' ? null : c.CLM_REFRESH_HOUR,
  };
}
