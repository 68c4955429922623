import type { Kysely } from 'kysely';
import { hashPassword } from '../auth/passwords.js';
import type { Tables } from '../db/tables.js';
import { conflict } from '../errors.js';

export interface NewUser {
  email: string;
  password: string;
  name?: string;
  locale?: 'en' | 'zh-CN';
}

/** The account of an e-mail address, compared case-insensitively as the unique index does. */
export function findUserByEmail(db: Kysely<Tables>, email: string) {
  return db
    .selectFrom('users')
    .select(['id', 'email', 'name'])
    .where((eb) => eb(eb.fn('lower', ['email']), '=', email.trim().toLowerCase()))
    .executeTakeFirst();
}

export async function createUser(db: Kysely<Tables>, input: NewUser) {
  const email = input.email.trim().toLowerCase();
  const taken = await findUserByEmail(db, email);
  if (taken) throw conflict(`a user with e-mail ${email} already exists`, { userId: taken.id });
  return db
    .insertInto('users')
    .values({
      email,
      name: input.name ?? '',
      locale: input.locale,
      password_hash: await hashPassword(input.password),
    })
    .returning(['id', 'email', 'name', 'locale', 'created_at'])
    .executeTakeFirstOrThrow();
}
