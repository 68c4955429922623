import { recordAudit } from '../audit/record.js';
import { can } from '../authorization/permissions.js';
import type { Role } from '../db/tables.js';
import type { Tx } from '../db/tenant.js';
import { AppError, badRequest } from '../errors.js';
import { staleVersion } from '../http/preconditions.js';
import { recordConsentEdit } from '../privacy/consent.js';
import { assertNoExactDuplicate } from './duplicates-exact.js';
import { normaliseEmail, normalisePhones } from './normalise.js';
import { type CustomerRow, customerToJson, findCustomer } from './repository.js';
import type { CustomerInput, CustomerPatch } from './schema.js';

export interface Actor {
  workspaceId: string;
  userId: string;
  role: Role;
  phoneRegion: string;
}

const ASSIGNERS: Role[] = ['owner', 'admin', 'manager'];

export function assertCanWrite(actor: Actor) {
  if (!can(actor.role, 'records.write'))
    throw new AppError(403, 'forbidden', 'your role can read but not change records');
}

/** Reps may take a customer themselves; only managers and above assign customers to someone else. */
function assertCanAssign(actor: Actor, ownerId: string | null | undefined, current?: string | null) {
  if (ownerId === undefined || ownerId === current || ASSIGNERS.includes(actor.role)) return;
  if (ownerId === actor.userId && current === undefined) return;
  throw new AppError(403, 'forbidden', 'only owners, admins and managers can assign customers', [
    { path: 'body.ownerId', message: 'cannot be set by your role' },
  ]);
}

function normaliseContactFields(input: CustomerPatch, region: string) {
  return {
    phones: input.phones && normalisePhones(input.phones, region),
    emails: input.emails && [...new Set(input.emails.map(normaliseEmail))],
  };
}

function columns(input: CustomerPatch, region: string) {
  const { phones, emails } = normaliseContactFields(input, region);
  return {
    kind: input.kind,
    type: input.type,
    name: input.name,
    company: input.company,
    phones,
    emails,
    industry: input.industry,
    region: input.region,
    source: input.source,
    tags: input.tags && [...new Set(input.tags)],
    birthday: input.birthday,
    custom: input.custom && JSON.stringify(input.custom),
    owner_id: input.ownerId,
    consent: input.consent && JSON.stringify(input.consent),
    external_id: input.externalId,
  };
}

async function assertOwnerIsMember(tx: Tx, ownerId: string | null | undefined) {
  if (!ownerId) return;
  const member = await tx
    .selectFrom('memberships')
    .select('user_id')
    .where('user_id', '=', ownerId)
    .executeTakeFirst();
  if (!member)
    throw badRequest('unknown owner', [
      { path: 'body.ownerId', code: 'not_in_workspace', message: 'is not a member of this workspace' },
    ]);
}

/**
 * `allowDuplicate`: create even when a live customer has one of the phones or e-mails (owners, admins
 * and managers only; reps and analysts get the 409 that names the existing customer).
 */
export async function createCustomer(
  tx: Tx,
  actor: Actor,
  input: CustomerInput,
  allowDuplicate = false,
): Promise<CustomerRow> {
  assertCanWrite(actor);
  assertCanAssign(actor, input.ownerId);
  if (allowDuplicate && !ASSIGNERS.includes(actor.role))
    throw new AppError(403, 'forbidden', 'only owners, admins and managers can create duplicates', [
      { path: 'querystring.allowDuplicate', message: 'cannot be set by your role' },
    ]);
  await assertOwnerIsMember(tx, input.ownerId);
  const values = columns(input, actor.phoneRegion);
  await assertNoExactDuplicate(
    tx,
    { phone: values.phones, email: values.emails, externalId: input.externalId },
    allowDuplicate,
  );
  // A rep's new customer is theirs (private pool); others' land in the public pool unless assigned.
  const ownerId = input.ownerId !== undefined ? input.ownerId : actor.role === 'rep' ? actor.userId : null;
  const row = await tx
    .insertInto('customers')
    .values({
      ...values,
      name: input.name,
      owner_id: ownerId,
      workspace_id: actor.workspaceId,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  await recordAudit(tx, actor, {
    action: 'create',
    entity: 'customer',
    entityId: row.id,
    after: customerToJson(row),
  });
  await recordConsentEdit(tx, actor, row.id, {}, input.consent);
  return row;
}

export async function updateCustomer(
  tx: Tx,
  actor: Actor,
  id: string,
  version: number,
  patch: CustomerPatch,
) {
  assertCanWrite(actor);
  const before = await findCustomer(tx, id);
  assertCanAssign(actor, patch.ownerId, before.owner_id);
  await assertOwnerIsMember(tx, patch.ownerId);
  const row = await tx
    .updateTable('customers')
    .set((eb) => ({
      ...columns(patch, actor.phoneRegion),
      version: eb('version', '+', 1),
      updated_at: new Date(),
    }))
    .where('id', '=', id)
    .where('version', '=', version)
    .where('deleted_at', 'is', null)
    .returningAll()
    .executeTakeFirst();
  if (!row) throw staleVersion();
  await recordAudit(tx, actor, {
    action: patch.ownerId !== undefined && patch.ownerId !== before.owner_id ? 'transfer' : 'update',
    entity: 'customer',
    entityId: id,
    before: customerToJson(before),
    after: customerToJson(row),
  });
  await recordConsentEdit(tx, actor, id, before.consent, patch.consent);
  return row;
}

export async function deleteCustomer(tx: Tx, actor: Actor, id: string, version: number) {
  assertCanWrite(actor);
  const before = await findCustomer(tx, id);
  const result = await tx
    .updateTable('customers')
    .set((eb) => ({ deleted_at: new Date(), version: eb('version', '+', 1) }))
    .where('id', '=', id)
    .where('version', '=', version)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
  if (result.numUpdatedRows === 0n) throw staleVersion();
  await recordAudit(tx, actor, {
    action: 'delete',
    entity: 'customer',
    entityId: id,
    // Only what names no one: a deletion must not copy the person into the audit trail (docs/privacy.md).
    before: { kind: before.kind, type: before.type, ownerId: before.owner_id, version: before.version },
  });
}
