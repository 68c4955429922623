import { z } from 'zod';
import { badRequest } from '../errors.js';

/** Query parameters every list endpoint accepts. */
export const pageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: z.string().max(1000).optional(),
  count: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
});

/** The position after the last row of a page: its sort value and its id (ids break ties). */
export type CursorValue = [string | number | null, string];

export function encodeCursor(value: CursorValue): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

const invalidCursor = () =>
  badRequest('invalid cursor', [
    { path: 'querystring.cursor', message: 'is not a cursor this API returned' },
  ]);

export function decodeCursor(cursor: string): CursorValue {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(value) && value.length === 2 && typeof value[1] === 'string')
      return value as CursorValue;
  } catch {}
  throw invalidCursor();
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A cursor after a text sort value and a uuid id; a forged one is a 400 rather than a database error. */
export function decodeTextCursor(cursor: string): [string, string] {
  const [value, id] = decodeCursor(cursor);
  if (typeof value !== 'string' || !UUID.test(id)) throw invalidCursor();
  return [value, id];
}

/** A cursor after an instant and a uuid id; a forged one is a 400 rather than a database error. */
export function decodeTimeCursor(cursor: string): [Date, string] {
  const [value, id] = decodeCursor(cursor);
  const at = new Date(typeof value === 'string' ? value : Number.NaN);
  if (Number.isNaN(at.getTime()) || !UUID.test(id)) throw invalidCursor();
  return [at, id];
}

/** A cursor after a whole-number sort value (a line of a file); a forged one is a 400. */
export function decodeNumberCursor(cursor: string): number {
  return decodeNumberTextCursor(cursor)[0];
}

/** A cursor after a whole-number sort value and a text that breaks its ties (a line and a column). */
export function decodeNumberTextCursor(cursor: string): [number, string] {
  const [value, text] = decodeCursor(cursor);
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) throw invalidCursor();
  return [value, text];
}

/**
 * A page from `limit + 1` fetched rows: the extra row is not shown, it only says that a next page exists,
 * and the cursor points after the last shown row.
 */
export function toPage<R, J>(
  rows: R[],
  limit: number,
  toJson: (row: R) => J,
  cursorOf: (row: R) => CursorValue,
  total?: number,
) {
  const shown = rows.length > limit ? rows.slice(0, limit) : rows;
  const last = shown.at(-1);
  return {
    data: shown.map(toJson),
    nextCursor: rows.length > limit && last ? encodeCursor(cursorOf(last)) : null,
    ...(total === undefined ? {} : { total }),
  };
}

export const listJson = <T extends z.ZodType>(item: T) =>
  z.object({ data: z.array(item), nextCursor: z.string().nullable(), total: z.number().int().optional() });
