import { eraseAuditCopies } from '../audit/erase.js';
import { type AuditActor, recordAudit } from '../audit/record.js';
import { eraseContactsOf } from '../contacts/erase.js';
import { eraseContractNotes } from '../contracts/erase.js';
import { anonymiseCustomers } from '../customers/erase.js';
import type { Tx } from '../db/tenant.js';
import { forgetAnswersNaming } from '../http/idempotency.js';
import { eraseImportCopies } from '../imports/erase.js';
import { eraseInteractionTexts } from '../interactions/erase.js';
import { eraseLifecycleTexts } from '../lifecycle/erase.js';
import { eraseTaskTexts } from '../tasks/erase.js';
import { eraseTicketTexts } from '../tickets/erase.js';
import { eraseConsents } from './consent.js';

export type ErasureReason = 'request' | 'retention';

/** Every value that names one of these customers or their contacts, to find copies of it elsewhere. */
async function personalValues(tx: Tx, ids: string[]): Promise<string[]> {
  const people = await tx
    .selectFrom('customers')
    .select(['name', 'company', 'phones', 'emails', 'external_id'])
    .where('id', 'in', ids)
    .execute();
  const contacts = await tx
    .selectFrom('contacts')
    .select(['name', 'phones', 'emails'])
    .where('customer_id', 'in', ids)
    .execute();
  const values = [
    ...people.flatMap((p) => [p.name, p.company, p.external_id, ...p.phones, ...p.emails]),
    ...contacts.flatMap((c) => [c.name, ...c.phones, ...c.emails]),
  ];
  return [...new Set(values.filter((v): v is string => !!v))];
}

/**
 * Erases one person's personal data everywhere CLM holds it: `ids` are one customer and the customers
 * merged into it. What names no one stays: transactions (amounts, dates, lines) under the anonymous
 * customer, stages, values, counts of interactions. The audit trail keeps who did what and when, and
 * records the erasure itself with no personal data. Answers false when the customer was erased before.
 */
export async function erasePerson(
  tx: Tx,
  actor: AuditActor,
  ids: string[],
  reason: ErasureReason,
): Promise<boolean> {
  const values = await personalValues(tx, ids);
  await eraseContactsOf(tx, ids);
  await eraseInteractionTexts(tx, ids);
  await eraseTaskTexts(tx, ids);
  await eraseTicketTexts(tx, ids);
  await eraseContractNotes(tx, ids);
  await eraseLifecycleTexts(tx, ids);
  await eraseConsents(tx, ids);
  await eraseImportCopies(tx, values);
  await forgetAnswersNaming(tx, ids);
  await eraseAuditCopies(tx, ids);
  const erased = await anonymiseCustomers(tx, ids);
  if (erased.length === 0) return false;
  await recordAudit(tx, actor, {
    action: 'erase',
    entity: 'customer',
    entityId: ids[0] as string,
    after: { reason, records: ids.length },
  });
  return true;
}
