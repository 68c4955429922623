import { type Selectable, sql } from 'kysely';
import { z } from 'zod';
import type { AuditLogTable } from '../db/tables.js';
import type { Tx } from '../db/tenant.js';
import { badRequest } from '../errors.js';
import { decodeCursor, listJson, pageQuery, toPage } from '../http/list.js';
import { aboutCustomers } from './about.js';

// Instants outside these years are typing mistakes, and some of them have no JavaScript Date.
const instant = z.iso
  .datetime({ offset: true })
  .refine((v) => {
    const year = new Date(v).getUTCFullYear();
    return year >= 1970 && year <= 2200;
  }, 'must be between the years 1970 and 2200')
  .transform((v) => new Date(v));

export const auditQuery = pageQuery.extend({
  /** The user who acted. */
  actor: z.uuid().optional(),
  action: z.string().trim().min(1).max(50).optional(),
  entity: z.string().trim().min(1).max(50).optional(),
  /** The record: a customer's id, a member's user id, a token's id… */
  entityId: z.string().trim().min(1).max(100).optional(),
  /** From this instant (inclusive). */
  from: instant.optional(),
  /** Up to this instant (exclusive). */
  to: instant.optional(),
});
export type AuditQuery = z.infer<typeof auditQuery>;

export const auditEntryJson = z.object({
  id: z.string(),
  at: z.iso.datetime(),
  userId: z.uuid().nullable(),
  /** The actor's e-mail and name now; null for the system (playbooks, retention) or a former account. */
  userEmail: z.string().nullable(),
  userName: z.string().nullable(),
  action: z.string(),
  entity: z.string(),
  entityId: z.string(),
  before: z.unknown().nullable(),
  after: z.unknown().nullable(),
});
export const auditListJson = listJson(auditEntryJson);

type EntryRow = Selectable<AuditLogTable> & { user_email: string | null; user_name: string | null };

function entryToJson(row: EntryRow): z.infer<typeof auditEntryJson> {
  return {
    id: String(row.id),
    at: row.at.toISOString(),
    userId: row.user_id,
    userEmail: row.user_email,
    userName: row.user_name,
    action: row.action,
    entity: row.entity,
    entityId: row.entity_id,
    before: row.before ?? null,
    after: row.after ?? null,
  };
}

/** A cursor after an instant and an audit row's id (a bigint); a forged one is a 400. */
function decodeAuditCursor(cursor: string): [Date, string] {
  const [value, id] = decodeCursor(cursor);
  const at = new Date(typeof value === 'string' ? value : Number.NaN);
  if (Number.isNaN(at.getTime()) || !/^\d{1,18}$/.test(id))
    throw badRequest('invalid cursor', [
      { path: 'querystring.cursor', message: 'is not a cursor this API returned' },
    ]);
  return [at, id];
}

/** The workspace's audit trail, newest first, filtered. */
export async function listAudit(tx: Tx, query: AuditQuery) {
  if (query.from && query.to && query.from >= query.to)
    throw badRequest('empty time range', [{ path: 'querystring.to', message: 'must be after from' }]);
  let base = tx
    .selectFrom('audit_log as a')
    .leftJoin('users as u', 'u.id', 'a.user_id')
    .selectAll('a')
    .select(['u.email as user_email', 'u.name as user_name']);
  if (query.actor) base = base.where('a.user_id', '=', query.actor);
  if (query.action) base = base.where('a.action', '=', query.action);
  if (query.entity) base = base.where('a.entity', '=', query.entity);
  if (query.entityId) base = base.where('a.entity_id', '=', query.entityId);
  if (query.from) base = base.where('a.at', '>=', query.from);
  if (query.to) base = base.where('a.at', '<', query.to);
  let page = base.limit(query.limit + 1);
  if (query.cursor) {
    const [at, id] = decodeAuditCursor(query.cursor);
    page = page.where(sql<boolean>`(a.at, a.id) < (${at}, ${id}::bigint)`);
  }
  const rows = await page.orderBy('a.at', 'desc').orderBy('a.id', 'desc').execute();
  const total = query.count
    ? Number(
        (
          await base
            .clearSelect()
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      )
    : undefined;
  return toPage(rows, query.limit, entryToJson, (row) => [row.at.toISOString(), String(row.id)], total);
}

/** Every entry about these customers, oldest first: their part of a personal-data export. */
export async function auditEntriesAbout(tx: Tx, customerIds: string[]) {
  const rows = await tx
    .selectFrom('audit_log as a')
    .leftJoin('users as u', 'u.id', 'a.user_id')
    .selectAll('a')
    .select(['u.email as user_email', 'u.name as user_name'])
    .where(aboutCustomers(customerIds, 'a.id'))
    .orderBy('a.at')
    .orderBy('a.id')
    .execute();
  return rows.map(entryToJson);
}
