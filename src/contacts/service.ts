import { sql } from 'kysely';
import { auditorOf } from '../audit/record.js';
import { normaliseEmail, normalisePhones } from '../customers/normalise.js';
import { findCustomer } from '../customers/repository.js';
import { type Actor, assertCanWrite } from '../customers/service.js';
import type { Tx } from '../db/tenant.js';
import { conflict } from '../errors.js';
import { staleVersion } from '../http/preconditions.js';
import { type ContactRow, contactToJson, findContact } from './repository.js';
import type { ContactInput, ContactPatch } from './schema.js';

const audit = auditorOf('contact');

function columns(input: ContactPatch, region: string) {
  return {
    name: input.name,
    title: input.title,
    phones: input.phones && normalisePhones(input.phones, region),
    emails: input.emails && [...new Set(input.emails.map(normaliseEmail))],
    is_primary: input.isPrimary,
  };
}

/**
 * Makes room for a new primary contact. The transaction-scoped lock serialises primary switches of
 * one customer, so two concurrent switches queue instead of one failing on the unique index.
 */
async function clearPrimary(tx: Tx, customerId: string, except?: string) {
  await sql`select pg_advisory_xact_lock(hashtext(${`contacts.primary:${customerId}`}))`.execute(tx);
  await tx
    .updateTable('contacts')
    .set((eb) => ({ is_primary: false, version: eb('version', '+', 1), updated_at: new Date() }))
    .where('customer_id', '=', customerId)
    .where('is_primary', '=', true)
    .$if(except !== undefined, (qb) => qb.where('id', '!=', except as string))
    .execute();
}

export async function createContact(
  tx: Tx,
  actor: Actor,
  customerId: string,
  input: ContactInput,
): Promise<ContactRow> {
  assertCanWrite(actor);
  const customer = await findCustomer(tx, customerId);
  if (customer.kind !== 'organisation') throw conflict('only organisation customers have contacts');
  const values = columns(input, actor.phoneRegion);
  if (input.isPrimary) await clearPrimary(tx, customerId);
  const row = await tx
    .insertInto('contacts')
    .values({ ...values, name: input.name, customer_id: customerId, workspace_id: actor.workspaceId })
    .returningAll()
    .executeTakeFirstOrThrow()
    .then((r) => ({ ...r, customer_owner_id: customer.owner_id }));
  await audit(tx, actor, 'create', row.id, { after: contactToJson(row) });
  return row;
}

export async function updateContact(tx: Tx, actor: Actor, id: string, version: number, patch: ContactPatch) {
  assertCanWrite(actor);
  const before = await findContact(tx, id);
  if (before.version !== version) throw staleVersion();
  const values = columns(patch, actor.phoneRegion);
  if (patch.isPrimary) await clearPrimary(tx, before.customer_id, id);
  const row = await tx
    .updateTable('contacts')
    .set((eb) => ({ ...values, version: eb('version', '+', 1), updated_at: new Date() }))
    .where('id', '=', id)
    .where('version', '=', version)
    .returningAll()
    .executeTakeFirst();
  if (!row) throw staleVersion();
  const after = { ...row, customer_owner_id: before.customer_owner_id };
  await audit(tx, actor, 'update', id, { before: contactToJson(before), after: contactToJson(after) });
  return after;
}

export async function deleteContact(tx: Tx, actor: Actor, id: string, version: number) {
  assertCanWrite(actor);
  const before = await findContact(tx, id);
  const result = await tx
    .deleteFrom('contacts')
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  if (result.numDeletedRows === 0n) throw staleVersion();
  await audit(tx, actor, 'delete', id, { before: contactToJson(before) });
}
