import type { Role } from '../db/tables.js';
import type { Viewer } from '../db/tenant.js';
import { AppError } from '../errors.js';

/**
 * What each role may do, in one table. Which records a role sees is its scope (row-level security,
 * migration 0028); what it may do with them is its permissions. docs/permissions.md explains both.
 */
export type Permission =
  /** Create, change and delete customers and what belongs to them. */
  | 'records.write'
  /** Give a customer to someone else, and move customers between owners and pools. */
  | 'customers.assign'
  /** See phones, e-mails and birthdays of the customers in scope unmasked. */
  | 'pii.view'
  /** …also of customers in a pool, before anyone claims them. */
  | 'pii.view-pool'
  /** Download data as files. */
  | 'data.export'
  /** Create pools, set their members, limits and return rules. */
  | 'pools.manage';

// Owners and admins may do everything here; making or unmaking an owner is an owner's alone (members/service.ts).
const EVERYTHING: ReadonlySet<Permission> = new Set([
  'records.write',
  'customers.assign',
  'pii.view',
  'pii.view-pool',
  'data.export',
  'pools.manage',
]);

const PERMISSIONS: Record<Role, ReadonlySet<Permission>> = {
  owner: EVERYTHING,
  admin: EVERYTHING,
  manager: new Set(['records.write', 'customers.assign', 'pii.view', 'data.export']),
  rep: new Set(['records.write', 'pii.view']),
  // Reads everything for analysis, changes nothing, and sees no one's contact data.
  analyst: new Set(['data.export']),
};

const SCOPES: Record<Role, Viewer['scope']> = {
  owner: 'all',
  admin: 'all',
  manager: 'team',
  rep: 'own',
  analyst: 'all',
};

export const can = (role: Role, permission: Permission) => PERMISSIONS[role].has(permission);

export const scopeOf = (role: Role): Viewer['scope'] => SCOPES[role];

/** Throws 403 unless `role` has `permission`. */
export function requirePermission(role: Role, permission: Permission) {
  if (!can(role, permission))
    throw new AppError(403, 'forbidden', `your role lacks the permission ${permission}`);
}
