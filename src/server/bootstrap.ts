import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Kysely } from 'kysely';
import type { Config } from '../config.js';
import type { Tables } from '../db/tables.js';
import { createUser } from '../users/service.js';

export interface Admin {
  id: string;
  email: string;
  /** Set only when the password was generated here and must be shown once. */
  generatedPassword?: string;
  passwordFile?: string;
}

/**
 * On the first start (no user yet) creates the admin account from CLM_ADMIN_EMAIL / CLM_ADMIN_PASSWORD,
 * or with a generated password that is written, readable by its owner only, to the data folder.
 * Answers undefined when users already exist.
 */
export async function ensureAdmin(db: Kysely<Tables>, config: Config): Promise<Admin | undefined> {
  const existing = await db.selectFrom('users').select('id').limit(1).executeTakeFirst();
  if (existing) return undefined;
  const email = config.adminEmail ?? 'admin@clm.local';
  const generatedPassword = config.adminPassword ? undefined : randomBytes(18).toString('base64url');
  const password = config.adminPassword ?? (generatedPassword as string);
  const user = await createUser(db, { email, password, name: 'Administrator' });
  if (!generatedPassword) return { id: user.id, email };
  const dir = resolve(config.dataDir);
  mkdirSync(dir, { recursive: true });
  const passwordFile = join(dir, 'admin-password.txt');
  writeFileSync(passwordFile, `${email}\n${generatedPassword}\n`, { mode: 0o600 });
  return { id: user.id, email, generatedPassword, passwordFile };
}
