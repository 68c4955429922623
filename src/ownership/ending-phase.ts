import type { Tx } from '../db/tenant.js';
import { stagePhases } from '../lifecycle/phases.js';
import { choiceOf, effectiveModel, loadSettings } from '../lifecycle/settings.js';

/**
 * Whether the customer's overall stage is one of decline or termination in the workspace's model:
 * such a release says why the relationship ended (the churn reason).
 */
export async function isEnding(tx: Tx, workspaceId: string, customerId: string): Promise<boolean> {
  const row = await tx
    .selectFrom('customer_lifecycle')
    .select('stage')
    .where('customer_id', '=', customerId)
    .where('business_line_id', 'is', null)
    .executeTakeFirst();
  if (!row) return false;
  const phase = stagePhases(effectiveModel(choiceOf(await loadSettings(tx, workspaceId)))).get(row.stage);
  return phase === 'decline' || phase === 'terminated';
}
