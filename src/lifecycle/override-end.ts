import { formatDay, parseIsoDay } from '../analytics/civil-days.js';
import { recordAudit } from '../audit/record.js';
import { findCustomer } from '../customers/repository.js';
import { type Actor, assertCanWrite } from '../customers/service.js';
import type { Tx } from '../db/tenant.js';
import { conflict } from '../errors.js';
import { todayIn } from './overrides.js';
import { refreshCustomers } from './refresh.js';
import { customerLifecycle } from './repository.js';
import type { LifecycleJson } from './schema.js';
import { loadSettings } from './settings.js';

/**
 * Hands a customer back to the rules: the stage set by hand in force now holds through yesterday,
 * and the customer is placed again as of today, as a refresh would place them. The override stays
 * in the history with its days.
 */
export async function endOverride(
  tx: Tx,
  actor: Actor & { timezone: string },
  customerId: string,
): Promise<LifecycleJson> {
  assertCanWrite(actor);
  await findCustomer(tx, customerId);
  // Locked like a refresh and a new override, so that none of them writes over this return.
  const settings = await loadSettings(tx, actor.workspaceId, true);
  if (settings.last_as_of === null)
    throw conflict('stages were never computed: there is no computed stage to return to');
  const current = await tx
    .selectFrom('customer_lifecycle')
    .select(['stage', 'cause'])
    .where('customer_id', '=', customerId)
    .where('business_line_id', 'is', null)
    .executeTakeFirst();
  const manual = (current?.cause as { type?: string } | undefined)?.type === 'manual';
  const override = await tx
    .selectFrom('lifecycle_overrides')
    .select('id')
    .where('customer_id', '=', customerId)
    .where('ended_on', 'is', null)
    .executeTakeFirst();
  if (!manual || !override) throw conflict('the stage was not set by hand: it is already the computed one');
  const today = todayIn(actor.timezone);
  await tx
    .updateTable('lifecycle_overrides')
    .set({ until: formatDay(parseIsoDay(today) - 1) })
    .where('id', '=', override.id)
    .execute();
  await refreshCustomers(tx, actor.workspaceId, [customerId], today);
  const after = await customerLifecycle(tx, actor.workspaceId, customerId);
  await recordAudit(tx, actor, {
    action: 'override-end',
    entity: 'customer-lifecycle',
    entityId: customerId,
    before: { stage: current?.stage },
    after: { stage: after.stage },
  });
  return after;
}
