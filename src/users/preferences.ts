import { type Kysely, sql } from 'kysely';
import { z } from 'zod';
import { customerListColumns } from '../customers/schema.js';
import type { Tables } from '../db/tables.js';

/** The customer list's columns beside the name, in the order shown. */
const customerColumns = z
  .array(z.enum(customerListColumns))
  .max(customerListColumns.length)
  .refine((columns) => new Set(columns).size === columns.length, {
    message: 'names a column twice',
    params: { code: 'duplicate_column' },
  });

/**
 * Named customer lists: each a name and the list's filters and sort as the web app's address bar has
 * them. The filters are the web app's to read (it keeps only what the list accepts); here they are
 * bounded, not interpreted.
 */
const customerViews = z
  .array(
    z.strictObject({
      name: z.string().trim().min(1).max(60),
      search: z
        .record(z.string().max(40), z.union([z.string().max(200), z.number()]))
        .refine((search) => Object.keys(search).length <= 30, { message: 'has too many filters' }),
    }),
  )
  .max(100)
  .refine((views) => new Set(views.map((v) => v.name)).size === views.length, {
    message: 'names a view twice',
    params: { code: 'duplicate_view' },
  });

/**
 * What a person chose about how the screens look, kept with their account so that it follows them to
 * another browser. Each key is optional: an unset one means the screen's default.
 */
export const userPreferences = z.strictObject({
  customerColumns: customerColumns.optional(),
  customerViews: customerViews.optional(),
});
export type UserPreferences = z.infer<typeof userPreferences>;

/** A change: each key given replaces the stored one; null forgets it (back to the screen's default). */
export const userPreferencesPatch = z.strictObject({
  customerColumns: customerColumns.nullable().optional(),
  customerViews: customerViews.nullable().optional(),
});
export type UserPreferencesPatch = z.infer<typeof userPreferencesPatch>;

/**
 * The stored preferences, keeping only what the schema still accepts: a column a later version removed
 * drops out rather than failing every read.
 */
function parseStored(stored: Record<string, unknown>): UserPreferences {
  const kept: Record<string, unknown> = {};
  for (const [key, schema] of Object.entries(userPreferences.shape)) {
    const parsed = schema.safeParse(stored[key]);
    if (parsed.success && parsed.data !== undefined) kept[key] = parsed.data;
  }
  return kept as UserPreferences;
}

export async function readPreferences(db: Kysely<Tables>, userId: string): Promise<UserPreferences> {
  const row = await db
    .selectFrom('users')
    .select('preferences')
    .where('id', '=', userId)
    .executeTakeFirstOrThrow();
  return parseStored(row.preferences);
}

/** Applies a change in one statement, so two tabs saving different keys do not undo each other. */
export async function changePreferences(
  db: Kysely<Tables>,
  userId: string,
  patch: UserPreferencesPatch,
): Promise<UserPreferences> {
  const set = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== null && v !== undefined));
  const forget = Object.entries(patch)
    .filter(([, v]) => v === null)
    .map(([key]) => key);
  const row = await db
    .updateTable('users')
    .set({
      preferences: sql`(preferences || ${JSON.stringify(set)}::jsonb) - ${forget}::text[]`,
      updated_at: new Date(),
    })
    .where('id', '=', userId)
    .returning('preferences')
    .executeTakeFirstOrThrow();
  return parseStored(row.preferences);
}
