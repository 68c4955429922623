import { recordAudit } from '../audit/record.js';
import { can } from '../authorization/permissions.js';
import type { Role } from '../db/tables.js';
import type { Tx } from '../db/tenant.js';
import { AppError } from '../errors.js';
import { staleVersion } from '../http/preconditions.js';
import { refreshReturnDeadlines } from '../ownership/return-deadlines.js';
import { assertMayOwnNew, changeOwner, recordNewOwner } from '../ownership/service.js';
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
    consent: input.consent && JSON.stringify(input.consent),
    external_id: input.externalId,
  };
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
  now = new Date(),
): Promise<CustomerRow> {
  assertCanWrite(actor);
  // A rep's new customer is theirs (private pool); others' land in the public pool unless assigned.
  const ownerId = input.ownerId !== undefined ? input.ownerId : actor.role === 'rep' ? actor.userId : null;
  await assertMayOwnNew(tx, actor, ownerId);
  if (allowDuplicate && !ASSIGNERS.includes(actor.role))
    throw new AppError(403, 'forbidden', 'only owners, admins and managers can create duplicates', [
      { path: 'querystring.allowDuplicate', message: 'cannot be set by your role' },
    ]);
  const values = columns(input, actor.phoneRegion);
  await assertNoExactDuplicate(
    tx,
    { phone: values.phones, email: values.emails, externalId: input.externalId },
    allowDuplicate,
  );
  const row = await tx
    .insertInto('customers')
    .values({
      ...values,
      name: input.name,
      owner_id: ownerId,
      owned_since: ownerId ? now : null,
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
  await recordNewOwner(tx, actor, row, now);
  await recordConsentEdit(tx, actor, row.id, {}, input.consent);
  return row;
}

/**
 * A change of owner goes through the ownership domain (claim, assign or release, with its event, audit
 * entry and limits) after the other fields, in the same transaction.
 */
export async function updateCustomer(
  tx: Tx,
  actor: Actor,
  id: string,
  version: number,
  patch: CustomerPatch,
  now = new Date(),
) {
  assertCanWrite(actor);
  const before = await findCustomer(tx, id);
  const { ownerId, ...fields } = patch;
  let row = before;
  if (Object.keys(fields).length > 0) {
    const updated = await tx
      .updateTable('customers')
      .set((eb) => ({
        ...columns(fields, actor.phoneRegion),
        version: eb('version', '+', 1),
        updated_at: now,
      }))
      .where('id', '=', id)
      .where('version', '=', version)
      .where('deleted_at', 'is', null)
      .returningAll()
      .executeTakeFirst();
    if (!updated) throw staleVersion();
    row = updated;
    await recordAudit(tx, actor, {
      action: 'update',
      entity: 'customer',
      entityId: id,
      before: customerToJson(before),
      after: customerToJson(row),
    });
    await recordConsentEdit(tx, actor, id, before.consent, fields.consent);
  } else if (before.version !== version) throw staleVersion();
  return ownerId === undefined ? row : changeOwner(tx, actor, row, ownerId, now);
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
  // A deleted customer does not go back to a pool.
  await refreshReturnDeadlines(tx, [id]);
}
