import type { Kysely } from 'kysely';
import { assertStrongPassword } from '../auth/password-strength.js';
import { hashPassword, verifyPassword } from '../auth/passwords.js';
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

/** Creates an account; a weak password is a 400 naming `password`. */
export async function createUser(db: Kysely<Tables>, input: NewUser) {
  const email = input.email.trim().toLowerCase();
  assertStrongPassword(input.password, 'password', [email, input.name ?? '']);
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

/** Whether `password` is the user's current one. */
export async function checkPassword(db: Kysely<Tables>, userId: string, password: string): Promise<boolean> {
  const user = await db
    .selectFrom('users')
    .select('password_hash')
    .where('id', '=', userId)
    .executeTakeFirst();
  return user ? verifyPassword(user.password_hash, password) : false;
}

/** Replaces the user's password; `field` names the input in the 400 a weak password gets. */
export async function setPassword(db: Kysely<Tables>, userId: string, password: string, field: string) {
  const user = await db
    .selectFrom('users')
    .select(['email', 'name'])
    .where('id', '=', userId)
    .executeTakeFirstOrThrow();
  assertStrongPassword(password, field, [user.email, user.name]);
  await db
    .updateTable('users')
    .set({ password_hash: await hashPassword(password), updated_at: new Date() })
    .where('id', '=', userId)
    .execute();
}
