import { hkdfSync, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { passwordWeakness } from './auth/password-strength.js';
import { ConfigError } from './errors.js';
import type { MailSettings } from './mail/send-mail.js';

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
  CLM_STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(0).max(86_400_000).default(60_000),
  CLM_IMPORT_BATCH_ROWS: z.coerce.number().int().min(1).max(1_000_000).optional(),
  CLM_ADMIN_EMAIL: z.email().optional(),
  CLM_ADMIN_PASSWORD: z
    .string()
    .superRefine((password, ctx) => {
      const weakness = passwordWeakness(password);
      if (weakness) ctx.addIssue({ code: 'custom', message: weakness });
    })
    .optional(),
  CLM_PUBLIC_URL: z.url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' }).optional(),
  CLM_SMTP_URL: z.url({ protocol: /^smtps?$/, error: 'must be an smtp:// or smtps:// URL' }).optional(),
  CLM_MAIL_FROM: z.string().min(3).max(320).optional(),
  CLM_DEMO: z.enum(['true', 'false']).default('true'),
  CLM_REFRESH_HOUR: z
    .union([z.literal('off'), z.coerce.number().int().min(0).max(23)], {
      error: 'must be an hour 0–23 or off',
    })
    .default(2),
  CLM_POOL_RETURNS_CRON: z
    .string()
    .trim()
    .refine(
      (v) => v === 'off' || /^\S+(\s+\S+){4}$/.test(v),
      'must be a cron expression of five fields or off',
    )
    .default('0 * * * *'),
  CLM_TRUST_PROXY: z
    .string()
    .refine(
      (v) => v === 'true' || v === 'false' || v.split(',').every((a) => PROXY_ADDRESS.test(a.trim())),
      'must be true, false or proxy addresses / CIDRs',
    )
    .default('false'),
  CLM_SECRET_KEY: z
    .string()
    .min(32, 'must be at least 32 characters, e.g. from `openssl rand -base64 32`')
    .optional(),
  CLM_JOB_POLL_SECONDS: z.coerce.number().min(0.5).max(60).default(2),
  CLM_JOB_RETRY_SECONDS: z.coerce.number().int().min(1).max(3600).optional(),
  CLM_JOB_ABANDONED_SECONDS: z.coerce.number().int().min(1).max(3600).default(60),
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
  /** CLM_IMPORT_BATCH_ROWS: rows per batch of `clm import`; unset: the import's own size. */
  importBatchRows: number | undefined;
  adminEmail: string | undefined;
  adminPassword: string | undefined;
  /**
   * Where people reach the web app, for the links in invitation and password-reset e-mails; never taken
   * from a request's Host header, which a stranger chooses.
   */
  publicUrl: string;
  /** Outgoing mail; unset: no SMTP server, so invitation links are copied by an admin and resets are off. */
  mail: MailSettings | undefined;
  /** Create the demo workspace on the first start of an empty database. */
  demo: boolean;
  logLevel: z.infer<typeof schema>['LOG_LEVEL'];
  /** Local hour of each workspace's nightly lifecycle refresh; null: no scheduled refresh. */
  refreshHour: number | null;
  /** When customers nobody followed up go back to their pools (cron, UTC); null: only after the nightly refresh. */
  poolReturnsCron: string | null;
  /**
   * Which reverse proxies' X-Forwarded-For to believe (Fastify's trustProxy): false, true (any), or
   * their addresses / CIDRs. Behind a proxy, without it every client looks like the proxy.
   */
  trustProxy: boolean | string;
  /** CLM_SECRET_KEY: what stored secrets (two-step sign-in keys) are encrypted with; see secretKey(). */
  secretKey: string | undefined;
  /**
   * The job runner's pace (docs/jobs.md): how often queues are polled, a first retry delay in place of
   * each queue's (unset: the queue's), and how long silent work waits before a sweep takes it for
   * abandoned. Tests shorten them; production keeps the defaults.
   */
  jobs: { pollSeconds: number; retrySeconds: number | undefined; abandonedAfterSeconds: number };
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
  if (c.CLM_MAIL_FROM && !c.CLM_SMTP_URL)
    throw new ConfigError('invalid configuration: CLM_MAIL_FROM needs CLM_SMTP_URL');
  return {
    host: c.HOST,
    port: c.PORT,
    dataDir: c.CLM_DATA_DIR,
    databaseUrl: c.DATABASE_URL,
    dbPoolSize: c.CLM_DB_POOL_SIZE,
    statementTimeoutMs: c.CLM_STATEMENT_TIMEOUT_MS,
    importBatchRows: c.CLM_IMPORT_BATCH_ROWS,
    adminEmail: c.CLM_ADMIN_EMAIL,
    adminPassword: c.CLM_ADMIN_PASSWORD,
    publicUrl: (c.CLM_PUBLIC_URL ?? `http://${c.HOST}:${c.PORT}`).replace(/\/+$/, ''),
    mail: c.CLM_SMTP_URL
      ? { smtpUrl: c.CLM_SMTP_URL, from: c.CLM_MAIL_FROM ?? `CLM <clm@${new URL(c.CLM_SMTP_URL).hostname}>` }
      : undefined,
    demo: c.CLM_DEMO === 'true',
    logLevel: c.LOG_LEVEL,
    refreshHour: c.CLM_REFRESH_HOUR === 'off' ? null : c.CLM_REFRESH_HOUR,
    poolReturnsCron: c.CLM_POOL_RETURNS_CRON === 'off' ? null : c.CLM_POOL_RETURNS_CRON,
    trustProxy: trustProxyOf(c.CLM_TRUST_PROXY),
    secretKey: c.CLM_SECRET_KEY,
    jobs: {
      pollSeconds: c.CLM_JOB_POLL_SECONDS,
      retrySeconds: c.CLM_JOB_RETRY_SECONDS,
      abandonedAfterSeconds: c.CLM_JOB_ABANDONED_SECONDS,
    },
  };
}

function trustProxyOf(value: string): boolean | string {
  if (value === 'true' || value === 'false') return value === 'true';
  return value.replace(/\s+/g, '');
}

const SECRET_KEY_FILE = 'secret-key.txt';

/**
 * The 256-bit key that encrypts secrets CLM must read back (two-step sign-in keys): derived from
 * CLM_SECRET_KEY, or on the embedded database from a key generated once into the data folder beside the
 * database. A PostgreSQL server may be shared by several CLM processes and is backed up apart from any
 * one host, so there the key must be set: without it this throws.
 */
export function secretKey(config: Config): Buffer {
  const material = config.secretKey ?? keyFile(config);
  return Buffer.from(hkdfSync('sha256', material, '', 'clm stored secrets', 32));
}

function keyFile(config: Config): string {
  if (config.databaseUrl)
    throw new ConfigError(
      'invalid configuration: CLM_SECRET_KEY must be set with DATABASE_URL (e.g. from `openssl rand -base64 32`)',
    );
  const dir = resolve(config.dataDir);
  const file = join(dir, SECRET_KEY_FILE);
  mkdirSync(dir, { recursive: true });
  try {
    // `wx`: never replace a key that exists, whose loss would make every stored secret unreadable.
    writeFileSync(file, `${randomBytes(32).toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  return readFileSync(file, 'utf8').trim();
}
