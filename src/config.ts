import { z } from 'zod';
import { ConfigError } from './errors.js';

// An IPv4 or IPv6 address, optionally with a CIDR prefix length.
const PROXY_ADDRESS = /^(\d{1,3}(\.\d{1,3}){3}|[\da-fA-F]*:[\da-fA-F:.]*)(\/\d{1,3})?$/;

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
  CLM_ADMIN_EMAIL: z.email().optional(),
  CLM_ADMIN_PASSWORD: z.string().min(10, 'must be at least 10 characters').optional(),
  CLM_DEMO: z.enum(['true', 'false']).default('true'),
  CLM_REFRESH_HOUR: z
    .union([z.literal('off'), z.coerce.number().int().min(0).max(23)], {
      error: 'must be an hour 0–23 or off',
    })
    .default(2),
  CLM_TRUST_PROXY: z
    .string()
    .refine(
      (v) => v === 'true' || v === 'false' || v.split(',').every((a) => PROXY_ADDRESS.test(a.trim())),
      'must be true, false or proxy addresses / CIDRs',
    )
    .default('false'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export interface Config {
  host: string;
  port: number;
  dataDir: string;
  databaseUrl: string | undefined;
  /** Connections to a PostgreSQL server; unset: sized from this machine's cores. */
  dbPoolSize: number | undefined;
  adminEmail: string | undefined;
  adminPassword: string | undefined;
  /** Create the demo workspace on the first start of an empty database. */
  demo: boolean;
  logLevel: z.infer<typeof schema>['LOG_LEVEL'];
  /** Local hour of each workspace's nightly lifecycle refresh; null: no scheduled refresh. */
  refreshHour: number | null;
  /**
   * Which reverse proxies' X-Forwarded-For to believe (Fastify's trustProxy): false, true (any), or
   * their addresses / CIDRs. Behind a proxy, without it every client looks like the proxy.
   */
  trustProxy: boolean | string;
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
    adminEmail: c.CLM_ADMIN_EMAIL,
    adminPassword: c.CLM_ADMIN_PASSWORD,
    demo: c.CLM_DEMO === 'true',
    logLevel: c.LOG_LEVEL,
    refreshHour: c.CLM_REFRESH_HOUR === 'off' ? null : c.CLM_REFRESH_HOUR,
    trustProxy: trustProxyOf(c.CLM_TRUST_PROXY),
  };
}

function trustProxyOf(value: string): boolean | string {
  if (value === 'true' || value === 'false') return value === 'true';
  return value.replace(/\s+/g, '');
}
