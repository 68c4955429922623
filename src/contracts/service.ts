import { sql } from 'kysely';
import { auditorOf } from '../audit/record.js';
import { findCustomer } from '../customers/repository.js';
import { type Actor, assertCanWrite } from '../customers/service.js';
import type { Tx } from '../db/tenant.js';
import { badRequest, type FieldError } from '../errors.js';
import { staleVersion } from '../http/preconditions.js';
import { refreshReturnDeadlines } from '../ownership/return-deadlines.js';
import { checkReferences } from '../transactions/references.js';
import { type ContractRow, contractToJson, findContract } from './repository.js';
import type { ContractInput, ContractPatch } from './schema.js';

const audit = auditorOf('contract');

/**
 * A business line the workspace does not have is a 400 naming the field, as for transactions; so is a
 * start or an end that, with the stored other one, would make the contract end before it starts.
 */
async function assertValid(
  tx: Tx,
  input: ContractPatch,
  stored?: { startsOn: string; endsOn: string | null },
) {
  const errors: FieldError[] = await checkReferences(tx, [
    { path: 'body', businessLineId: input.businessLineId },
  ]);
  if (stored) {
    const startsOn = input.startsOn ?? stored.startsOn;
    const endsOn = input.endsOn === undefined ? stored.endsOn : input.endsOn;
    if (endsOn !== null && endsOn < startsOn)
      errors.push(
        input.endsOn === undefined
          ? { path: 'body.startsOn', code: 'after_end', message: 'must not be after endsOn' }
          : { path: 'body.endsOn', code: 'before_start', message: 'must not be before startsOn' },
      );
  }
  if (errors.length) throw badRequest(`${errors.length} invalid field(s)`, errors);
}

/** Records a customer's signed contract, in the workspace's currency; a customer out of sight is a 404. */
export async function createContract(
  tx: Tx,
  actor: Actor,
  customerId: string,
  input: ContractInput,
): Promise<ContractRow> {
  assertCanWrite(actor);
  await findCustomer(tx, customerId);
  await assertValid(tx, input);
  const row = await tx
    .insertInto('contracts')
    .values({
      workspace_id: actor.workspaceId,
      customer_id: customerId,
      title: input.title,
      signed_on: input.signedOn,
      starts_on: input.startsOn,
      ends_on: input.endsOn ?? null,
      amount: input.amount ?? null,
      currency: sql<string>`(select currency from workspaces where id = ${actor.workspaceId})`,
      business_line_id: input.businessLineId ?? null,
      note: input.note ?? null,
      created_by: actor.userId,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  await audit(tx, actor, 'create', row.id, { after: contractToJson(row) });
  // A signing restarts the customer's return clocks, and an end sets one.
  await refreshReturnDeadlines(tx, [customerId]);
  return row;
}

export async function updateContract(
  tx: Tx,
  actor: Actor,
  id: string,
  version: number,
  patch: ContractPatch,
): Promise<ContractRow> {
  assertCanWrite(actor);
  const before = await findContract(tx, id);
  await assertValid(tx, patch, { startsOn: before.starts_on, endsOn: before.ends_on });
  const row = await tx
    .updateTable('contracts')
    .set((eb) => ({
      title: patch.title,
      signed_on: patch.signedOn,
      starts_on: patch.startsOn,
      ends_on: patch.endsOn,
      amount: patch.amount,
      business_line_id: patch.businessLineId,
      note: patch.note,
      version: eb('version', '+', 1),
      updated_at: new Date(),
    }))
    .where('id', '=', id)
    .where('version', '=', version)
    .returningAll()
    .executeTakeFirst();
  if (!row) throw staleVersion();
  await audit(tx, actor, 'update', id, { before: contractToJson(before), after: contractToJson(row) });
  await refreshReturnDeadlines(tx, [row.customer_id]);
  return row;
}

/** A hard delete: the audit entry keeps what was removed. */
export async function deleteContract(tx: Tx, actor: Actor, id: string, version: number) {
  assertCanWrite(actor);
  const before = await findContract(tx, id);
  const result = await tx
    .deleteFrom('contracts')
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  if (result.numDeletedRows === 0n) throw staleVersion();
  await audit(tx, actor, 'delete', id, { before: contractToJson(before) });
  await refreshReturnDeadlines(tx, [before.customer_id]);
}
