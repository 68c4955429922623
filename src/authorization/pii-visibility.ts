import type { FastifyInstance } from 'fastify';
import type { Role } from '../db/tables.js';
import { can } from './permissions.js';
import { maskPersonFields } from './pii-mask.js';

type PersonRecord = { phones?: unknown; emails?: unknown; birthday?: unknown; ownerId?: unknown };

const isPersonRecord = (value: object): value is PersonRecord =>
  'phones' in value || 'emails' in value || 'birthday' in value;

/**
 * Whether `role` sees a record's contact data masked: without `pii.view` always; without
 * `pii.view-pool` on a customer in a pool (no owner), until someone claims it.
 */
export function masksRecord(role: Role, record: PersonRecord) {
  if (!can(role, 'pii.view')) return true;
  return !can(role, 'pii.view-pool') && record.ownerId === null;
}

/** `value` with every customer or contact in it masked as `role` must see it; a copy where anything changed. */
export function maskForRole<T>(role: Role, value: T): T {
  if (Array.isArray(value)) return value.map((item) => maskForRole(role, item)) as T;
  if (value === null || typeof value !== 'object' || value instanceof Date) return value;
  let changed = false;
  const copy: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(value)) {
    const masked = maskForRole(role, field);
    changed ||= masked !== field;
    copy[key] = masked;
  }
  const record = changed ? copy : (value as Record<string, unknown>);
  if (isPersonRecord(record) && masksRecord(role, record)) return maskPersonFields(record) as T;
  return record as T;
}

/**
 * Every API answer in a workspace passes here before it is written: no route can forget to mask, and
 * roles that see everything skip the walk.
 */
export function registerPiiMasking(app: FastifyInstance) {
  app.addHook('preSerialization', async (request, _reply, payload) => {
    const role = request.workspace?.role;
    if (!role || (can(role, 'pii.view') && can(role, 'pii.view-pool'))) return payload;
    return maskForRole(role, payload);
  });
}
