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

export async function createUser(db: Kysely<Tables>, input: NewUser) {
  const email = input.email.trim().toLowerCase();
  const taken = await db
    .selectFrom('users')
    .select('id')
    .where((eb) => eb(eb.fn('lower', ['email']), '=', email))
    .executeTakeFirst();
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
