import { sql } from 'kysely';
import { recordAudit } from '../audit/record.js';
import { type Actor, assertCanWrite } from '../customers/service.js';
import { violatedConstraint } from '../db/constraint-violation.js';
import type { Tx } from '../db/tenant.js';
import { badRequest } from '../errors.js';
import { staleVersion } from '../http/preconditions.js';
import { customersChanged } from '../scoring/customers-changed.js';
import { assertExternalIdsFree, externalIdRace } from './external-ids.js';
import { EXTERNAL_ID_KEY, insertTransactions } from './insert.js';
import { checkReferences } from './references.js';
import { findTransaction, type TransactionRow, transactionToJson } from './repository.js';
import type { BulkInput, TransactionInput, TransactionPatch } from './schema.js';

// Each write re-places its customers in their lifecycle stages before the request answers.
export async function createTransaction(tx: Tx, actor: Actor, input: TransactionInput) {
  const [row] = await insertTransactions(tx, actor, [{ ...input, path: 'body' }]);
  await customersChanged(tx, actor.workspaceId, [row.customer_id]);
  return row;
}

export async function createTransactions(tx: Tx, actor: Actor, input: BulkInput) {
  const rows = await insertTransactions(
    tx,
    actor,
    input.transactions.map((t, i) => ({ ...t, path: `body.transactions.${i}` })),
  );
  await customersChanged(
    tx,
    actor.workspaceId,
    rows.map((r) => r.customer_id),
  );
  return rows;
}

// Amounts and dates go to the database as the client wrote them (strings), never through a float.
function columns(patch: TransactionPatch) {
  return {
    customer_id: patch.customerId,
    business_line_id: patch.businessLineId,
    occurred_at: patch.occurredAt === undefined ? undefined : sql<Date>`${patch.occurredAt}::timestamptz`,
    amount: patch.amount,
    margin: patch.margin,
    currency: patch.currency,
    external_id: patch.externalId,
  };
}

export async function updateTransaction(
  tx: Tx,
  actor: Actor,
  id: string,
  version: number,
  patch: TransactionPatch,
): Promise<TransactionRow> {
  assertCanWrite(actor);
  const before = await findTransaction(tx, id);
  const errors = await checkReferences(tx, [{ ...patch, path: 'body' }]);
  if (errors.length) throw badRequest(`${errors.length} invalid field(s)`, errors);
  await assertExternalIdsFree(tx, [{ ...patch, path: 'body' }], id);
  const row = await tx
    .updateTable('transactions')
    .set((eb) => ({ ...columns(patch), version: eb('version', '+', 1), updated_at: new Date() }))
    .where('id', '=', id)
    .where('version', '=', version)
    .returningAll()
    .executeTakeFirst()
    .catch((error: unknown) => {
      throw violatedConstraint(error) === EXTERNAL_ID_KEY ? externalIdRace() : error;
    });
  if (!row) throw staleVersion();
  await customersChanged(tx, actor.workspaceId, [before.customer_id, row.customer_id]);
  await recordAudit(tx, actor, {
    action: 'update',
    entity: 'transaction',
    entityId: id,
    before: transactionToJson(before),
    after: transactionToJson(row),
  });
  return row;
}

/** A hard delete: the audit entry keeps what was removed, amounts included. */
export async function deleteTransaction(tx: Tx, actor: Actor, id: string, version: number) {
  assertCanWrite(actor);
  const before = await findTransaction(tx, id);
  const result = await tx
    .deleteFrom('transactions')
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  if (result.numDeletedRows === 0n) throw staleVersion();
  await customersChanged(tx, actor.workspaceId, [before.customer_id]);
  await recordAudit(tx, actor, {
    action: 'delete',
    entity: 'transaction',
    entityId: id,
    before: transactionToJson(before),
  });
}
