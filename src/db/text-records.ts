import { type RawBuilder, sql } from 'kysely';

/** One field of a record: text as it is, a number in its shortest decimal, null (or undefined) as nothing. */
export type Field = string | number | boolean | null | undefined;

const NAME = /^[a-z_][a-z0-9_]*$/;
const TYPE = /^[a-z][a-z0-9 ]*(\[\])?$/;

/**
 * One record as a line of tab-separated fields, for `textRecords`. An empty field reads as null, so
 * an empty text cannot be told from null. A text with a tab or a line break would shift the fields
 * of its record and is refused; JSON texts never hold one (JSON escapes them).
 */
export function recordLine(fields: readonly Field[]): string {
  let line = '';
  for (let k = 0; k < fields.length; k++) {
    const value = fields[k];
    if (k > 0) line += '\t';
    if (value === null || value === undefined) continue;
    if (typeof value === 'string') {
      if (value.includes('\t') || value.includes('\n'))
        throw new Error(`field ${k + 1} holds a tab or a line break`);
      line += value;
    } else line += String(value);
  }
  return line;
}

/**
 * Records sent as one text parameter (lines from `recordLine`, joined by '\n') and read back as a
 * table of typed columns, for set-based writes of many rows. PostgreSQL splits such a text several
 * times faster than it reads the same records from JSON with json_to_recordset (which validates the
 * document, then parses it again, field by field).
 */
export function textRecords(
  text: string,
  columns: readonly (readonly [name: string, type: string])[],
): RawBuilder<unknown> {
  const fields = columns.map(([name, type], k) => {
    if (!NAME.test(name) || !TYPE.test(type)) throw new Error(`bad column ${name} ${type}`);
    return `nullif(f[${k + 1}], '')::${type} as ${name}`;
  });
  return sql`(select ${sql.raw(fields.join(', '))}
    from string_to_table(${text}, E'\\n') as line, string_to_array(line, E'\\t') as f)`;
}

/**
 * Runs `write(from, to)` for each chunk of `total` rows in order, and answers their results in order.
 * `write` builds its statement's text before it returns the statement's promise, so that each chunk
 * is built while the database runs the one before (at most two statements outstanding): building a
 * chunk costs this process about as long as the database takes to run one, and both wait for each
 * other otherwise.
 */
export async function pipelinedChunks<T>(
  total: number,
  size: number,
  write: (from: number, to: number) => Promise<T>,
): Promise<T[]> {
  const running: Promise<T>[] = [];
  for (let from = 0; from < total; from += size) {
    const statement = write(from, Math.min(total, from + size));
    // Awaited below; a failure of a later one while an earlier one is awaited is not unhandled.
    statement.catch(() => undefined);
    running.push(statement);
    if (running.length >= 2) await running[running.length - 2];
  }
  return Promise.all(running);
}
