import { type Kysely, sql } from 'kysely';
import { z } from 'zod';
import { recordAudit } from '../audit/record.js';
import { moveContracts } from '../contracts/move-contracts.js';
import { reassignRows } from '../db/reassign.js';
import type { Role, Tables } from '../db/tables.js';
import type { Tx } from '../db/tenant.js';
import { AppError, conflict, type FieldError, notFound } from '../errors.js';
import { staleVersion } from '../http/preconditions.js';
import { inheritOwner } from '../ownership/service.js';
import { customersChanged, customersRemoved } from '../scoring/customers-changed.js';
import { moveSurveys } from '../surveys/surveys.js';
import { moveTasks } from '../tasks/repository.js';
import { moveTickets } from '../tickets/repository.js';
import { assertReferences } from '../workspaces/references.js';
import { mergedFieldsOf, mergedOwner, mergeFields } from './merge-fields.js';
import { recordMerge } from './merge-record.js';
import { type CustomerRow, customerToJson } from './repository.js';
import type { Actor } from './service.js';

export const mergeInput = z.strictObject({
  /** The customers merged into the one of the URL, which survives. */
  sourceIds: z.array(z.uuid()).min(1).max(100),
});
export type MergeInput = z.infer<typeof mergeInput>;

/** Merging moves one customer's history to another's and retires it: a decision for managers and above. */
export const MERGERS: Role[] = ['owner', 'admin', 'manager'];

/** The customer a merged customer's id now stands for, as a query to run where the caller needs it. */
export const aliasOf = (db: Kysely<Tables>, id: string) =>
  db.selectFrom('customer_aliases').select('customer_id').where('alias_id', '=', id);

/**
 * Merges the sources into the survivor, all or nothing: their transactions, interactions, contracts,
 * tasks, tickets (with their surveys) and contacts move to it (the statement triggers recompute the purchase aggregates of every customer involved);
 * phones, e-mails and tags are joined and empty fields filled (`mergeFields`); the sources' stages
 * and values are forgotten and the survivor's stages replayed with its new history at once; the sources
 * are retired (soft-deleted) and their ids kept as aliases of the survivor; a survivor without an owner
 * inherits the first source's, as an ownership change. One audit entry on the survivor and one on each
 * source.
 */
export async function mergeCustomers(
  tx: Tx,
  actor: Actor,
  survivorId: string,
  version: number,
  { sourceIds }: MergeInput,
  now = new Date(),
): Promise<CustomerRow & { mergeId: string }> {
  const { survivor, sources } = await mergeParties(tx, actor, survivorId, sourceIds, true);
  if (survivor.version !== version) throw staleVersion();
  const ids = sql`${sourceIds}::uuid[]`;

  // Each moved row with the source it came from, so that the merge can be undone (merge-undo.ts).
  const rows = {
    transactions: await reassignRows(tx, 'transactions', survivorId, sourceIds),
    interactions: await reassignRows(tx, 'interactions', survivorId, sourceIds),
    contracts: await moveContracts(tx, survivorId, sourceIds),
    tasks: await moveTasks(tx, survivorId, sourceIds),
    tickets: await moveTickets(tx, survivorId, sourceIds),
    surveys: await moveSurveys(tx, survivorId, sourceIds),
    // The survivor's primary contact stays the one primary contact.
    contacts: Object.fromEntries(
      (
        await sql<{ id: string; from_id: string; primary: boolean }>`
          with moved as (
            select id, customer_id, is_primary from contacts where customer_id = any(${ids}) for update
          )
          update contacts c set customer_id = ${survivorId}, is_primary = false,
            version = c.version + 1, updated_at = now()
          from moved where c.id = moved.id
          returning c.id, moved.customer_id as from_id, moved.is_primary as primary`.execute(tx)
      ).rows.map((r) => [r.id, { from: r.from_id, primary: r.primary }]),
    ),
  };
  const moved = {
    transactions: Object.keys(rows.transactions).length,
    interactions: Object.keys(rows.interactions).length,
    contracts: Object.keys(rows.contracts).length,
    tasks: Object.keys(rows.tasks).length,
    tickets: Object.keys(rows.tickets).length,
    surveys: Object.keys(rows.surveys).length,
    contacts: Object.keys(rows.contacts).length,
  };

  // The sources' stages and values describe customers that no longer exist.
  await customersRemoved(tx, sourceIds);

  await tx
    .updateTable('customers')
    .set((eb) => ({ deleted_at: new Date(), version: eb('version', '+', 1) }))
    .where(sql<boolean>`id = any(${ids})`)
    .execute();
  // Ids merged into a source earlier now lead straight to the survivor.
  const repointed = await tx
    .updateTable('customer_aliases')
    .set({ customer_id: survivorId })
    .from(
      tx
        .selectFrom('customer_aliases as earlier')
        .select(['earlier.alias_id', 'earlier.customer_id as source_id'])
        .where(sql<boolean>`earlier.customer_id = any(${ids})`)
        .as('earlier'),
    )
    .whereRef('customer_aliases.alias_id', '=', 'earlier.alias_id')
    .returning(['customer_aliases.alias_id', 'earlier.source_id'])
    .execute();
  await tx
    .insertInto('customer_aliases')
    .values(
      sourceIds.map((id) => ({ workspace_id: actor.workspaceId, alias_id: id, customer_id: survivorId })),
    )
    .execute();

  const fields = mergeFields(survivor, sources);
  const updated = await tx
    .updateTable('customers')
    .set((eb) => ({
      ...fields,
      custom: JSON.stringify(fields.custom),
      consent: JSON.stringify(fields.consent),
      version: eb('version', '+', 1),
      updated_at: new Date(),
    }))
    .where('id', '=', survivorId)
    .returningAll()
    .executeTakeFirstOrThrow();
  const inherited = mergedOwner(survivor, sources);
  const row = inherited ? await inheritOwner(tx, actor, updated, inherited, now) : updated;
  await customersChanged(tx, actor.workspaceId, [survivorId]);
  const mergeId = await recordMerge(
    tx,
    actor,
    {
      survivorId,
      sourceIds,
      before: mergedFieldsOf(survivor),
      after: fields,
      rows,
      aliases: repointed.map((a) => ({ aliasId: a.alias_id, sourceId: a.source_id })),
    },
    now,
  );

  await recordAudit(tx, actor, {
    action: 'merge',
    entity: 'customer',
    entityId: survivorId,
    before: { customer: customerToJson(survivor), sources: sources.map(customerToJson) },
    after: { customer: customerToJson(row), mergedIds: sourceIds, moved },
  });
  for (const source of sources)
    await recordAudit(tx, actor, {
      action: 'merge',
      entity: 'customer',
      entityId: source.id,
      before: customerToJson(source),
      after: { mergedInto: survivorId },
    });
  return { ...row, mergeId };
}

/**
 * The survivor as a merge would leave it, written nowhere: what the review screen shows before the
 * user confirms. The same checks as the merge, so a preview that answers is a merge that can run.
 */
export async function previewMerge(
  tx: Tx,
  actor: Actor,
  survivorId: string,
  { sourceIds }: MergeInput,
): Promise<CustomerRow> {
  const { survivor, sources } = await mergeParties(tx, actor, survivorId, sourceIds, false);
  const owner = mergedOwner(survivor, sources);
  return { ...survivor, ...mergeFields(survivor, sources), ...(owner ? { owner_id: owner.ownerId } : {}) };
}

/**
 * The customers of a merge, checked: the caller may merge, each source is named once and is not the
 * survivor, and all are live customers of the workspace: one 400 naming every source at fault, and a
 * 404 for the survivor the URL names. Locked (in id order, so that two merges over the same customers
 * wait instead of deadlocking) when the merge is to follow; a source retired between the check and the
 * lock, by a merge running alongside, is a 409.
 */
async function mergeParties(tx: Tx, actor: Actor, survivorId: string, sourceIds: string[], lock: boolean) {
  if (!MERGERS.includes(actor.role))
    throw new AppError(403, 'forbidden', 'only owners, admins and managers can merge customers');
  const errors: FieldError[] = [];
  sourceIds.forEach((id, i) => {
    if (id === survivorId)
      errors.push({ path: `body.sourceIds.${i}`, message: 'is the customer merged into' });
    else if (sourceIds.indexOf(id) !== i)
      errors.push({ path: `body.sourceIds.${i}`, message: 'is listed twice' });
  });
  await assertReferences(
    tx,
    sourceIds.map((id, i) => ({ path: `body.sourceIds.${i}`, kind: 'customer', id })),
    errors,
  );

  const read = tx
    .selectFrom('customers')
    .selectAll()
    .where(sql<boolean>`id = any(${[survivorId, ...sourceIds]}::uuid[])`)
    .where('deleted_at', 'is', null)
    .orderBy('id');
  const rows = await (lock ? read.forUpdate() : read).execute();
  const byId = new Map(rows.map((r) => [r.id, r]));
  const survivor = byId.get(survivorId);
  if (!survivor) throw notFound('customer');
  const gone = sourceIds.find((id) => !byId.has(id));
  if (gone) throw conflict('a customer of the merge was merged or deleted meanwhile', { customerId: gone });
  if (survivor.kind === 'person') {
    const contact = await tx
      .selectFrom('contacts')
      .select('customer_id')
      .where(sql<boolean>`customer_id = any(${sourceIds}::uuid[])`)
      .executeTakeFirst();
    if (contact)
      throw conflict('only organisation customers have contacts: merge into the organisation', {
        customerId: contact.customer_id,
      });
  }
  return { survivor, sources: sourceIds.map((id) => byId.get(id)!) };
}
