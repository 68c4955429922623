import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { Actor } from '../customers/service.js';
import { assertCanWrite } from '../customers/service.js';
import { violatedConstraint } from '../db/constraint-violation.js';
import type { Tx } from '../db/tenant.js';
import { badRequest } from '../errors.js';
import { assertExternalIdsFree, externalIdRace, repeatedExternalIds } from './external-ids.js';
import { checkReferences } from './references.js';
import type { TransactionRow } from './repository.js';
import type { TransactionInput } from './schema.js';

export const EXTERNAL_ID_KEY = 'transactions_workspace_id_external_id_key';

export interface NewTransaction extends TransactionInput {
  /** Where the row sits in the request body, so that errors name its fields. */
  path: string;
}

/**
 * Writes all rows or none. Every row is checked first and every bad row reported at once; then one
 * INSERT … SELECT FROM unnest(…) writes the lot, so the statement-level trigger refreshes each affected
 * customer's aggregates once and the statement has ten parameters whatever the batch size.
 */
export async function insertTransactions(
  tx: Tx,
  actor: Actor,
  rows: NewTransaction[],
): Promise<TransactionRow[]> {
  assertCanWrite(actor);
  const errors = [...(await checkReferences(tx, rows)), ...repeatedExternalIds(rows)];
  if (errors.length) throw badRequest(`${errors.length} invalid field(s)`, errors);
  await assertExternalIdsFree(tx, rows);
  try {
    return await insertSet(tx, actor.workspaceId, rows);
  } catch (error) {
    if (violatedConstraint(error) === EXTERNAL_ID_KEY) throw externalIdRace();
    throw error;
  }
}

async function insertSet(tx: Tx, workspaceId: string, rows: NewTransaction[]) {
  const column = <T>(pick: (row: NewTransaction) => T) => rows.map(pick);
  // Ids are made here so that the answer lists them in request order.
  const ids = rows.map(() => randomUUID());
  const { rows: inserted } = await sql<TransactionRow>`
    insert into transactions
      (workspace_id, id, customer_id, business_line_id, occurred_at, amount, margin, currency, external_id)
    select ${workspaceId}, u.id, u.customer_id, u.business_line_id, u.occurred_at, u.amount, u.margin,
      coalesce(u.currency, w.currency), u.external_id
    from unnest(
      ${ids}::uuid[], ${column((r) => r.customerId)}::uuid[], ${column((r) => r.businessLineId ?? null)}::uuid[],
      ${column((r) => r.occurredAt)}::timestamptz[], ${column((r) => r.amount)}::numeric[],
      ${column((r) => r.margin ?? null)}::numeric[], ${column((r) => r.currency ?? null)}::text[],
      ${column((r) => r.externalId ?? null)}::text[]
    ) as u(id, customer_id, business_line_id, occurred_at, amount, margin, currency, external_id)
    cross join (select currency from workspaces where id = ${workspaceId}) w
    returning *`.execute(tx);
  const byId = new Map(inserted.map((row) => [row.id, row]));
  return ids.map((id) => byId.get(id)!);
}
