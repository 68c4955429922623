import type { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { stringify } from 'csv-stringify';
import { sql } from 'kysely';
import { auditEntriesAbout } from '../audit/entries.js';
import type { Tx } from '../db/tenant.js';
import { safeText } from '../exports/cells.js';
import { ticketEventsOf } from '../tickets/erase.js';
import { listConsents } from './consent.js';

type Plain = Record<string, unknown>;

const camel = (key: string) => key.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());

/** A row as the export shows it: camelCase keys, instants in ISO 8601, the workspace key left out. */
function plain(row: object): Plain {
  const out: Plain = {};
  for (const [key, value] of Object.entries(row)) {
    if (key === 'workspace_id' || key === 'token_hash') continue;
    out[camel(key)] = value instanceof Date ? value.toISOString() : value;
  }
  return out;
}

/**
 * Everything CLM holds on one person: `ids` are the customer and the customers merged into it. Each
 * section is every column of that domain's rows, so that nothing held is left out of an answer to an
 * access request.
 */
export async function personalData(tx: Tx, ids: string[]) {
  // Every column of each table, so that a column added later is in the export without a change here.
  const rowsOf = async (table: string, order = 'customer_id') => {
    const { rows } = await sql<Plain>`select * from ${sql.table(table)}
      where customer_id = any(${ids}::uuid[]) order by ${sql.ref(order)}`.execute(tx);
    return rows.map(plain);
  };
  const profiles = await tx.selectFrom('customers').selectAll().where('id', 'in', ids).execute();
  const consents = await Promise.all(ids.map((id) => listConsents(tx, id)));
  return {
    exportedAt: new Date().toISOString(),
    customerId: ids[0],
    mergedIds: ids.slice(1),
    profile: profiles.map(({ name_pinyin: _, ...row }) => plain(row)),
    contacts: await rowsOf('contacts', 'created_at'),
    consents: consents.flatMap((c) => c.events),
    currentConsent: consents[0]?.current ?? {},
    transactions: await rowsOf('transactions', 'occurred_at'),
    interactions: await rowsOf('interactions', 'occurred_at'),
    tasks: await rowsOf('tasks', 'created_at'),
    contracts: await rowsOf('contracts', 'signed_on'),
    tickets: await rowsOf('tickets', 'created_at'),
    ticketEvents: (await ticketEventsOf(tx, ids)).map(plain),
    lifecycle: await rowsOf('customer_lifecycle'),
    lifecycleHistory: await rowsOf('lifecycle_history', 'id'),
    lifecycleOverrides: await rowsOf('lifecycle_overrides', 'created_at'),
    values: await rowsOf('customer_values'),
    purchaseStats: await rowsOf('customer_stats'),
    audit: await auditEntriesAbout(tx, ids),
  };
}
export type PersonalData = Awaited<ReturnType<typeof personalData>>;

/** `{a: {b: [1, 2]}}` → `a.b.0 = 1`, `a.b.1 = 2`: every value with the path that leads to it. */
function* leaves(value: unknown, path: string): Generator<[string, string]> {
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value);
    if (entries.length === 0) yield [path, Array.isArray(value) ? '[]' : '{}'];
    for (const [key, inner] of entries) yield* leaves(inner, path ? `${path}.${key}` : key);
  } else yield [path, value === null || value === undefined ? '' : String(value)];
}

/**
 * The export as one CSV of facts, `section, record, field, value`: one file that opens in any
 * spreadsheet, where a reviewer filters by section, and that holds nested fields (custom fields,
 * stage causes, audit changes) without a column per key. Record is the row's number within its section.
 */
export function* personalDataRows(data: PersonalData): Generator<string[]> {
  yield ['section', 'record', 'field', 'value'];
  for (const [section, value] of Object.entries(data)) {
    if (Array.isArray(value))
      for (const [i, row] of value.entries())
        for (const [field, text] of leaves(row, '')) yield [section, String(i + 1), field, text];
    else for (const [field, text] of leaves(value, '')) yield [section, '', field, text];
  }
}

/** Writes the CSV in UTF-8 with a byte order mark (which Excel needs for Chinese); cells that a spreadsheet would run as formulas are quoted. */
export async function writePersonalDataCsv(data: PersonalData, out: Writable) {
  const csv = stringify({ bom: true, record_delimiter: 'windows' });
  const piped = pipeline(csv, out);
  for (const [i, row] of [...personalDataRows(data)].entries())
    csv.write(i === 0 ? row : [row[0], row[1], row[2], safeText(row[3] ?? '')]);
  csv.end();
  await piped;
}
