import { isDeepStrictEqual } from 'node:util';
import { sql } from 'kysely';
import { recordAudit } from '../audit/record.js';
import { moveContractsBack } from '../contracts/move-contracts.js';
import { reassignBack } from '../db/reassign.js';
import type { Tx } from '../db/tenant.js';
import { AppError, conflict, notFound } from '../errors.js';
import { customersChanged } from '../scoring/customers-changed.js';
import { moveSurveysBack } from '../surveys/surveys.js';
import { moveTasksBack } from '../tasks/repository.js';
import { moveTicketsBack } from '../tickets/repository.js';
import { MERGERS } from './merge.js';
import { MERGED_FIELDS, type MergedFields } from './merge-fields.js';
import { MERGE_UNDO_DAYS, type MovedRows } from './merge-record.js';
import { type CustomerRow, customerToJson } from './repository.js';
import type { Actor } from './service.js';

/**
 * Takes a merge back, all or nothing, within MERGE_UNDO_DAYS of it, by whoever may merge: the merged
 * customers live again under their own ids; the transactions, interactions, contracts and contacts
 * that moved go back to the customer each came from (rows deleted since stay deleted; the statement triggers
 * recompute the purchase aggregates); contacts regain their primary flag; the ids re-pointed by the
 * merge lead to their customers again. The survivor's merged fields return to what they were, each
 * unless someone changed it after the merge (their change is kept). An owner the survivor inherited
 * stays: it was an ownership change of its own, with its own trail. Everyone involved is re-scored.
 */
export async function undoMerge(tx: Tx, actor: Actor, mergeId: string, now: Date): Promise<CustomerRow[]> {
  if (!MERGERS.includes(actor.role))
    throw new AppError(403, 'forbidden', 'only owners, admins and managers can undo a merge');
  const merge = await tx
    .selectFrom('customer_merges')
    .selectAll()
    .where('id', '=', mergeId)
    .forUpdate()
    .executeTakeFirst();
  if (!merge) throw notFound('merge');
  if (merge.undone_at) throw conflict('this merge was undone already', { reason: 'undone' });
  if (now.getTime() - new Date(merge.merged_at).getTime() > MERGE_UNDO_DAYS * 86_400_000)
    throw conflict(`a merge can be undone for ${MERGE_UNDO_DAYS} days`, { reason: 'expired' });
  const sourceIds = merge.source_ids;
  const parties = await tx
    .selectFrom('customers')
    .selectAll()
    .where(sql<boolean>`id = any(${[merge.survivor_id, ...sourceIds]}::uuid[])`)
    .orderBy('id')
    .forUpdate()
    .execute();
  const survivor = parties.find((c) => c.id === merge.survivor_id);
  if (!survivor || survivor.deleted_at)
    throw conflict('the customer merged into was merged or deleted since: undo that first', {
      reason: 'survivor-gone',
    });
  const aliases = await tx
    .selectFrom('customer_aliases')
    .select(['alias_id', 'customer_id'])
    .where(sql<boolean>`alias_id = any(${sourceIds}::uuid[])`)
    .execute();
  const stillMerged = sourceIds.every((id) => {
    const source = parties.find((c) => c.id === id);
    const alias = aliases.find((a) => a.alias_id === id);
    return source?.deleted_at && !source.erased_at && alias?.customer_id === merge.survivor_id;
  });
  if (!stillMerged) throw conflict('a merged customer was erased or moved since', { reason: 'source-gone' });

  const moved = merge.moved as unknown as MovedRows;
  await reassignBack(tx, 'transactions', merge.survivor_id, moved.transactions);
  await reassignBack(tx, 'interactions', merge.survivor_id, moved.interactions);
  await moveContractsBack(tx, merge.survivor_id, moved.contracts ?? {});
  await moveTasksBack(tx, merge.survivor_id, moved.tasks ?? {});
  await moveTicketsBack(tx, merge.survivor_id, moved.tickets ?? {});
  await moveSurveysBack(tx, merge.survivor_id, moved.surveys ?? {});
  const contacts = Object.fromEntries(Object.entries(moved.contacts).map(([id, c]) => [id, c.from]));
  await reassignBack(tx, 'contacts', merge.survivor_id, contacts);
  const primary = Object.entries(moved.contacts).flatMap(([id, c]) => (c.primary ? [id] : []));
  if (primary.length)
    await tx
      .updateTable('contacts')
      .set({ is_primary: true })
      .where(sql<boolean>`id = any(${primary}::uuid[])`)
      .where(sql<boolean>`customer_id = any(${sourceIds}::uuid[])`)
      .execute();

  // The survivor first gives back an external id it took, which is unique among live customers.
  const restored = await restoreFields(tx, survivor, merge.survivor_before, merge.survivor_after);
  await refuseTakenKeys(tx, sourceIds);
  const revived = await tx
    .updateTable('customers')
    .set((eb) => ({ deleted_at: null, version: eb('version', '+', 1), updated_at: now }))
    .where(sql<boolean>`id = any(${sourceIds}::uuid[])`)
    .returningAll()
    .execute();
  await tx.deleteFrom('customer_aliases').where(sql<boolean>`alias_id = any(${sourceIds}::uuid[])`).execute();
  for (const [sourceId, ids] of Object.entries(merge.aliases as Record<string, string[]>))
    await tx
      .updateTable('customer_aliases')
      .set({ customer_id: sourceId })
      .where(sql<boolean>`alias_id = any(${ids}::uuid[])`)
      .where('customer_id', '=', merge.survivor_id)
      .execute();
  await tx
    .updateTable('customer_merges')
    .set({ undone_at: now, undone_by: actor.userId })
    .where('id', '=', mergeId)
    .execute();
  await customersChanged(tx, actor.workspaceId, [merge.survivor_id, ...sourceIds]);

  await recordAudit(tx, actor, {
    action: 'merge-undo',
    entity: 'customer',
    entityId: survivor.id,
    before: customerToJson(survivor),
    after: { customer: customerToJson(restored), restoredIds: sourceIds, mergeId },
  });
  for (const source of revived)
    await recordAudit(tx, actor, {
      action: 'merge-undo',
      entity: 'customer',
      entityId: source.id,
      before: { mergedInto: survivor.id },
      after: customerToJson(source),
    });
  const order = new Map(sourceIds.map((id, i) => [id, i]));
  return [restored, ...revived.sort((a, b) => order.get(a.id)! - order.get(b.id)!)];
}

/**
 * A merged customer's external id or import key may have been given to another customer since (they
 * are unique among live customers): reviving it then would break that, so the undo is refused.
 */
async function refuseTakenKeys(tx: Tx, sourceIds: string[]) {
  const { rows } = await sql<{ sourceId: string; customerId: string }>`
    select source.id as "sourceId", live.id as "customerId"
    from customers source join customers live on live.deleted_at is null
      and (live.external_id = source.external_id or live.import_key = source.import_key)
    where source.id = any(${sourceIds}::uuid[])
    limit 1`.execute(tx);
  const taken = rows[0];
  if (taken)
    throw conflict("a merged customer's external id is now another customer's", {
      reason: 'key-taken',
      ...taken,
    });
}

/** The survivor's merged fields as before the merge, each that still holds what the merge gave it. */
async function restoreFields(
  tx: Tx,
  survivor: CustomerRow,
  before: Record<string, unknown>,
  after: Record<string, unknown>,
): Promise<CustomerRow> {
  const back: Partial<Record<keyof MergedFields, unknown>> = {};
  for (const field of MERGED_FIELDS)
    if (isDeepStrictEqual(normal(survivor[field]), normal(after[field]))) back[field] = before[field];
  const json = (field: 'custom' | 'consent') => (field in back ? JSON.stringify(back[field]) : undefined);
  return tx
    .updateTable('customers')
    .set((eb) => ({
      ...(back as Partial<MergedFields>),
      custom: json('custom'),
      consent: json('consent'),
      version: eb('version', '+', 1),
      updated_at: new Date(),
    }))
    .where('id', '=', survivor.id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** Dates and JSON read back from the database compare as their JSON. */
const normal = (value: unknown) => JSON.parse(JSON.stringify(value ?? null));
