import { sql } from 'kysely';
import type { Tables } from '../db/tables.js';
import type { Tx } from '../db/tenant.js';

/** PostgreSQL type of each inserted column, as `jsonb_to_recordset` must be told. */
export type ColumnTypes<T extends keyof Tables> = Partial<Record<keyof Tables[T] & string, string>>;

/**
 * Inserts rows set-based: each chunk is one statement with a single JSON parameter unpacked by
 * `jsonb_to_recordset`. A parameter per value would hit the protocol's 65,535-parameter cap at a
 * few thousand rows and make the server parse and plan far more; one JSON document works the same
 * on PGlite and PostgreSQL. Columns left out take their defaults.
 */
export async function insertRows<T extends keyof Tables & string, C extends keyof ColumnTypes<T>>(
  tx: Tx,
  table: T,
  columns: Required<Pick<ColumnTypes<T>, C>>,
  rows: readonly Record<C, unknown>[],
  chunkSize = 2000,
): Promise<void> {
  const names = Object.keys(columns) as C[];
  const list = sql.join(names.map((name) => sql.ref(name)));
  const definition = sql.raw(names.map((name) => `"${name}" ${columns[name]}`).join(', '));
  for (let i = 0; i < rows.length; i += chunkSize) {
    const chunk = JSON.stringify(rows.slice(i, i + chunkSize));
    await sql`insert into ${sql.table(table)} (${list})
      select ${list} from jsonb_to_recordset(${chunk}::jsonb) as r(${definition})`.execute(tx);
  }
}
